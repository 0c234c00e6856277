import { describe, expect, it } from 'vitest';
import {
  type ExecutionStep,
  executionStates,
  isFailedClaim,
} from '../../functions/stepfunctions/execution-states.ts';

/**
 * Histories written event by event. `chain: 'local'` numbers previousEventId as the local service
 * does (the event before); `chain: 'aws'` links task events to their state's entry as AWS does.
 */
type Draft = { type: string; state?: string; error?: string; cause?: string; after?: string };

function history(drafts: Draft[], chain: 'local' | 'aws' = 'local'): ExecutionStep[] {
  const ids = new Map<string, number>();
  return drafts.map((d, i) => {
    const id = i + 1;
    if (d.type.endsWith('StateEntered') && d.state) ids.set(d.state, id);
    const previousEventId = chain === 'aws' && d.after ? (ids.get(d.after) ?? id - 1) : id - 1;
    return {
      id,
      previousEventId,
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, id)).toISOString(),
      type: d.type,
      ...(d.state ? { state: d.state } : {}),
      ...(d.error ? { error: d.error } : {}),
      ...(d.cause ? { cause: d.cause } : {}),
    };
  });
}

const task = (state: string, outcome: 'ok' | 'fail' | 'pending' = 'ok', error = 'Boom'): Draft[] => [
  { type: 'TaskStateEntered', state },
  { type: 'TaskScheduled', after: state },
  { type: 'TaskStarted', after: state },
  ...(outcome === 'ok'
    ? [
        { type: 'TaskSucceeded', after: state },
        { type: 'TaskStateExited', state },
      ]
    : outcome === 'fail'
      ? [{ type: 'TaskFailed', after: state, error, cause: `${state} failed` }]
      : []),
];
const pass = (type: string, state: string): Draft[] => [
  { type: `${type}StateEntered`, state },
  { type: `${type}StateExited`, state },
];
const started: Draft = { type: 'ExecutionStarted' };

describe('the states a running execution is in', () => {
  it('marks the waiting task as current, and nothing as failed', () => {
    const steps = history([
      started,
      ...task('NotifyReceived'),
      ...task('CheckCoverage'),
      ...task('Adjudicate'),
      ...pass('Choice', 'RouteDecision'),
      ...task('AwaitReview', 'pending'),
    ]);

    const { currentStates, failedStates } = executionStates(steps, 'RUNNING');

    expect(currentStates).toEqual([{ state: 'AwaitReview', since: steps.at(-3)!.at }]);
    expect(failedStates).toEqual([]);
  });

  it('marks both branches inside a Parallel state as current, with the Parallel state itself', () => {
    const steps = history([
      started,
      { type: 'ParallelStateEntered', state: 'PrepareRepair' },
      ...task('AllocateParts'),
      ...pass('Choice', 'PartsBackordered'),
      ...task('AwaitRestock', 'pending'),
      ...task('AssignTechnician', 'pending'),
    ]);

    const states = executionStates(steps, 'RUNNING').currentStates.map((s) => s.state);

    expect(states).toEqual(['PrepareRepair', 'AwaitRestock', 'AssignTechnician']);
  });

  it('shows nothing as current once the execution has ended', () => {
    const steps = history([started, ...task('AwaitReview', 'pending')]);
    expect(executionStates(steps, 'ABORTED').currentStates).toEqual([]);
  });

  it('does not count a task that failed once and succeeded on retry as failed', () => {
    const steps = history([
      started,
      { type: 'TaskStateEntered', state: 'CheckCoverage' },
      { type: 'TaskScheduled' },
      { type: 'TaskStarted' },
      { type: 'TaskFailed', error: 'ThrottlingException' },
      { type: 'TaskScheduled' },
      { type: 'TaskStarted' },
      { type: 'TaskSucceeded' },
      { type: 'TaskStateExited', state: 'CheckCoverage' },
      ...task('Adjudicate', 'pending'),
    ]);

    const { currentStates, failedStates } = executionStates(steps, 'RUNNING');

    expect(failedStates).toEqual([]);
    expect(currentStates.map((s) => s.state)).toEqual(['Adjudicate']);
  });

  it('treats a timed-out wait as over, not failed: the escalation is current', () => {
    const steps = history([
      started,
      ...task('AwaitReview', 'pending'),
      { type: 'TaskTimedOut', error: 'States.Timeout' },
      ...task('EscalateReview'),
      ...task('AwaitManagerReview', 'pending'),
    ]);

    const { currentStates, failedStates } = executionStates(steps, 'RUNNING');

    expect(currentStates.map((s) => s.state)).toEqual(['AwaitManagerReview']);
    expect(failedStates).toEqual([]);
  });
});

