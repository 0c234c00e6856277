import { describe, expect, it } from 'vitest';
import type { Claim } from '../../domain/claim.ts';
import { newClaimId } from '../../domain/claim-id.ts';
import { money } from '../../domain/money.ts';
import { decisionSteps } from '../../functions/lifecycle/decision-steps.ts';
import { fakeLifecycle } from '../support/fakes.ts';
import { aClaim, aLaborOperation, aPart, aPartner, aVehicle, FILED_AT } from './support/fixtures.ts';

const REGION = 'ap-south-1';
const EPOCH = 3;

/** The decision steps on in-memory fakes: a partner, the vehicle, the alternator and its labour. */
function prepare(
  over: { partner?: Parameters<typeof aPartner>[0]; vehicle?: Parameters<typeof aVehicle>[0] } = {},
) {
  const deps = fakeLifecycle({
    region: REGION,
    now: '2025-01-15T06:05:00Z',
    partners: [aPartner(over.partner)],
    vehicles: [aVehicle(over.vehicle)],
    parts: [aPart()],
    laborOperations: [aLaborOperation()],
  });
  const file = async (claim: Claim = aClaim()) => {
    await deps.claims.create(claim);
    return claim;
  };
  return { deps, steps: decisionSteps(deps), file };
}

describe('CheckCoverage', () => {
  it('records each line’s category and reasons on the claim, and answers COVERED for a covered claim', async () => {
    // Prepare
    const { deps, steps, file } = prepare();
    const claim = await file();
    // Act
    const result = await steps.checkCoverage({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ outcome: 'COVERED' });
    const stored = await deps.claims.get(claim.claimId);
    expect(stored?.lines[0]).toMatchObject({ category: 'electrical', reasons: [] });
    expect(stored?.status).toBe('RECEIVED');
    expect(deps.claims.writeEpochs).toEqual([undefined, EPOCH]);
  });

  it('answers NOT_COVERED with the reason on the line for a vehicle past its warranty time', async () => {
    // Prepare: delivered in 2019, more than 36 months before the failure
    const { deps, steps, file } = prepare({ vehicle: { deliveryDate: '2019-01-02' } });
    const claim = await file();
    // Act
    const result = await steps.checkCoverage({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ outcome: 'NOT_COVERED' });
    expect((await deps.claims.get(claim.claimId))?.lines[0]?.reasons).toEqual(['EXPIRED_TIME']);
  });

  it('changes nothing on a claim already decided (a retried task)', async () => {
    // Prepare
    const { deps, steps, file } = prepare();
    const claim = await file();
    await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    const decided = await deps.claims.get(claim.claimId);
    // Act
    await steps.checkCoverage({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(await deps.claims.get(claim.claimId)).toEqual(decided);
  });
});

describe('Adjudicate', () => {
  it('approves a covered claim within the limits, records why, and counts one automatic approval', async () => {
    // Prepare
    const { deps, steps, file } = prepare();
    const claim = await file();
    // Act
    const result = await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ outcome: 'APPROVED' });
    const stored = await deps.claims.get(claim.claimId);
    expect(stored?.status).toBe('APPROVED');
    expect(stored?.events.at(-1)).toMatchObject({
      from: 'RECEIVED',
      to: 'APPROVED',
      actor: { kind: 'system', id: 'claim-lifecycle' },
      region: REGION,
      reason: 'approved automatically: every line covered and within limits',
    });
    expect(deps.metrics.counts.get('ClaimAutoApproved')).toBe(1);
  });

  it('answers a retried run with the decision already made, counting nothing again', async () => {
    // Prepare
    const { deps, steps, file } = prepare();
    const claim = await file();
    await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    const version = (await deps.claims.get(claim.claimId))?.version;
    // Act
    const again = await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(again).toEqual({ outcome: 'APPROVED' });
    expect((await deps.claims.get(claim.claimId))?.version).toBe(version);
    expect(deps.metrics.counts.get('ClaimAutoApproved')).toBe(1);
  });

  it('sends a claim over the partner’s auto-approval limit to review with AMOUNT_OVER_LIMIT', async () => {
    // Prepare: the alternator line is NPR 27,250.00
    const { deps, steps, file } = prepare({ partner: { autoApprovalLimit: money(2_000_000, 'NPR') } });
    const claim = await file();
    // Act
    const result = await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ outcome: 'IN_REVIEW' });
    const stored = await deps.claims.get(claim.claimId);
    expect(stored?.reasons).toEqual(['AMOUNT_OVER_LIMIT']);
    expect(stored?.events.at(-1)?.reason).toBe('sent to review: AMOUNT_OVER_LIMIT');
    expect(deps.metrics.counts.get('ClaimAutoApproved')).toBeUndefined();
  });

  it('sends a second claim on the same VIN and component within 90 days to review as a possible duplicate', async () => {
    // Prepare: an earlier claim on the alternator, 20 days before, already approved
    const { deps, steps, file } = prepare();
    const earlierAt = new Date(FILED_AT.getTime() - 20 * 86_400_000);
    const earlier = aClaim(
      { claimId: newClaimId(REGION, earlierAt, () => 0.25), filedAt: earlierAt.toISOString() },
      { failureDate: '2024-12-20' },
    );
    await file(earlier);
    expect(await steps.adjudicate({ claimId: earlier.claimId, epoch: EPOCH })).toEqual({
      outcome: 'APPROVED',
    });
    const claim = await file();
    // Act
    const result = await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ outcome: 'IN_REVIEW' });
    expect((await deps.claims.get(claim.claimId))?.reasons).toEqual(['POSSIBLE_DUPLICATE']);
  });

  it('rejects a claim whose only line is not covered, with the line’s reason', async () => {
    // Prepare: past 100,000 km
    const { deps, steps, file } = prepare();
    const claim = await file(aClaim({}, { odometerKm: 120_000 }));
    // Act
    const result = await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ outcome: 'REJECTED' });
    const stored = await deps.claims.get(claim.claimId);
    expect(stored?.status).toBe('REJECTED');
    expect(stored?.lines[0]).toMatchObject({ decision: 'REJECTED', reasons: ['EXPIRED_DISTANCE'] });
  });
});
