import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { LogLevel, type StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type FunctionSpec, functionCatalog, workflowTasks } from '../../functions/catalog.ts';
import { ClaimLifecycle, type WorkflowTaskKey } from '../../workflows/claim-lifecycle.ts';
import { MaintenanceReminder } from '../../workflows/maintenance-reminder.ts';
import { type Config, mailConfigurationSetName } from '../config.ts';
import { acknowledgeNagFinding, acknowledgeTableIndexWildcard, nagResourceId } from '../nag.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The runtime every claimflow function runs on (DESIGN §2); local tests run Node 20 and 22. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;

// Bundled CommonJS dependencies call require() for Node built-ins, which an ES module does not have.
const ESM_REQUIRE_BANNER =
  "import { createRequire as claimflowCreateRequire } from 'node:module'; " +
  'const require = claimflowCreateRequire(import.meta.url);';

// Operational logs; the claim's audit trail lives in the claim's own events (DESIGN §4).
const LOG_RETENTION = RetentionDays.THREE_MONTHS;

export interface ClaimWorkflowProps {
  readonly config: Config;
  /** The global table's replica in this region. */
  readonly globalTable: ITableV2;
  readonly regionalTable: ITableV2;
  /** The secret that signs the links in customer emails (the data stack's, replicated to every region). */
  readonly linkSecret: ISecret;
}

/**
 * The claim workflow of one export region: a NodejsFunction per workflow task of
 * functions/catalog.ts (construct id = catalog `name`, which workflows/render-asl.ts relies on),
 * each with a role granting only what its entry `touches`, and the ClaimLifecycle state machine.
 */
export class ClaimWorkflow extends Construct {
  readonly functions: Record<WorkflowTaskKey, NodejsFunction>;
  readonly lifecycle: ClaimLifecycle;
  readonly stateMachine: StateMachine;
  readonly stateMachineName: string;
  /** One maintenance reminder per closed claim: a Wait, then notify-customer (DESIGN §8). */
  readonly maintenanceReminder: StateMachine;

  private readonly props: ClaimWorkflowProps;
  private readonly stateMachineArn: string;
  private readonly reminderArn: string;
  private readonly otherRegionReplicas: ITableV2[];

