import { fileURLToPath } from 'node:url';
import { ArnFormat, AssetHashType, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { type ILogGroup, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/catalog.ts';
import { formatMarketRegions, MARKETS_ENV } from '../../functions/shared/market-regions.ts';
import {
  type Config,
  claimLifecycleName,
  mailConfigurationSetName,
  maintenanceReminderName,
} from '../config.ts';
import { bundleFunction, FUNCTION_HANDLER } from '../function-bundling.ts';
import { acknowledgeNagFinding, acknowledgeTableIndexWildcard, nagResourceId } from '../nag.ts';

/** The runtime every claimflow function runs on (DESIGN §2); local tests run Node 20 and 22. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

// Operational logs; the claim's audit trail lives in the claim's own events (DESIGN §4).
const LOG_RETENTION = RetentionDays.THREE_MONTHS;

/** Retries of an asynchronous invocation (an event) before it goes to the dead-letter queue. */
const ASYNC_RETRIES = 2;

/** What the functions of one region stack may be granted: made once by the stack, given to every function. */
export interface RegionFunctionResources {
  readonly config: Config;
  /** The global table's replica in this region. */
  readonly globalTable: ITableV2;
  readonly regionalTable: ITableV2;
  /** The secret that signs the links in customer emails (the data stack's, replicated here). */
  readonly linkSecret: ISecret;
  /** Where an event goes when its asynchronous invocation failed every retry (functions of kind `event`). */
  readonly deadLetters: IQueue;
  /**
   * The one log group every function of the region writes to (`functionLogGroup`). Lambda names
   * each stream after its function (`YYYY/MM/DD/<function>[<version>]<id>`) and every line carries
   * `function_name`, so nothing is lost by sharing; a group per function cost ~50 resources of the
   * stack's 500 (CloudFormation's limit).
   */
  readonly functionLogs: ILogGroup;
}

/** The region's log group for its functions' operational logs (the claim's audit trail is in its events). */
export function functionLogGroup(scope: Construct, config: Config): LogGroup {
  return new LogGroup(scope, 'FunctionLogs', {
    logGroupName: `/${config.appName}/functions`,
    retention: LOG_RETENTION,
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

/**
 * A function's code: its entry bundled on this machine by esbuild (synth works offline, without
 * Docker: DESIGN §2). The asset is hashed by its output, so an unchanged bundle is not uploaded again.
 */
function bundledCode(entry: string): Code {
  return Code.fromAsset(repoRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never run: local bundling always succeeds. CDK requires an image and keys its bundle cache
      // on these options, so the command names the entry (one cache entry per function).
      image: DockerImage.fromRegistry('claimflow-local-bundling-only'),
      command: ['esbuild', entry],
      local: {
        tryBundle(outputDir) {
          bundleFunction(`${repoRoot}${entry}`, outputDir);
          return true;
        },
      },
    },
  });
}

export interface CatalogFunctionProps {
  readonly spec: FunctionSpec;
  readonly resources: RegionFunctionResources;
}

/**
 * The one way a claimflow function is made: an entry of `functions/catalog.ts` bundled by
 * `bundleFunction` (ESM with code splitting, infra/function-bundling.ts), on arm64 with X-Ray, the
 * region's log group and the common environment, with its own role granting
 * exactly what the entry `touches`, and, for functions invoked asynchronously (kind `event`), a
 * dead-letter destination. The construct id is the catalog name; the function itself is its
 * `Default` child, which CDK leaves out of logical ids (and workflows/render-asl.ts out of the
 * placeholder names), so the function's logical id is what a function named after its entry gets.
 */
export class CatalogFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: CatalogFunctionProps) {
    super(scope, id);
    const { spec, resources } = props;
    const { config } = resources;
    // Our own role: the default one carries AWSLambdaBasicExecutionRole (logs:* on every log group).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${config.appName} ${spec.name}: what functions/catalog.ts says it touches`,
    });
    const logGroup = resources.functionLogs;
    logGroup.grantWrite(this.role);

    const invokedAsynchronously = spec.kind === 'event';
    this.fn = new LambdaFunction(this, 'Default', {
      functionName: `${config.appName}-${spec.name}`,
      description: spec.description,
      code: bundledCode(spec.entry),
      handler: FUNCTION_HANDLER,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        CLAIMFLOW_TABLE: config.tables.global,
        CLAIMFLOW_REGIONAL_TABLE: config.tables.regional,
        CLAIMFLOW_PRIMARY_REGION: config.primaryRegion,
        CLAIMFLOW_REGIONS: config.regions.map((r) => r.region).join(','),
        [MARKETS_ENV]: formatMarketRegions(config.regions),
        POWERTOOLS_SERVICE_NAME: config.appName,
        POWERTOOLS_METRICS_NAMESPACE: config.appName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      ...(invokedAsynchronously
        ? {
            onFailure: new SqsDestination(resources.deadLetters),
            retryAttempts: ASYNC_RETRIES,
            maxEventAge: Duration.hours(6),
          }
        : {}),
    });
    this.grantTouches(spec, resources);
    acknowledgeNagFinding(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Active X-Ray tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
        'resource-level permissions (Service Authorization Reference, AWS X-Ray): Resource "*" is the only form.',
    );
    acknowledgeNagFinding(
      this.fn,
      'AwsSolutions-L1',
      `Pinned to ${FUNCTION_RUNTIME.name} on purpose: the handlers are tested locally on Node 20 and 22 ` +
        '(DESIGN §2), not on the newer runtime cdk-nag knows; move with that test matrix, not ahead of it.',
    );
  }

  /** Least privilege from the catalog entry's `touches`, every kind of it. */
  private grantTouches(spec: FunctionSpec, resources: RegionFunctionResources): void {
    const { touches } = spec;
    const { config } = resources;
    const stack = Stack.of(this);
    const role = this.role;
    const env = (name: string, value: string) => this.fn.addEnvironment(name, value);
    const grantTable = (table: ITableV2, access: 'read' | 'write') => {
      if (access === 'write') table.grantReadWriteData(role);
      else table.grantReadData(role);
      acknowledgeTableIndexWildcard(role, table);
    };
    const stateMachineArn = (name: string) => stepFunctionsArn(stack, 'stateMachine', name);
    // Fixed names: a function of the workflow is granted on it without referencing the state machine,
    // which references the function (a dependency cycle otherwise).
    const lifecycle = claimLifecycleName(config);
    const lifecycleArn = stateMachineArn(lifecycle);

    if (touches.globalTable) grantTable(resources.globalTable, touches.globalTable);
    if (touches.regionalTable) grantTable(resources.regionalTable, touches.regionalTable);
    // Items homed in another region are written there, in that region's replica (DESIGN §3).
    if (touches.otherRegions)
      for (const replica of otherRegionReplicas(stack, config)) grantTable(replica, 'write');

    if (touches.startsExecutions || touches.stepFunctions || touches.readsExecutions)
      env('CLAIMFLOW_STATE_MACHINE_ARN', lifecycleArn);
    if (touches.startsExecutions)
      role.addToPolicy(
        new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [lifecycleArn] }),
      );
    if (touches.stepFunctions)
      // Answering a task token of this region's claim workflow (what grantTaskResponse grants).
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resources: [lifecycleArn],
        }),
      );
    if (touches.readsExecutions) this.grantExecutionReads(config, lifecycle);

    if (touches.startsReminders) {
      const reminderArn = stateMachineArn(maintenanceReminderName(config));
      role.addToPolicy(
        new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [reminderArn] }),
      );
      env('CLAIMFLOW_MAINTENANCE_STATE_MACHINE_ARN', reminderArn);
    }

    if (touches.email) {
      // The one sending identity and configuration set of this region (FollowUpMail creates both).
      const { mail } = config;
      const configurationSet = mailConfigurationSetName(config);
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [
            stack.formatArn({ service: 'ses', resource: 'identity', resourceName: mail.identity }),
            stack.formatArn({
              service: 'ses',
              resource: 'configuration-set',
              resourceName: configurationSet,
            }),
          ],
          conditions: { StringEquals: { 'ses:FromAddress': mail.fromAddress } },
        }),
      );
      env('CLAIMFLOW_MAIL_FROM', mail.fromAddress);
      env('CLAIMFLOW_SES_CONFIGURATION_SET', configurationSet);
      env('CLAIMFLOW_SURVEY_LINK_DAYS', String(mail.surveyLinkDays));
      env('CLAIMFLOW_LINK_DAYS', String(mail.linkDays));
    }

    if (touches.linkSecret) {
      resources.linkSecret.grantRead(role);
      env('CLAIMFLOW_LINK_SECRET_ARN', resources.linkSecret.secretArn);
    }
  }

  /** Read-only access to the claim workflow in every region: a claim's history is read in its home region. */
  private grantExecutionReads(config: Config, lifecycle: string): void {
    const stack = Stack.of(this);
    const regions = config.regions.map((r) => r.region);
    const executionArn = (region: string) => stepFunctionsArn(stack, 'execution', `${lifecycle}:*`, region);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:GetExecutionHistory'],
        resources: regions.map(executionArn),
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['states:DescribeStateMachine', 'states:ListExecutions'],
        resources: regions.map((region) => stepFunctionsArn(stack, 'stateMachine', lifecycle, region)),
      }),
    );
    for (const region of regions)
      acknowledgeNagFinding(
        this.role,
        `AwsSolutions-IAM5[${nagResourceId(this.role, executionArn(region))}]`,
        `Read-only (DescribeExecution, GetExecutionHistory) on the executions of ${lifecycle} in ${region}: ` +
          'an execution ARN ends in its name (<claimId>-e<epoch>-r<n>), one per claim, so only the state ' +
          'machine part can be fixed.',
      );
  }
}

const stepFunctionsArn = (
  stack: Stack,
  resource: 'stateMachine' | 'execution',
  resourceName: string,
  region = stack.region,
) =>
  stack.formatArn({
    service: 'states',
    region,
    resource,
    resourceName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });

/** The global table's replicas in the other export regions, by fixed name: one import per stack. */
function otherRegionReplicas(stack: Stack, config: Config): ITableV2[] {
  return config.regions
    .map((r) => r.region)
    .filter((region) => region !== stack.region)
    .map((region) => {
      const id = `GlobalTableIn-${region}`;
      const existing = stack.node.tryFindChild(id) as ITableV2 | undefined;
      return (
        existing ??
        TableV2.fromTableAttributes(stack, id, {
          tableArn: stack.formatArn({
            service: 'dynamodb',
            region,
            resource: 'table',
            resourceName: config.tables.global,
          }),
          grantIndexPermissions: true,
        })
      );
    });
}
