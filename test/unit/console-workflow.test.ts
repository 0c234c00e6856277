import { describe, expect, it } from 'vitest';
import type { AslMachine, ExecutionStep } from '../../console/src/types.ts';
import { executionMarks, layoutWorkflow } from '../../console/src/workflow/graph.ts';
import { historyItems } from '../../console/src/workflow/history.ts';
import { defaultConfig } from '../../infra/config.ts';
import { renderClaimLifecycle } from '../../local/claim-lifecycle-asl.ts';

const machine = renderClaimLifecycle(defaultConfig) as unknown as AslMachine;

/** A history as Step Functions writes it: entered/exited per state, task outcomes in between. */
function history(steps: [type: string, state?: string][]): ExecutionStep[] {
  return steps.map(([type, state], i) => ({
    id: i + 1,
    at: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString(),
    type,
    ...(state ? { state } : {}),
  }));
}
const task = (state: string, outcome = 'LambdaFunctionSucceeded'): [string, string?][] => [
  ['TaskStateEntered', state],
  [outcome],
  ['TaskStateExited', state],
];

describe('the console draws the ClaimLifecycle state machine', () => {
  const all = layoutWorkflow(machine);

  it('has a node for every state, and no branches: parts first, then the technician', () => {
    const states = new Set<string>();
    const walk = (m: AslMachine) => {
      for (const [name, s] of Object.entries(m.States)) {
        states.add(name);
        for (const b of s.Branches ?? []) walk(b);
      }
    };
    walk(machine);

    const ids = all.nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining([...states]));
    expect(all.clusters).toEqual([]);
    for (const n of all.nodes) expect(Number.isFinite(n.x) && Number.isFinite(n.y)).toBe(true);
  });

  it('draws Choice rules with their condition, Defaults, and Catch edges with their errors', () => {
    const from = (s: string) => all.edges.filter((e) => e.from === s);

    expect(from('RouteDecision').map((e) => [e.kind, e.to, e.label])).toEqual(
      expect.arrayContaining([
        ['choice', 'NotifyReceived', expect.stringContaining('IN_REVIEW')],
        ['default', 'NotifyClaimEnded', 'otherwise'],
      ]),
    );
    expect(from('AwaitReview').find((e) => e.to === 'EscalateReview')).toMatchObject({
      kind: 'catch',
      label: 'timeout',
    });
    expect(from('AssignTechnician').map((e) => [e.kind, e.to])).toEqual(
      expect.arrayContaining([
        ['next', 'NotifyAppointment'],
        ['catch', 'Compensate'],
      ]),
    );
    expect(from('PartsBackordered').map((e) => [e.kind, e.to])).toEqual(
      expect.arrayContaining([
        ['choice', 'NotifyWaitingForParts'],
        ['default', 'AssignTechnician'],
      ]),
    );
  });

  it('hides the catch-all edges the execution did not need, unless asked', () => {
    const compact = layoutWorkflow(machine, { hideErrorPaths: true, keepInto: new Set() });
    const toCompensate = layoutWorkflow(machine, { hideErrorPaths: true, keepInto: new Set(['Compensate']) });

    expect(compact.hiddenErrorPaths).toBeGreaterThan(10);
    expect(compact.edges.some((e) => e.to === 'Compensate')).toBe(false);
    expect(compact.edges.find((e) => e.from === 'AwaitReview' && e.to === 'EscalateReview')).toBeDefined();
    expect(toCompensate.edges.filter((e) => e.to === 'Compensate').length).toBeGreaterThan(3);
    expect(compact.height).toBeLessThan(all.height + 1);
  });

  it('marks the path taken and the current state of a claim waiting for review', () => {
    const events = history([
      ['ExecutionStarted'],
      ...task('Adjudicate'),
      ['ChoiceStateEntered', 'RouteDecision'],
      ['ChoiceStateExited', 'RouteDecision'],
      ...task('NotifyReceived'),
      ['TaskStateEntered', 'AwaitReview'],
    ]);

    const marks = executionMarks(all, events, { status: 'RUNNING' });

    expect([...marks.current]).toEqual(['AwaitReview']);
    expect(marks.failed.size).toBe(0);
    expect([...marks.visited.keys()]).toEqual([
      'Adjudicate',
      'RouteDecision',
      'NotifyReceived',
      'AwaitReview',
    ]);
    const taken = all.edges
      .filter((e) => marks.takenEdges.has(e.id))
      .map((e) => `${e.from}→${e.to}:${e.kind}`);
    expect(taken).toEqual([
      'Adjudicate→RouteDecision:next',
      'RouteDecision→NotifyReceived:choice',
      'NotifyReceived→AwaitReview:next',
    ]);
  });

  it('marks the failed task, the compensation and the Fail state when a step fails after retries', () => {
    const events = history([
      ['ExecutionStarted'],
      ...task('AssignTechnician', 'LambdaFunctionFailed'),
      ...task('Compensate'),
      ...task('NotifyClaimEnded'),
      ['FailStateEntered', 'ClaimFailed'],
      ['ExecutionFailed'],
    ]);

    const marks = executionMarks(all, events);
    const items = historyItems(events);

    expect([...marks.failed].sort()).toEqual(['AssignTechnician', 'ClaimFailed']);
    expect(marks.current.size).toBe(0);
    const taken = all.edges.filter((e) => marks.takenEdges.has(e.id)).map((e) => `${e.from}→${e.to}`);
    expect(taken).toEqual(
      expect.arrayContaining([
        'AssignTechnician→Compensate',
        'Compensate→NotifyClaimEnded',
        'NotifyClaimEnded→ClaimFailed',
      ]),
    );
    expect(items.map((i) => [i.text, i.outcome])).toEqual([
      ['Workflow started', 'done'],
      ['Booking a technician and scheduling the repair: failed', 'failed'],
      ['Parts and slot released', 'done'],
      ['Customer told the claim ended', 'done'],
      ['The workflow failed', 'failed'],
      ['Workflow failed', 'failed'],
    ]);
  });

  it('counts a state entered again (a retried allocation after restock) and lets a retried task succeed', () => {
    const events = history([
      ...task('AllocateParts'),
      ['TaskStateEntered', 'AwaitRestock'],
      ['LambdaFunctionFailed'],
      ['LambdaFunctionSucceeded'],
      ['TaskStateExited', 'AwaitRestock'],
      ...task('AllocateParts'),
      ['TaskStateEntered', 'AssignTechnician'],
    ]);

    const marks = executionMarks(all, events, { status: 'RUNNING' });

    expect(marks.visited.get('AllocateParts')).toBe(2);
    expect(marks.failed.size).toBe(0);
    expect([...marks.current]).toEqual(['AssignTechnician']);
  });
});
