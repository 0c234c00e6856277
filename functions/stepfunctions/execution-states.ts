/**
 * Where a claim's execution stands, read from its Step Functions history (pure: no I/O). The back
 * office shows it on the claim and the console marks it on the workflow graph.
 *
 * - A state is **current** when the execution runs and the state was entered and not yet exited
 *   (nor failed): a waiting task (AwaitReview), a Wait, or both branches' states inside a Parallel state (PrepareRepair of executions started before the
 *   technician was booked after the parts).
 * - A state has **failed** when the last attempt of the task it ran failed (`TaskFailed` or
 *   `LambdaFunctionFailed` after its entry, retries exhausted, whether a Catch then went on or
 *   not), when a Parallel state failed, or when the execution failed in a Fail state. A timed-out wait is not a
 *   failure: the workflow's Catch makes it the next step (an escalation, a reminder), so it is
 *   neither current nor failed.
 *
 * Task events are tied to their state through `previousEventId` (AWS chains TaskFailed → TaskStarted
 * → TaskScheduled → the state's entry); where the chain does not lead to an open task state (the
 * local service numbers events one after another), the most recently entered state with a task
 * under way is taken; and a state that exits with its task still under way takes back the task end
 * just before it (two parallel branches' events interleave there).
 */

export interface ExecutionStep {
  readonly id: number;
  readonly previousEventId?: number;
  readonly at: string;
  readonly type: string;
  /** The state entered or exited, when the event is about one. */
  readonly state?: string;
  /** For failure events: the error name and its cause. */
  readonly error?: string;
  readonly cause?: string;
}

export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export interface CurrentState {
  readonly state: string;
  readonly since: string;
}

export interface FailedState {
  readonly state: string;
  readonly at: string;
  readonly error?: string;
  readonly cause?: string;
}

interface Entry {
  readonly state: string;
  readonly kind: string;
  readonly enteredAt: string;
  readonly enteredId: number;
  open: boolean;
  /** A task was scheduled and has not yet succeeded, failed or timed out. */
  taskUnderWay: boolean;
  failure?: { at: string; error?: string; cause?: string };
}

const TASK_START = new Set(['TaskScheduled', 'LambdaFunctionScheduled']);
const TASK_SUCCESS = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded']);
const TASK_FAILURE = new Set(['TaskFailed', 'LambdaFunctionFailed', 'LambdaFunctionStartFailed']);
const TASK_TIMEOUT = new Set(['TaskTimedOut', 'LambdaFunctionTimedOut']);
const TASK_END = new Set([...TASK_SUCCESS, ...TASK_FAILURE, ...TASK_TIMEOUT]);

