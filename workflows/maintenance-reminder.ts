import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { withTaskRetry } from './task-retry.ts';

/**
 * The maintenance reminder (DESIGN §8, issue 5): one email about the next service, a configured
 * time after the repair. Its own small Standard state machine, started by CloseClaim with
 * `{ claimId, epoch, remindAt }`: a Wait until `remindAt`, then notify-customer with the
 * `maintenance-reminder` template (once only, consent and suppressions checked at that moment).
 *
 * Why a state machine and not an EventBridge Scheduler one-time schedule: the claim's workflow
 * ends when the claim is CLOSED, and a waiting Standard execution costs nothing until it moves;
 * the local Step Functions service already runs, persists and resumes Waits across restarts, so
 * the same ASL runs in AWS and on a laptop with no second mechanism to emulate. A Standard
 * execution lasts at most a year, which is why the configured delay is capped at 365 days.
 */

export const MAINTENANCE_REMINDER_STATES = {
  waitUntilDue: 'WaitUntilDue',
  sendMaintenanceReminder: 'SendMaintenanceReminder',
  reminded: 'Reminded',
} as const;

export const MAINTENANCE_REMINDER_TEMPLATE = 'maintenance-reminder';

export interface MaintenanceReminderProps {
  /** notify-customer; its construct id should be its catalog name (workflows/render-asl.ts). */
  readonly notifyCustomer: lambda.IFunction;
  readonly taskTimeoutSeconds: number;
  readonly stateMachineName?: string;
  readonly logs?: sfn.LogOptions;
  readonly tracingEnabled?: boolean;
}

const S = MAINTENANCE_REMINDER_STATES;

export class MaintenanceReminder extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: MaintenanceReminderProps) {
    super(scope, id);
    const reminded = sfn.Succeed.jsonPath(this, S.reminded);
    const send = tasks.LambdaInvoke.jsonPath(this, S.sendMaintenanceReminder, {
      lambdaFunction: props.notifyCustomer,
      payload: sfn.TaskInput.fromObject({
        claimId: sfn.JsonPath.stringAt('$.claimId'),
        epoch: sfn.JsonPath.numberAt('$.epoch'),
        template: MAINTENANCE_REMINDER_TEMPLATE,
      }),
      taskTimeout: sfn.Timeout.duration(Duration.seconds(props.taskTimeoutSeconds)),
      resultSelector: { 'sent.$': '$.Payload.sent' },
      resultPath: '$.reminder',
    });
    // notify-customer is idempotent (once-only record), so a failed attempt is simply tried again.
    withTaskRetry(send);
    // A reminder that cannot be sent is not worth failing anything for.
    send.addCatch(reminded, { errors: [sfn.Errors.ALL], resultPath: '$.reminderError' });
    // Sent: the execution ends in the task (a Succeed state after it would be one more transition
    // per claim, issue 18); Reminded is where a reminder that could not be sent ends.
    const wait = sfn.Wait.jsonPath(this, S.waitUntilDue, {
      time: sfn.WaitTime.timestampPath('$.remindAt'),
    }).next(send);

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      ...(props.stateMachineName ? { stateMachineName: props.stateMachineName } : {}),
      ...(props.logs ? { logs: props.logs } : {}),
      ...(props.tracingEnabled !== undefined ? { tracingEnabled: props.tracingEnabled } : {}),
      comment:
        'claimflow MaintenanceReminder: one reminder of the next service, a configured time after the repair',
      definitionBody: sfn.DefinitionBody.fromChainable(wait),
    });
  }
}
