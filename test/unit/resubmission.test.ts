import { describe, expect, it } from 'vitest';
import type { Claim } from '../../domain/claim.ts';
import { filingTimeOf, resubmissionLink, resubmissionRefusal } from '../../domain/resubmission.ts';
import { aClaim } from './support/fixtures.ts';

const rejectedFor = (reasons: string[], over: Partial<Claim> = {}): Claim => {
  const claim = aClaim();
  return {
    ...claim,
    status: 'REJECTED',
    lines: claim.lines.map((l) => ({ ...l, decision: 'REJECTED' as const, reasons })),
    events: [...claim.events, { ...claim.events[0]!, from: 'RECEIVED', to: 'REJECTED' }],
    ...over,
  };
};

describe('which rejected claims can be corrected', () => {
  it('allows a claim rejected only for reasons a correction can change', () => {
    expect(resubmissionRefusal(rejectedFor(['BATTERY_SOH_MISSING']))).toBeUndefined();
    expect(resubmissionRefusal(rejectedFor(['PART_UNKNOWN']))).toBeUndefined();
  });

  it('refuses what no correction changes, a reviewer rejection, a second correction and a third resubmission', () => {
    expect(resubmissionRefusal(rejectedFor(['EXPIRED_TIME']))?.code).toBe('NOT_CORRECTABLE');
    expect(resubmissionRefusal(rejectedFor(['PART_UNKNOWN'], { reasons: ['LATE_SUBMISSION'] }))?.code).toBe(
      'NOT_CORRECTABLE',
    );
    const reviewed = rejectedFor(['BATTERY_SOH_MISSING']);
    reviewed.events[1] = { ...reviewed.events[1]!, from: 'IN_REVIEW' };
    expect(resubmissionRefusal(reviewed)?.code).toBe('REJECTED_IN_REVIEW');
    expect(
      resubmissionRefusal(rejectedFor(['PART_UNKNOWN'], { resubmittedAs: aClaim().claimId }))?.code,
    ).toBe('ALREADY_RESUBMITTED');
    expect(resubmissionRefusal(rejectedFor(['PART_UNKNOWN'], { resubmission: 2 }))?.code).toBe(
      'TOO_MANY_RESUBMISSIONS',
    );
    expect(resubmissionRefusal(aClaim())?.code).toBe('NOT_REJECTED');
  });

  it('counts the filing window of every correction from the first filing', () => {
    const first = rejectedFor(['PART_UNKNOWN'], { filedAt: '2025-01-01T00:00:00.000Z' });
    const link = resubmissionLink(first);
    expect(link).toEqual({
      resubmissionOf: first.claimId,
      firstFiledAt: '2025-01-01T00:00:00.000Z',
      resubmission: 1,
    });
    const second = rejectedFor(['PART_UNKNOWN'], { ...link, filedAt: '2025-01-20T00:00:00.000Z' });
    expect(resubmissionLink(second)).toMatchObject({
      firstFiledAt: '2025-01-01T00:00:00.000Z',
      resubmission: 2,
    });
    expect(filingTimeOf(second)).toBe('2025-01-01T00:00:00.000Z');
  });
});
