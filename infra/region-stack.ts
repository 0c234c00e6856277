import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { Config } from './config.ts';
import { ApiGatewayAccountLogging } from './constructs/api-gateway-account.ts';
import { BackOfficeApi } from './constructs/backoffice-api.ts';
import { functionLogGroup, type RegionFunctionResources } from './constructs/catalog-function.ts';
import { ClaimWorkflow } from './constructs/claim-workflow.ts';
import { DeadLetters } from './constructs/dead-letters.ts';
import { FollowUpMail } from './constructs/follow-up-mail.ts';
import { PartnerApi } from './constructs/partner-api.ts';
import { PartnerWebhooks } from './constructs/partner-webhooks.ts';
import { RegionOperations } from './constructs/region-operations.ts';
import { RegionalTable } from './constructs/regional-table.ts';
import { staffDirectoryIn } from './constructs/staff-directory.ts';
import { linkSecretName } from './data-stack.ts';

/** The outputs of a region stack, by key. */
export const REGION_OUTPUTS = [
  'PartnerApiUrl',
  'BackofficeApiUrl',
  'PublicPagesUrl',
  'ClaimLifecycleArn',
  'MaintenanceReminderArn',
  'AlarmTopicArn',
] as const;
export type RegionOutput = (typeof REGION_OUTPUTS)[number];

export interface ClaimflowRegionStackProps extends StackProps {
  readonly config: Config;
  /** The global table's copy in this stack's region: `dataStack.globalTableIn(region)`. */
  readonly globalTable: ITableV2;
}

/**
 * Everything one export region runs: its regional table and the claim workflow now; the partner and
 * back-office APIs and the follow-up mail are added here as constructs, wired to `globalTable` and
 * `regionalTable`.
 *
 * No `crossRegionReferences`: the global table's replica is referenced by its fixed name and ARN
 * (see GlobalTable.replicaIn), which needs none of the SSM export writer/reader custom resources,
 * and the app adds an explicit dependency on the data stack for deployment order. Turning the flag
 * on would make the replica's name resolve to a cross-region reference again.
 */
export class ClaimflowRegionStack extends Stack {
  /** The global table's replica in this region; the only copy this region's code writes to. */
  readonly globalTable: ITableV2;
  /** `claimflow-regional`: tokens, idempotency keys, dedupe, outbox. Never replicated. */
  readonly regionalTable: TableV2;
  /** The workflow task functions and the ClaimLifecycle state machine (DESIGN §5). */
  readonly claimWorkflow: ClaimWorkflow;
  /** Partner API v1 (DESIGN §7): REST API, key authorizer, usage plans per tier. */
  readonly partnerApi: PartnerApi;
  /**
   * Back-office API v1 (DESIGN §7): Cognito authorizer on the staff pool of the primary region,
   * found through the staff directory record by name (no cross-region reference).
   */
  readonly backOfficeApi: BackOfficeApi;
  /** Follow-up email (DESIGN §8): SES identity and configuration set, bounce handling, the public pages. */
  readonly followUpMail: FollowUpMail;
  /** The link-signing secret, the data stack's replica in this region (referenced by name). */
  readonly linkSecret: ISecret;
  /** What every asynchronous path of the region could not deliver after its retries. */
  readonly deadLetters: DeadLetters;
  /** The region's alarms (one SNS topic) and dashboard; made last, it watches everything above. */
  readonly operations: RegionOperations;
  /** API Gateway's account CloudWatch role, only when the operator asked claimflow to set it. */
  readonly apiGatewayAccountLogging?: ApiGatewayAccountLogging;
  /** Webhook delivery to partners: the dispatcher and its schedule. */
  readonly partnerWebhooks: PartnerWebhooks;

  constructor(scope: Construct, id: string, props: ClaimflowRegionStackProps) {
    super(scope, id, props);
    if (!props.config.regions.some((r) => r.region === this.region)) {
      throw new Error(
        `ClaimflowRegionStack ${id}: ${this.region} is not one of the configured export regions`,
      );
    }
    this.globalTable = props.globalTable;
    this.regionalTable = new RegionalTable(this, 'RegionalTable', {
      tableName: props.config.tables.regional,
    }).table;
    this.linkSecret = Secret.fromSecretNameV2(this, 'LinkSecret', linkSecretName(props.config));
    this.deadLetters = new DeadLetters(this, 'DeadLetters', { config: props.config });
    const resources: RegionFunctionResources = {
      config: props.config,
      globalTable: this.globalTable,
      regionalTable: this.regionalTable,
      linkSecret: this.linkSecret,
      deadLetters: this.deadLetters.queue,
      functionLogs: functionLogGroup(this, props.config),
    };
    if (props.config.deployment.apiGatewayCloudWatchRole === 'create')
      this.apiGatewayAccountLogging = new ApiGatewayAccountLogging(this, 'ApiGatewayAccountLogging');
    const accountLogging = this.apiGatewayAccountLogging
      ? { accountLogging: this.apiGatewayAccountLogging }
      : {};

    this.claimWorkflow = new ClaimWorkflow(this, 'ClaimWorkflow', { resources });
    this.partnerApi = new PartnerApi(this, 'PartnerApi', { resources, ...accountLogging });
    this.backOfficeApi = new BackOfficeApi(this, 'BackOfficeApi', {
      resources,
      directory: staffDirectoryIn(props.config),
      ...accountLogging,
    });
    this.followUpMail = new FollowUpMail(this, 'FollowUpMail', {
      resources,
      notifyCustomer: this.claimWorkflow.functions.notifyCustomer,
    });
    this.partnerWebhooks = new PartnerWebhooks(this, 'PartnerWebhooks', {
      resources,
    });

    this.operations = new RegionOperations(this, 'Operations', { config: props.config });

    // What `npm run deploy` turns into the deployment's endpoints.json (infra/deploy/endpoints.ts).
    const output = (key: RegionOutput, value: string, description: string) =>
      new CfnOutput(this, key, { value, description });
    output('PartnerApiUrl', this.partnerApi.api.url, 'Partner API v1 (ends in /: <url>v1/claims)');
    output('BackofficeApiUrl', this.backOfficeApi.url, 'Back-office API v1 (<url>backoffice/v1/claims)');
    output('PublicPagesUrl', this.followUpMail.publicUrl, "The customer's pages behind the links in emails");
    output('ClaimLifecycleArn', this.claimWorkflow.stateMachine.stateMachineArn, 'The claim workflow');
    // The region runbook moves closed claims' waiting reminders with their claims (cli/region/).
    output(
      'MaintenanceReminderArn',
      this.claimWorkflow.maintenanceReminder.stateMachineArn,
      'The maintenance reminder workflow',
    );
    output('AlarmTopicArn', this.operations.topic.topicArn, 'Every alarm of the region notifies this topic');
  }
}
