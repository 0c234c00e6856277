import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  CLAIM_CANCELLED_ERROR,
  CLAIM_FAILED_ERROR,
  CLAIM_LIFECYCLE_STATES,
  CLAIM_LIFECYCLE_TASKS,
  type ClaimLifecycleTiming,
  COMPENSATION_FAILED_ERROR,
  NOTIFY_TEMPLATES,
  type TASK_TOKEN_STATES,
  type WorkflowTaskKey,
} from './claim-lifecycle-states.ts';
import { CLAIM_FENCED_ERROR, withTaskRetry } from './task-retry.ts';

/**
 * The claim workflow of DESIGN §5 as CDK chainables: one Standard state machine per export region.
 *
 * Constraints of the local engine (DESIGN §2): JSONPath only (no JSONata, no `Assign`, no
 * distributed Map) and an explicit TimeoutSeconds on every Task state. State names are a contract:
 * the local Step Functions service keys its per-state overrides by them and the back-office console
 * draws the graph from them.
 *
 * Execution input: `{ "claimId": "CLM-…", "epoch": 1 }`. Every task gets `{ claimId, epoch, … }` and
 * its result, when the workflow needs one, lands under a named key; the state never holds the claim.
 */

export * from './claim-lifecycle-states.ts';

const S = CLAIM_LIFECYCLE_STATES;

export interface ClaimLifecycleProps {
  /** One function per catalog workflow task; the construct id of each should be its catalog `name`. */
  readonly functions: Record<WorkflowTaskKey, lambda.IFunction>;
  readonly timing: ClaimLifecycleTiming;
  readonly stateMachineName?: string;
  readonly logs?: sfn.LogOptions;
  readonly tracingEnabled?: boolean;
}

type Payload = Record<string, unknown>;

interface InvokeOptions {
  readonly payload?: Payload;
  /** Fields picked from the Lambda's response Payload; with `resultPath`, where they go. */
  readonly result?: { readonly path: string; readonly fields: Record<string, string> };
}

interface TokenOptions {
  readonly payload: Payload;
  readonly timeoutSeconds: number;
  /** Where the SendTaskSuccess output goes; omitted: discarded. */
  readonly resultPath?: string;
  readonly resultSelector?: Record<string, string>;
}

const ALL = [sfn.Errors.ALL];
const TIMEOUT = [sfn.Errors.TIMEOUT];
const FENCED = { errors: [CLAIM_FENCED_ERROR], resultPath: '$.fenced' };

export class ClaimLifecycle extends Construct {
  readonly stateMachine: sfn.StateMachine;
  private readonly functions: Record<WorkflowTaskKey, lambda.IFunction>;
  private readonly timing: ClaimLifecycleTiming;
  private handedOverState: sfn.Succeed | undefined;

