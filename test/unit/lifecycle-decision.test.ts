import { describe, expect, it } from 'vitest';
import type { Claim } from '../../domain/claim.ts';
import { newClaimId } from '../../domain/claim-id.ts';
import { money } from '../../domain/money.ts';
import type { Technician } from '../../domain/technician.ts';
import { decisionSteps } from '../../functions/lifecycle/decision-steps.ts';
import { fakeLifecycle } from '../support/fakes.ts';
import {
  aCentre,
  aClaim,
  aLaborOperation,
  aPart,
  aPartner,
  aTechnician,
  aVehicle,
  FILED_AT,
} from './support/fixtures.ts';

const REGION = 'ap-south-1';
const EPOCH = 3;

/** The decision steps on in-memory fakes: a partner, the vehicle, the alternator and its labour. */
function prepare(
  over: {
    partner?: Parameters<typeof aPartner>[0];
    vehicle?: Parameters<typeof aVehicle>[0];
    technicians?: Technician[];
  } = {},
) {
  const deps = fakeLifecycle({
    region: REGION,
    now: '2025-01-15T06:05:00Z',
    partners: [aPartner(over.partner)],
    vehicles: [aVehicle(over.vehicle)],
    parts: [aPart()],
    laborOperations: [aLaborOperation()],
    // An electrician at the partner's centre: the alternator's job needs one.
    technicians: over.technicians ?? [aTechnician({ skills: ['electrical'] })],
  });
  const file = async (claim: Claim = aClaim()) => {
    await deps.claims.create(claim);
    return claim;
  };
  return { deps, steps: decisionSteps(deps), file };
}

describe('Adjudicate checks coverage and decides in one write', () => {
  it('records each line’s category, decision and reasons with the decision: one write of the claim', async () => {
    // Prepare
    const { deps, steps, file } = prepare();
    const claim = await file();
    // Act
    await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    const stored = await deps.claims.get(claim.claimId);
    expect(stored?.lines[0]).toMatchObject({ category: 'electrical', decision: 'COVERED', reasons: [] });
    expect(stored?.version).toBe(claim.version + 1);
    expect(deps.claims.writeEpochs).toEqual([undefined, EPOCH]);
  });

  it('rejects a vehicle past its warranty time, the reason on the line', async () => {
    // Prepare: delivered in 2019, more than 36 months before the failure
    const { deps, steps, file } = prepare({ vehicle: { deliveryDate: '2019-01-02' } });
    const claim = await file();
    // Act
    const result = await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ outcome: 'REJECTED' });
    expect((await deps.claims.get(claim.claimId))?.lines[0]?.reasons).toEqual(['EXPIRED_TIME']);
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

describe('Adjudicate chooses the service centre before anything is reserved', () => {
  const twoCentres = {
    serviceCentres: [aCentre(), aCentre({ centreId: 'PKR-1', name: 'Pokhara Service Centre' })],
  };
  const electrician = (centreId: string, technicianId: string, over: Partial<Technician> = {}) =>
    aTechnician({ technicianId, centreId, skills: ['electrical'], ...over });

  it('picks the centre with a technician certified for the job when the first centre’s certification lapsed', async () => {
    // Prepare: Kathmandu's electrician's certificate expired in 2024; Pokhara's is valid
    const { deps, steps, file } = prepare({
      partner: twoCentres,
      technicians: [
        electrician('KTM-1', 'tech-ktm', {
          certifications: [{ skill: 'electrical', expiresOn: '2024-12-31' }],
        }),
        electrician('PKR-1', 'tech-pkr', {
          certifications: [{ skill: 'electrical', expiresOn: '2027-12-31' }],
        }),
      ],
    });
    const { centreId: _none, ...unplaced } = aClaim();
    const claim = await file(unplaced as Claim);
    // Act
    const result = await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ outcome: 'APPROVED' });
    expect((await deps.claims.get(claim.claimId))?.centreId).toBe('PKR-1');
  });

  it('picks the centre with the earliest slot when both have a qualified technician', async () => {
    // Prepare: Kathmandu's only electrician is booked for the next two days
    const { deps, steps, file } = prepare({
      partner: twoCentres,
      technicians: [electrician('KTM-1', 'tech-ktm'), electrician('PKR-1', 'tech-pkr')],
    });
    await deps.technicians.book(
      'KTM-1',
      {
        technicianId: 'tech-ktm',
        claimId: 'CLM-OTHER',
        start: '2025-01-15T00:00:00Z',
        end: '2025-01-17T12:00:00Z',
      },
      REGION,
    );
    const { centreId: _none, ...unplaced } = aClaim();
    const claim = await file(unplaced as Claim);
    // Act
    await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect((await deps.claims.get(claim.claimId))?.centreId).toBe('PKR-1');
  });

  it('sends the claim to review with NO_QUALIFIED_TECHNICIAN when no centre can do the job, reserving nothing', async () => {
    // Prepare: only a body-work technician
    const { deps, steps, file } = prepare({ technicians: [aTechnician({ skills: ['body'] })] });
    const claim = await file();
    // Act
    const result = await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ outcome: 'IN_REVIEW' });
    const stored = await deps.claims.get(claim.claimId);
    expect(stored?.reasons).toContain('NO_QUALIFIED_TECHNICIAN');
    expect(stored?.reservations ?? []).toEqual([]);
    expect(deps.metrics.counts.get('ClaimAutoApproved')).toBeUndefined();
  });

  it('keeps to the centre the claim names even when another centre could do the job', async () => {
    // Prepare: the claim names Kathmandu, whose only technician does body work
    const { deps, steps, file } = prepare({
      partner: twoCentres,
      technicians: [aTechnician({ skills: ['body'] }), electrician('PKR-1', 'tech-pkr')],
    });
    const claim = await file(aClaim({ centreId: 'KTM-1' }));
    // Act
    const result = await steps.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ outcome: 'IN_REVIEW' });
    const stored = await deps.claims.get(claim.claimId);
    expect(stored?.centreId).toBe('KTM-1');
    expect(stored?.reasons).toEqual(['NO_QUALIFIED_TECHNICIAN']);
  });
});
