import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../domain/claim.ts';
import type { QualityFactRecord } from '../../domain/quality/ledger.ts';
import { startLifecycleRuntime, submission } from '../support/lifecycle-runtime.ts';

type Rt = Awaited<ReturnType<typeof startLifecycleRuntime>>;
let rt: Rt;
const JP = 'ap-northeast-1';

beforeAll(async () => {
  rt = await startLifecycleRuntime();
}, 90_000);
afterAll(async () => {
  await rt?.stop();
});

const vehicle = (market: string, powertrain: string, warranty = 'in-force') =>
  rt.runtime.endpoints.demo.vehicles.find(
    (v) => v.market === market && v.powertrain === powertrain && v.warranty === warranty,
  )!.vin;

const file = (region: string, partnerId: string, body: ReturnType<typeof submission>) =>
  rt.op<{ claim: Claim }>(region, 'fileClaim', {
    partnerId,
    submission: body,
    idempotencyKey: crypto.randomUUID(),
  });

/** The claim's facts in the ledger of its home region, once they say `status`. */
async function factsOf(claim: Claim, status: string): Promise<QualityFactRecord> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const month = await rt.op<QualityFactRecord[]>(JP, 'qualityFacts', {
      market: claim.market,
      month: claim.failureDate.slice(0, 7),
    });
    const facts = month.find((f) => f.claimId === claim.claimId);
    if (facts?.status === status) return facts;
    if (Date.now() > deadline)
      throw new Error(`facts of ${claim.claimId} say ${facts?.status ?? 'nothing'}, waited for ${status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the workflow keeps the quality ledger as claims change', () => {
  const manager = { kind: 'staff' as const, id: 'manager@claimflow.example' };

  it('files an auto-approved claim when decided and again, newest version, when it closes', async () => {
    const { claim } = await file(
      JP,
      'jp-yokohama-export',
      submission(vehicle('JP', 'ICE'), [
        { partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 },
      ]),
    );
    const scheduled = await rt.until(claim.claimId, 'SCHEDULED');
    // The workflow parks at AwaitRepair after telling the customer; the completion answers that wait.
    await rt.until(claim.claimId, 'SCHEDULED');
    // Filed by Adjudicate (APPROVED); nothing changed the facts between it and the appointment.
    const decided = await factsOf(claim, 'APPROVED');
    expect(decided).toMatchObject({
      vin: claim.vin,
      partnerId: 'jp-yokohama-export',
      market: 'JP',
      failureDate: claim.failureDate,
      odometerKm: claim.odometerKm,
      homeRegion: JP,
      lines: [
        { partNumber: 'BRK-CALIPER-10', laborOperation: 'BRK-R10', category: scheduled.lines[0]?.category },
      ],
      approved: scheduled.amounts?.approved,
    });
    expect(decided.lines[0]?.category).toBeTruthy();

    await rt.op(JP, 'completeRepair', {
      claimId: claim.claimId,
      completion: {
        completedAt: new Date().toISOString(),
        partsUsed: [{ partNumber: 'BRK-CALIPER-10', quantity: 1 }],
        laborHours: 1.2,
        notes: 'caliper replaced',
      },
    });
    const closed = await rt.until(claim.claimId, 'CLOSED');
    const facts = await factsOf(claim, 'CLOSED');
    expect(facts.version).toBe(closed.version);
  });

  it('files a claim rejected in review as REJECTED (out of the failure counts)', async () => {
    const { claim } = await file(
      JP,
      'jp-yokohama-export',
      submission(vehicle('JP', 'EV'), [
        { partNumber: 'TRN-VALVEBODY-02', quantity: 2, laborOperation: 'TRN-R02', laborHours: 4 },
      ]),
    );
    await rt.until(claim.claimId, 'IN_REVIEW');
    expect((await factsOf(claim, 'IN_REVIEW')).approved).toBeUndefined();
    await rt.op(JP, 'decideReview', { claimId: claim.claimId, actor: manager, outcome: 'REJECTED' });
    const rejected = await rt.until(claim.claimId, 'REJECTED');
    expect((await factsOf(claim, 'REJECTED')).version).toBe(rejected.version);
  });
});