  constructor(scope: Construct, id: string, props: ClaimWorkflowProps) {
    super(scope, id);
    this.props = props;
    const { config } = props;
    const stack = Stack.of(this);

    // A fixed name gives an ARN the functions can be granted on without referencing the state
    // machine, which references them: a dependency cycle otherwise.
    this.stateMachineName = `${config.appName}-claim-lifecycle`;
    this.stateMachineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: this.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.reminderArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: `${config.appName}-maintenance-reminder`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // Only allocate-parts, settle-claim and release-reservations (touches.otherRegions) get these.
    this.otherRegionReplicas = config.regions
      .map((r) => r.region)
      .filter((region) => region !== stack.region)
      .map((region) =>
        TableV2.fromTableAttributes(this, `GlobalTableIn-${region}`, {
          tableArn: stack.formatArn({
            service: 'dynamodb',
            region,
            resource: 'table',
            resourceName: config.tables.global,
          }),
          grantIndexPermissions: true,
        }),
      );

    this.functions = this.buildFunctions();

    const logGroup = new LogGroup(this, 'StateMachineLogs', {
      // The /aws/vendedlogs/ prefix keeps Step Functions from growing the account's log resource policy.
      logGroupName: `/aws/vendedlogs/states/${this.stateMachineName}`,
      retention: LOG_RETENTION,
      // A fixed name would block redeploying a deleted stack if the group were retained.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.lifecycle = new ClaimLifecycle(this, 'ClaimLifecycle', {
      functions: this.functions,
      timing: config.workflow,
      stateMachineName: this.stateMachineName,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    this.stateMachine = this.lifecycle.stateMachine;
    this.acknowledgeStateMachineFindings(this.stateMachine.role, Object.values(this.functions));

    const reminderLogs = new LogGroup(this, 'MaintenanceReminderLogs', {
      logGroupName: `/aws/vendedlogs/states/${config.appName}-maintenance-reminder`,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.maintenanceReminder = new MaintenanceReminder(this, 'MaintenanceReminder', {
      notifyCustomer: this.functions.notifyCustomer,
      taskTimeoutSeconds: config.workflow.taskTimeoutSeconds,
      stateMachineName: `${config.appName}-maintenance-reminder`,
      logs: { destination: reminderLogs, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    }).stateMachine;
    this.acknowledgeStateMachineFindings(this.maintenanceReminder.role, [this.functions.notifyCustomer]);
  }

  private buildFunctions(): Record<WorkflowTaskKey, NodejsFunction> {
    const keyOf = new Map(Object.entries(workflowTasks).map(([key, spec]) => [spec.name, key]));
    const built: Partial<Record<WorkflowTaskKey, NodejsFunction>> = {};
    for (const spec of functionCatalog.filter((f) => f.kind === 'workflow-task')) {
      const key = keyOf.get(spec.name) as WorkflowTaskKey | undefined;
      if (!key)
        throw new Error(`${spec.name} is a workflow task in functions/catalog.ts but not in workflowTasks`);
      built[key] = this.buildFunction(spec);
    }
    const missing = Object.keys(workflowTasks).filter((key) => !built[key as WorkflowTaskKey]);
    if (missing.length > 0) throw new Error(`workflow tasks without a function: ${missing.join(', ')}`);
    return built as Record<WorkflowTaskKey, NodejsFunction>;
  }

  private buildFunction(spec: FunctionSpec): NodejsFunction {
    const { config } = this.props;
    // Our own role: the default one carries the AWSLambdaBasicExecutionRole managed policy (logs:* on
    // every log group of the account).
    const role = new iam.Role(this, `${spec.name}-role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${config.appName} ${spec.name}: what functions/catalog.ts says it touches`,
    });
    const logGroup = new LogGroup(this, `${spec.name}-logs`, {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logGroup.grantWrite(role);

    const fn = new NodejsFunction(this, spec.name, {
      functionName: `${config.appName}-${spec.name}`,
      description: spec.description,
      entry: `${repoRoot}${spec.entry}`,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role,
      logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        CLAIMFLOW_TABLE: config.tables.global,
        CLAIMFLOW_REGIONAL_TABLE: config.tables.regional,
        CLAIMFLOW_PRIMARY_REGION: config.primaryRegion,
        CLAIMFLOW_REGIONS: config.regions.map((r) => r.region).join(','),
        POWERTOOLS_SERVICE_NAME: config.appName,
        POWERTOOLS_METRICS_NAMESPACE: config.appName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        // CDK also sets NODE_OPTIONS=--enable-source-maps.
        sourceMap: true,
        sourcesContent: false,
        // Local esbuild only: synth must work offline, without Docker (DESIGN §2).
        forceDockerBundling: false,
      },
    });
    this.grantTouches(spec, role, fn);
    acknowledgeNagFinding(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'Active X-Ray tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
        'resource-level permissions (Service Authorization Reference, AWS X-Ray): Resource "*" is the only form.',
    );
    acknowledgeNagFinding(
      fn,
      'AwsSolutions-L1',
      `Pinned to ${FUNCTION_RUNTIME.name} on purpose: the handlers are tested locally on Node 20 and 22 ` +
        '(DESIGN §2), not on the newer runtime cdk-nag knows; move with that test matrix, not ahead of it.',
    );
    return fn;
  }

  /** Least privilege from the catalog entry's `touches`. */
  private grantTouches(spec: FunctionSpec, role: iam.Role, fn: NodejsFunction): void {
    const { globalTable, regionalTable } = this.props;
    const { touches } = spec;
    const stack = Stack.of(this);

    const grantTable = (table: ITableV2, access: 'read' | 'write') => {
      if (access === 'write') table.grantReadWriteData(role);
      else table.grantReadData(role);
      acknowledgeTableIndexWildcard(role, table);
    };
    if (touches.globalTable) grantTable(globalTable, touches.globalTable);
    if (touches.regionalTable) grantTable(regionalTable, touches.regionalTable);
    // Stock and bookings homed in another region are written there, in that region's replica (DESIGN §3).
    if (touches.otherRegions) for (const replica of this.otherRegionReplicas) grantTable(replica, 'write');

    if (touches.email) {
      // The one sending identity and configuration set of this region (FollowUpMail creates both).
      const { mail } = this.props.config;
      const configurationSet = mailConfigurationSetName(this.props.config);
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
      fn.addEnvironment('CLAIMFLOW_MAIL_FROM', mail.fromAddress);
      fn.addEnvironment('CLAIMFLOW_SES_CONFIGURATION_SET', configurationSet);
      fn.addEnvironment('CLAIMFLOW_SURVEY_LINK_DAYS', String(mail.surveyLinkDays));
      fn.addEnvironment('CLAIMFLOW_LINK_DAYS', String(mail.linkDays));
    }

    if (touches.linkSecret) {
      this.props.linkSecret.grantRead(role);
      fn.addEnvironment('CLAIMFLOW_LINK_SECRET_ARN', this.props.linkSecret.secretArn);
    }

    if (touches.startsReminders) {
      role.addToPolicy(
        new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [this.reminderArn] }),
      );
      fn.addEnvironment('CLAIMFLOW_MAINTENANCE_STATE_MACHINE_ARN', this.reminderArn);
    }

    if (touches.stepFunctions) {
      // Answering a task token of this region's claim workflow (what grantTaskResponse grants).
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resources: [this.stateMachineArn],
        }),
      );
    }
  }

  private acknowledgeStateMachineFindings(role: iam.IRole, functions: NodejsFunction[]): void {
    acknowledgeNagFinding(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'Added by CDK for the state machine: CloudWatch Logs vended-log delivery (logs:CreateLogDelivery, ' +
        'logs:PutResourcePolicy, …) and X-Ray (xray:PutTraceSegments, …) support no resource-level ' +
        'permissions, so logging level ALL and tracing need Resource "*".',
    );
    for (const fn of functions) {
      acknowledgeNagFinding(
        role,
        `AwsSolutions-IAM5[${nagResourceId(role, `${fn.functionArn}:*`)}]`,
        `lambda:InvokeFunction on the versions and aliases of ${fn.node.id} only (CDK's LambdaInvoke ` +
          'grant): the function ARN with the ":*" qualifier wildcard, never another function.',
      );
    }
  }
}
