import { RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LogLevel, type StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { functionCatalog, workflowTasks } from '../../functions/catalog.ts';
import { ClaimLifecycle, type WorkflowTaskKey } from '../../workflows/claim-lifecycle.ts';
import { MaintenanceReminder } from '../../workflows/maintenance-reminder.ts';
import { claimLifecycleName, maintenanceReminderName } from '../config.ts';
import { acknowledgeNagFinding, nagResourceId } from '../nag.ts';
import { CatalogFunction, type RegionFunctionResources } from './catalog-function.ts';

// Operational logs; the claim's audit trail lives in the claim's own events (DESIGN §4).
const LOG_RETENTION = RetentionDays.THREE_MONTHS;

/**
 * What the state machines log: every state transition (cdk-nag SF1), never the states' input and
 * output, which carry customers' names, emails and phone numbers.
 */
const STATE_MACHINE_LOG_LEVEL = { level: LogLevel.ALL, includeExecutionData: false } as const;

export interface ClaimWorkflowProps {
  /** The tables, secret and dead-letter queue of this region, for the task functions' grants. */
  readonly resources: RegionFunctionResources;
}

/**
 * The claim workflow of one export region: a function per workflow task of
 * functions/catalog.ts (construct id = catalog `name`, which workflows/render-asl.ts relies on),
 * each with a role granting only what its entry `touches`, and the ClaimLifecycle state machine.
 */
export class ClaimWorkflow extends Construct {
  readonly functions: Record<WorkflowTaskKey, LambdaFunction>;
  readonly lifecycle: ClaimLifecycle;
  readonly stateMachine: StateMachine;
  readonly stateMachineName: string;
  /** One maintenance reminder per closed claim: a Wait, then notify-customer (DESIGN §8). */
  readonly maintenanceReminder: StateMachine;

  constructor(scope: Construct, id: string, props: ClaimWorkflowProps) {
    super(scope, id);
    const { config } = props.resources;
    this.stateMachineName = claimLifecycleName(config);
    const reminderName = maintenanceReminderName(config);

    this.functions = this.buildFunctions(props.resources);

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
      logs: { destination: logGroup, ...STATE_MACHINE_LOG_LEVEL },
      tracingEnabled: true,
    });
    this.stateMachine = this.lifecycle.stateMachine;
    this.acknowledgeStateMachineFindings(this.stateMachine.role, Object.values(this.functions));

    const reminderLogs = new LogGroup(this, 'MaintenanceReminderLogs', {
      logGroupName: `/aws/vendedlogs/states/${reminderName}`,
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.maintenanceReminder = new MaintenanceReminder(this, 'MaintenanceReminder', {
      notifyCustomer: this.functions.notifyCustomer,
      taskTimeoutSeconds: config.workflow.taskTimeoutSeconds,
      stateMachineName: reminderName,
      logs: { destination: reminderLogs, ...STATE_MACHINE_LOG_LEVEL },
      tracingEnabled: true,
    }).stateMachine;
    this.acknowledgeStateMachineFindings(this.maintenanceReminder.role, [this.functions.notifyCustomer]);
  }

  /** A CatalogFunction per workflow task of functions/catalog.ts (construct id = catalog name). */
  private buildFunctions(resources: RegionFunctionResources): Record<WorkflowTaskKey, LambdaFunction> {
    const keyOf = new Map(Object.entries(workflowTasks).map(([key, spec]) => [spec.name, key]));
    const built: Partial<Record<WorkflowTaskKey, LambdaFunction>> = {};
    for (const spec of functionCatalog.filter((f) => f.kind === 'workflow-task')) {
      const key = keyOf.get(spec.name) as WorkflowTaskKey | undefined;
      if (!key)
        throw new Error(`${spec.name} is a workflow task in functions/catalog.ts but not in workflowTasks`);
      built[key] = new CatalogFunction(this, spec.name, { spec, resources }).fn;
    }
    const missing = Object.keys(workflowTasks).filter((key) => !built[key as WorkflowTaskKey]);
    if (missing.length > 0) throw new Error(`workflow tasks without a function: ${missing.join(', ')}`);
    return built as Record<WorkflowTaskKey, LambdaFunction>;
  }

  private acknowledgeStateMachineFindings(role: iam.IRole, functions: LambdaFunction[]): void {
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
        `lambda:InvokeFunction on the versions and aliases of ${fn.node.scope?.node.id} only (CDK's ` +
          'LambdaInvoke grant): the function ARN with the ":*" qualifier wildcard, never another function.',
      );
    }
  }
}