  constructor(scope: Construct, id: string, props: ClaimLifecycleProps) {
    super(scope, id);
    this.functions = props.functions;
    this.timing = props.timing;

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      ...(props.stateMachineName ? { stateMachineName: props.stateMachineName } : {}),
      ...(props.logs ? { logs: props.logs } : {}),
      ...(props.tracingEnabled !== undefined ? { tracingEnabled: props.tracingEnabled } : {}),
      comment: 'claimflow ClaimLifecycle (DESIGN §5): one execution per claim and epoch',
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition()),
    });
  }

  private definition(): sfn.IChainable {
    const t = this.timing;

    // Failure ends. Before anything is reserved a failure goes straight to ClaimFailed; after, through
    // Compensate, which releases the parts and the technician slot (DESIGN §5).
    const claimFailedEnd = sfn.Fail.jsonPath(this, S.claimFailed, {
      error: CLAIM_FAILED_ERROR,
      cause: 'The claim workflow failed; the failed state and its error are in the execution history',
    });
    // The customer hears that the claim ended (cancelled or failed) before the execution fails.
    const claimFailed = this.notify(S.notifyClaimEnded, claimFailedEnd, {
      error: sfn.JsonPath.objectAt('$.error'),
    });
    const compensationFailed = sfn.Fail.jsonPath(this, S.compensationFailed, {
      error: COMPENSATION_FAILED_ERROR,
      cause: 'Releasing the reservations of a failed claim failed; reservations may remain',
    });
    const compensate = this.invoke(S.compensate, { payload: { error: sfn.JsonPath.objectAt('$.error') } })
      .addCatch(compensationFailed, { errors: ALL, resultPath: '$.compensationError' })
      .next(claimFailed);
    // Every failure catcher keeps the error at $.error: Compensate passes it on, the history shows it.
    const failure = { errors: ALL, resultPath: '$.error' };

    // Follow-up: the survey's reminder, close.
    // CloseClaim also starts the MaintenanceReminder workflow (workflows/maintenance-reminder.ts).
    const closeClaim = this.invoke(S.closeClaim, {
      payload: { maintenanceReminderAfterSeconds: t.maintenanceReminderAfterSeconds },
    })
      // After the repair and the survey a failure to close is ours: the customer is not told.
      // The execution ends in this task: a Succeed state after it would be one more transition per
      // claim, billed and telling nothing (issue 18).
      .addCatch(claimFailedEnd, failure);
    const remindSurvey = this.notify(S.remindSurvey, closeClaim);
    const waitForSurveyAnswer = sfn.Wait.jsonPath(this, S.waitForSurveyAnswer, {
      time: sfn.WaitTime.duration(Duration.seconds(t.surveyReminderAfterSeconds)),
    }).next(remindSurvey);
    // The repair-done email asks the survey question itself (issue 18: one email and two states
    // fewer than a survey of its own days later); its reminder, a week on, asks once more.
    const notifyCompletion = this.notify(S.notifyCompletion, waitForSurveyAnswer);

    // Repair done: recorded and settled in one task and one write of the claim (issue 18).
    const settleClaim = this.invoke(S.settleClaim, {
      payload: { completion: sfn.JsonPath.objectAt('$.completion') },
    })
      .addCatch(compensate, failure)
      .next(notifyCompletion);

    // Waiting for the partner's completion call, with reminders, then one last long wait.
    const completion = { resultPath: '$.completion' };
    const awaitRepairFinal = this.awaitToken(S.awaitRepairFinal, {
      payload: { final: true },
      timeoutSeconds: t.repairFinalTimeoutSeconds,
      ...completion,
    })
      // States.Timeout included: a repair never reported within the last wait releases everything.
      .addCatch(compensate, failure)
      .next(settleClaim);
    const remindRepair = this.invoke(S.remindRepair, {
      result: { path: '$.repairReminders', fields: { reminders: '$.Payload.reminders' } },
    }).addCatch(compensate, failure);
    const awaitRepair = this.awaitToken(S.awaitRepair, {
      payload: { final: false },
      timeoutSeconds: t.repairReminderAfterSeconds,
      ...completion,
    })
      .addCatch(remindRepair, { errors: TIMEOUT, resultPath: sfn.JsonPath.DISCARD })
      .addCatch(compensate, failure)
      .next(settleClaim);
    remindRepair.next(
      sfn.Choice.jsonPath(this, S.moreRepairReminders)
        .when(sfn.Condition.numberLessThan('$.repairReminders.reminders', t.repairReminders), awaitRepair)
        .otherwise(awaitRepairFinal),
    );
    const notifyAppointment = this.notify(S.notifyAppointment, awaitRepair);

    // Parts first; a backorder waits for restock and tries again. The technician is booked only
    // then, for no earlier than the parts reach the centre: a backordered claim holds no slot for
    // weeks, and its appointment is never a time already past (issue 16). The booking and SCHEDULED
    // are one task and one write of the claim (issue 18: a state and a claim write fewer per claim).
    const assignTechnician = this.invoke(S.assignTechnician)
      .addCatch(compensate, failure)
      .next(notifyAppointment);
    const allocateParts = this.invoke(S.allocateParts, {
      result: { path: '$.parts', fields: { backordered: '$.Payload.backordered' } },
    }).addCatch(compensate, failure);
    const awaitRestock = this.awaitToken(S.awaitRestock, {
      payload: {},
      timeoutSeconds: t.restockTimeoutSeconds,
    })
      .addCatch(compensate, failure)
      .next(allocateParts);
    // Once per claim (the email's once-only record), however often the wait starts again.
    const notifyWaitingForParts = this.notify(S.notifyWaitingForParts, awaitRestock);
    allocateParts.next(
      sfn.Choice.jsonPath(this, S.partsBackordered)
        .when(sfn.Condition.booleanEquals('$.parts.backordered', true), notifyWaitingForParts)
        .otherwise(assignTechnician),
    );

    // Decision and review. An approval has no email of its own: the appointment's or the wait for
    // parts' email, seconds later, says both (issue 16), so an approval goes straight to the parts.
    const notifyRejection = this.notify(S.notifyRejection, sfn.Succeed.jsonPath(this, S.claimRejected));
    const review = { resultPath: '$.review', resultSelector: { outcome: '$.outcome' } };
    const routeReview = sfn.Choice.jsonPath(this, S.routeReview)
      .when(sfn.Condition.stringEquals('$.review.outcome', 'APPROVED'), allocateParts)
      .when(sfn.Condition.stringEquals('$.review.outcome', 'REJECTED'), notifyRejection)
      .otherwise(claimFailed);
    // Escalated once to a manager, reminded at most weekly for `reviewReminders` weeks, then the
    // claim waits (overdue in the back office) in one long state: no transitions while nobody answers.
    const awaitReviewOverdue = this.awaitToken(S.awaitReviewOverdue, {
      payload: { escalated: true },
      timeoutSeconds: t.reviewOverdueTimeoutSeconds,
      ...review,
    })
      .addCatch(claimFailed, failure)
      .next(routeReview);
    const awaitManagerReview = this.awaitToken(S.awaitManagerReview, {
      payload: { escalated: true },
      timeoutSeconds: t.managerReviewTimeoutSeconds,
      ...review,
    });
    const reminders = { path: '$.reviewReminders', fields: { reminders: '$.Payload.reminders' } };
    const remindReview = this.invoke(S.remindReview, {
      payload: { remindersBefore: sfn.JsonPath.numberAt('$.reviewReminders.reminders') },
      result: reminders,
    }).addCatch(claimFailed, failure);
    remindReview.next(
      sfn.Choice.jsonPath(this, S.moreReviewReminders)
        .when(
          sfn.Condition.numberLessThan('$.reviewReminders.reminders', t.reviewReminders),
          awaitManagerReview,
        )
        .otherwise(awaitReviewOverdue),
    );
    const escalateReview = this.invoke(S.escalateReview, { result: reminders })
      .addCatch(claimFailed, failure)
      .next(awaitManagerReview);
    awaitManagerReview
      .addCatch(remindReview, { errors: TIMEOUT, resultPath: sfn.JsonPath.DISCARD })
      .addCatch(claimFailed, failure)
      .next(routeReview);
    const awaitReview = this.awaitToken(S.awaitReview, {
      payload: { escalated: false },
      timeoutSeconds: t.reviewTimeoutSeconds,
      ...review,
    })
      .addCatch(escalateReview, { errors: TIMEOUT, resultPath: sfn.JsonPath.DISCARD })
      .addCatch(claimFailed, failure)
      .next(routeReview);

    // Only a claim that waits for a person is told first that it arrived: an approved or rejected
    // claim's first email, seconds after filing, says that it arrived and what was decided (issue 18:
    // one email and one state fewer on most claims).
    const notifyReceived = this.notify(S.notifyReceived, awaitReview);
    const routeDecision = sfn.Choice.jsonPath(this, S.routeDecision)
      .when(sfn.Condition.stringEquals('$.decision.outcome', 'APPROVED'), allocateParts)
      .when(sfn.Condition.stringEquals('$.decision.outcome', 'IN_REVIEW'), notifyReceived)
      .when(sfn.Condition.stringEquals('$.decision.outcome', 'REJECTED'), notifyRejection)
      .otherwise(claimFailed);
    // Coverage and the decision are one task and one write of the claim (issue 18).
    return this.invoke(S.adjudicate, {
      result: { path: '$.decision', fields: { outcome: '$.Payload.outcome' } },
    })
      .addCatch(claimFailed, failure)
      .next(routeDecision);
  }

  /** A plain request/response Lambda task: `{ claimId, epoch, …payload }`, result discarded unless picked. */
  private invoke(stateName: keyof typeof CLAIM_LIFECYCLE_TASKS, options: InvokeOptions = {}) {
    const { result } = options;
    const task = tasks.LambdaInvoke.jsonPath(this, stateName, {
      lambdaFunction: this.functionFor(stateName),
      payload: this.payload(options.payload),
      taskTimeout: sfn.Timeout.duration(Duration.seconds(this.timing.taskTimeoutSeconds)),
      ...(result
        ? { resultSelector: selector(result.fields), resultPath: result.path }
        : { resultPath: sfn.JsonPath.DISCARD }),
    });
    return this.catchFenced(withTaskRetry(task));
  }

  /**
   * Where an execution ends whose claim was handed over to another region (a newer ownership epoch):
   * the new owner's execution continues the claim, this one does nothing more (DESIGN §3).
   */
  private handedOver(): sfn.Succeed {
    this.handedOverState ??= sfn.Succeed.jsonPath(this, S.handedOver, {
      comment: 'The claim moved to another region under a newer epoch; its execution there goes on',
    });
    return this.handedOverState;
  }

  /** Caught before any other failure: a fenced claim must not be compensated by the region that lost it. */
  private catchFenced<T extends tasks.LambdaInvoke>(task: T): T {
    task.addCatch(this.handedOver(), FENCED);
    return task;
  }

  /**
   * A `.waitForTaskToken` Lambda task: the function stores `taskToken` and returns; the execution
   * resumes with the SendTaskSuccess output (no `Payload` envelope), or times out (States.Timeout,
   * never retried).
   */
  private awaitToken(stateName: (typeof TASK_TOKEN_STATES)[number], options: TokenOptions) {
    const task = tasks.LambdaInvoke.jsonPath(this, stateName, {
      lambdaFunction: this.functionFor(stateName),
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: this.payload({ taskToken: sfn.JsonPath.taskToken, ...options.payload }),
      taskTimeout: sfn.Timeout.duration(Duration.seconds(options.timeoutSeconds)),
      resultPath: options.resultPath ?? sfn.JsonPath.DISCARD,
      ...(options.resultSelector ? { resultSelector: selector(options.resultSelector) } : {}),
    });
    // A deliberate SendTaskFailure is an answer, not a fault: re-invoking would park the claim again.
    task.addRetry({ errors: [CLAIM_CANCELLED_ERROR], maxAttempts: 0 });
    return this.catchFenced(withTaskRetry(task));
  }

  /** A notify-customer task: an email that cannot be sent never fails the claim. */
  private notify(stateName: keyof typeof NOTIFY_TEMPLATES, next: sfn.IChainable, extra: Payload = {}) {
    return this.invoke(stateName, { payload: { template: NOTIFY_TEMPLATES[stateName], ...extra } })
      .addCatch(next, { errors: ALL, resultPath: '$.notifyError' })
      .next(next);
  }

  private functionFor(stateName: keyof typeof CLAIM_LIFECYCLE_TASKS): lambda.IFunction {
    return this.functions[CLAIM_LIFECYCLE_TASKS[stateName]];
  }

  private payload(extra: Payload = {}): sfn.TaskInput {
    return sfn.TaskInput.fromObject({
      claimId: sfn.JsonPath.stringAt('$.claimId'),
      epoch: sfn.JsonPath.numberAt('$.epoch'),
      ...extra,
    });
  }
}

function selector(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([key, path]) => [key, sfn.JsonPath.stringAt(path)]));
}