export function executionStates(
  steps: readonly ExecutionStep[],
  status: ExecutionStatus | string | undefined,
): { currentStates: CurrentState[]; failedStates: FailedState[] } {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const entries: Entry[] = [];
  const entryByEnteredId = new Map<number, Entry>();
  const latestOpen = (test: (e: Entry) => boolean) => entries.findLast((e) => e.open && test(e));
  let lastEnd: { entry: Entry; failureBefore: Entry['failure']; failure: Entry['failure'] } | undefined;
  // Closing a Parallel (or Map) closes what its branches left open: a branch stopped because the
  // other one failed is never exited.
  const close = (entry: Entry) => {
    entry.open = false;
    if (entry.kind === 'Parallel' || entry.kind === 'Map')
      for (const e of entries) if (e.enteredId > entry.enteredId) e.open = false;
  };

  // The state a task event belongs to: up the previousEventId chain to a state's entry.
  const taskEntryOf = (step: ExecutionStep, test: (e: Entry) => boolean): Entry | undefined => {
    let cursor = step.previousEventId !== undefined ? byId.get(step.previousEventId) : undefined;
    for (let hops = 0; cursor && hops < 50; hops++) {
      if (cursor.type.endsWith('StateEntered')) {
        const entry = entryByEnteredId.get(cursor.id);
        if (entry?.open && entry.kind === 'Task' && test(entry)) return entry;
        break;
      }
      cursor = cursor.previousEventId !== undefined ? byId.get(cursor.previousEventId) : undefined;
    }
    return latestOpen((e) => e.kind === 'Task' && test(e));
  };

  for (const step of steps) {
    if (step.type.endsWith('StateEntered') && step.state) {
      const entry: Entry = {
        state: step.state,
        kind: step.type.slice(0, -'StateEntered'.length),
        enteredAt: step.at,
        enteredId: step.id,
        open: true,
        taskUnderWay: false,
      };
      entries.push(entry);
      entryByEnteredId.set(step.id, entry);
    } else if (step.type.endsWith('StateExited') && step.state) {
      // A caught failure may still exit the state (the local engine exits it, then goes to the
      // Catch's next state): the failure stays on the entry.
      const entry = entries.findLast((e) => e.open && e.state === step.state);
      if (!entry) continue;
      // Exited with its task still under way: the task end just before was this state's, given to
      // the other branch by the fallback (the local service's numbering). Take it back.
      const last = lastEnd;
      if (entry.taskUnderWay && last && last.entry !== entry && last.entry.open) {
        last.entry.taskUnderWay = true;
        last.entry.failure = last.failureBefore;
        entry.taskUnderWay = false;
        entry.failure = last.failure;
      }
      lastEnd = undefined;
      close(entry);
    } else if (TASK_START.has(step.type)) {
      const entry = taskEntryOf(step, (e) => !e.taskUnderWay);
      if (entry) {
        entry.taskUnderWay = true;
        entry.failure = undefined;
      }
    } else if (TASK_END.has(step.type)) {
      const entry = taskEntryOf(step, (e) => e.taskUnderWay);
      if (!entry) continue;
      const failure = TASK_FAILURE.has(step.type)
        ? { at: step.at, error: step.error, cause: step.cause }
        : undefined;
      lastEnd = { entry, failureBefore: entry.failure, failure };
      entry.taskUnderWay = false;
      entry.failure = failure;
      // A timeout leads to the Catch's next state (or a retry): the entry is over, not failed.
      if (TASK_TIMEOUT.has(step.type)) close(entry);
    } else if (step.type === 'ParallelStateFailed' || step.type === 'MapStateFailed') {
      const kind = step.type.slice(0, -'StateFailed'.length);
      const entry = latestOpen((e) => e.kind === kind && !e.failure);
      if (entry) {
        entry.failure = { at: step.at, error: step.error, cause: step.cause };
        close(entry);
      }
    } else if (step.type === 'ExecutionFailed') {
      const entry = latestOpen((e) => e.kind === 'Fail');
      if (entry) entry.failure = { at: step.at, error: step.error, cause: step.cause };
    }
  }

  // Once the same state was entered again, an earlier failure is history, not where the claim stands.
  const failedStates: FailedState[] = [];
  const currentStates: CurrentState[] = [];
  entries.forEach((entry, index) => {
    const later = entries.slice(index + 1).some((e) => e.state === entry.state);
    if (entry.failure && !later)
      failedStates.push({
        state: entry.state,
        at: entry.failure.at,
        ...(entry.failure.error ? { error: entry.failure.error } : {}),
        ...(entry.failure.cause ? { cause: entry.failure.cause } : {}),
      });
    else if (entry.open && !entry.failure && status === 'RUNNING')
      currentStates.push({ state: entry.state, since: entry.enteredAt });
  });
  return { currentStates, failedStates };
}

/**
 * A claim is FAILED (in the back office's words; not a claim status, which only moves forward)
 * when its workflow ended without finishing it: the claim is in no final status and its latest
 * execution failed, timed out or was stopped. Only a redrive puts such a claim back on the road.
 */
export function isFailedClaim(
  claimStatusIsFinal: boolean,
  executionStatus: ExecutionStatus | string | undefined,
): boolean {
  return (
    !claimStatusIsFinal &&
    (executionStatus === 'FAILED' || executionStatus === 'TIMED_OUT' || executionStatus === 'ABORTED')
  );
}