describe('the states that failed', () => {
  it('names the cancelled wait and the Fail state, with their errors', () => {
    const steps = history([
      started,
      ...task('AwaitReview', 'fail', 'ClaimCancelled'),
      { type: 'FailStateEntered', state: 'ClaimFailed' },
      { type: 'ExecutionFailed', error: 'ClaimWorkflowFailed', cause: 'the claim workflow failed' },
    ]);

    const { currentStates, failedStates } = executionStates(steps, 'FAILED');

    expect(currentStates).toEqual([]);
    expect(failedStates).toEqual([
      { state: 'AwaitReview', at: steps[4]!.at, error: 'ClaimCancelled', cause: 'AwaitReview failed' },
      {
        state: 'ClaimFailed',
        at: steps.at(-1)!.at,
        error: 'ClaimWorkflowFailed',
        cause: 'the claim workflow failed',
      },
    ]);
  });

  it('keeps a caught failure when the state is exited before the Catch target (as the local engine does)', () => {
    const steps = history([
      started,
      ...task('AwaitRepair', 'fail', 'ClaimCancelled'),
      { type: 'TaskStateExited', state: 'AwaitRepair' },
      ...task('Compensate', 'pending'),
    ]);

    const { currentStates, failedStates } = executionStates(steps, 'RUNNING');

    expect(failedStates.map((s) => [s.state, s.error])).toEqual([['AwaitRepair', 'ClaimCancelled']]);
    expect(currentStates.map((s) => s.state)).toEqual(['Compensate']);
  });

  it('blames the failed branch of a Parallel state, not the branch that finished (local numbering)', () => {
    const steps = history([
      started,
      { type: 'ParallelStateEntered', state: 'PrepareRepair' },
      { type: 'TaskStateEntered', state: 'AllocateParts' },
      { type: 'TaskStateEntered', state: 'AssignTechnician' },
      { type: 'TaskScheduled' },
      { type: 'TaskStarted' },
      { type: 'TaskScheduled' },
      { type: 'TaskStarted' },
      { type: 'TaskSucceeded' },
      { type: 'TaskStateExited', state: 'AllocateParts' },
      ...pass('Choice', 'PartsBackordered'),
      ...pass('Succeed', 'PartsReserved'),
      { type: 'TaskFailed', error: 'NoTechnicianError' },
      { type: 'TaskScheduled' },
      { type: 'TaskStarted' },
      { type: 'TaskFailed', error: 'NoTechnicianError', cause: 'no technician for claim' },
      { type: 'ParallelStateFailed' },
      ...task('Compensate'),
      { type: 'FailStateEntered', state: 'ClaimFailed' },
      { type: 'ExecutionFailed', error: 'ClaimWorkflowFailed' },
    ]);

    const { failedStates, currentStates } = executionStates(steps, 'FAILED');

    expect(failedStates.map((s) => [s.state, s.error])).toEqual([
      ['PrepareRepair', undefined],
      ['AssignTechnician', 'NoTechnicianError'],
      ['ClaimFailed', 'ClaimWorkflowFailed'],
    ]);
    expect(currentStates).toEqual([]);
  });

  it('does not leave the branch stopped by the failed one as current while compensation runs', () => {
    const steps = history([
      started,
      { type: 'ParallelStateEntered', state: 'PrepareRepair' },
      ...task('AllocateParts'),
      ...pass('Choice', 'PartsBackordered'),
      ...task('AwaitRestock', 'pending'),
      ...task('AssignTechnician', 'fail', 'NoTechnicianError'),
      { type: 'ParallelStateFailed' },
      ...task('Compensate', 'pending'),
    ]);

    const { failedStates, currentStates } = executionStates(steps, 'RUNNING');

    expect(currentStates.map((s) => s.state)).toEqual(['Compensate']);
    expect(failedStates.map((s) => s.state)).toEqual(['PrepareRepair', 'AssignTechnician']);
  });

  it('follows the previousEventId chain to the branch that failed (AWS numbering)', () => {
    const steps = history(
      [
        started,
        { type: 'ParallelStateEntered', state: 'PrepareRepair' },
        { type: 'TaskStateEntered', state: 'AllocateParts' },
        { type: 'TaskStateEntered', state: 'AssignTechnician' },
        { type: 'TaskScheduled', after: 'AllocateParts' },
        { type: 'TaskScheduled', after: 'AssignTechnician' },
        { type: 'TaskFailed', after: 'AllocateParts', error: 'InsufficientStockError' },
      ],
      'aws',
    );

    const { failedStates, currentStates } = executionStates(steps, 'RUNNING');

    expect(failedStates.map((s) => s.state)).toEqual(['AllocateParts']);
    expect(currentStates.map((s) => s.state)).toEqual(['PrepareRepair', 'AssignTechnician']);
  });

  it('forgets a failure once the same state ran again (a redriven run reaching it again)', () => {
    const steps = history([
      started,
      ...task('AssignTechnician', 'fail'),
      { type: 'TaskStateExited', state: 'AssignTechnician' },
      ...task('AssignTechnician', 'pending'),
    ]);

    const { failedStates, currentStates } = executionStates(steps, 'RUNNING');

    expect(failedStates).toEqual([]);
    expect(currentStates.map((s) => s.state)).toEqual(['AssignTechnician']);
  });
});

describe('a FAILED claim', () => {
  it('is one in no final status whose latest execution failed, timed out or was stopped', () => {
    for (const status of ['FAILED', 'TIMED_OUT', 'ABORTED']) expect(isFailedClaim(false, status)).toBe(true);
    for (const status of ['RUNNING', 'SUCCEEDED', undefined])
      expect(isFailedClaim(false, status)).toBe(false);
  });

  it('is never one that reached an end (CANCELLED after a cancellation failed its execution)', () => {
    expect(isFailedClaim(true, 'FAILED')).toBe(false);
  });
});
