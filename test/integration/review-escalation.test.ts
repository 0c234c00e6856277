import { GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../domain/claim.ts';
import { isOverdue } from '../../domain/overdue.ts';
import { startLifecycleRuntime, submission } from '../support/lifecycle-runtime.ts';

/**
 * A review nobody answers (issue 16): escalated to a manager once, reminded weekly for four weeks,
 * then the claim waits, overdue, without further state transitions. Before the fix the workflow
 * looped AwaitManagerReview ↔ EscalateReview every 7 days: 61 state transitions after 28 weeks.
 */
type Rt = Awaited<ReturnType<typeof startLifecycleRuntime>>;
let rt: Rt;
const JP = 'ap-northeast-1';
// A simulated day lasts 86 ms: 28 weeks take about 17 s.
const TIME_SCALE = 1 / 1_000_000;
const WEEK_MS = 7 * 24 * 3600 * 1000 * TIME_SCALE;

beforeAll(async () => {
  rt = await startLifecycleRuntime(TIME_SCALE);
}, 90_000);
afterAll(async () => {
  await rt?.stop();
});

async function history(executionArn: string): Promise<HistoryEvent[]> {
  const out: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await rt
      .sfnIn(JP)
      .send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
    out.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

const entered = (events: HistoryEvent[]) =>
  events.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);

describe('a review nobody answers', () => {
  it('escalates once, reminds weekly for four weeks, then waits as overdue without state transitions', async () => {
    const vin = rt.runtime.endpoints.demo.vehicles.find(
      (v) => v.market === 'JP' && v.powertrain === 'HYBRID' && v.warranty === 'in-force',
    )!.vin;
    // 2 × 65,000 yen + 4 h × 9,000 yen = 166,000 yen, over Yokohama's 150,000 yen limit: review.
    const { claim } = await rt.op<{ claim: Claim }>(JP, 'fileClaim', {
      partnerId: 'jp-yokohama-export',
      submission: submission(vin, [
        { partNumber: 'TRN-VALVEBODY-02', quantity: 2, laborOperation: 'TRN-R02', laborHours: 4 },
      ]),
      idempotencyKey: crypto.randomUUID(),
    });
    await rt.until(claim.claimId, 'IN_REVIEW');
    const executionArn = `${rt.runtime.endpoints.stateMachines[JP]!.replace(':stateMachine:', ':execution:')}:${claim.claimId}-e1-r1`;

    // 28 simulated weeks without an answer.
    await new Promise((r) => setTimeout(r, 28 * WEEK_MS));
    const events = await history(executionArn);
    const states = entered(events);
    const count = (name: string) => states.filter((s) => s === name).length;
    expect(count('EscalateReview')).toBe(1);
    expect(count('RemindReview')).toBe(4);
    expect(states.at(-1)).toBe('AwaitReviewOverdue');
    // Adjudicate, RouteDecision, NotifyReceived, AwaitReview, EscalateReview, 5 × AwaitManagerReview, 4 × (RemindReview, its choice), the overdue wait.
    expect(states.length).toBeLessThanOrEqual(20);

    // Another 8 simulated weeks: not one more transition; the claim is overdue for the back office.
    await new Promise((r) => setTimeout(r, 8 * WEEK_MS));
    expect(entered(await history(executionArn))).toHaveLength(states.length);
    const waiting = await rt.claimIn(claim.claimId);
    expect(waiting.status).toBe('IN_REVIEW');
    expect(waiting.reviewReminders).toBe(4);
    expect(isOverdue(waiting, new Date())).toBe(true);

    // A manager's answer still ends the wait.
    const manager = { kind: 'staff' as const, id: 'manager@claimflow.example' };
    await rt.op(JP, 'decideReview', { claimId: claim.claimId, actor: manager, outcome: 'REJECTED' });
    await rt.until(claim.claimId, 'REJECTED');
  });
});
