import { describe, expect, it } from 'vitest';
import type { Claim, ClaimEvent, ClaimStatus } from '../../domain/claim.ts';
import { claimPathOf, costOfMix, pathMix } from '../../domain/claim-paths.ts';
import { aClaim, FILED_AT } from './support/fixtures.ts';

const event = (
  from: ClaimStatus | null,
  to: ClaimStatus,
  kind: 'system' | 'staff' = 'system',
): ClaimEvent => ({
  at: FILED_AT.toISOString(),
  from,
  to,
  actor: { kind, id: kind === 'system' ? 'adjudicate' : 'adjuster@claimflow.example' },
  reason: '',
  region: 'ap-south-1',
});
const withTrail = (trail: [ClaimStatus, ClaimStatus][], over: Partial<Claim> = {}): Claim => {
  const claim = aClaim(over);
  return { ...claim, events: [...claim.events, ...trail.map(([from, to]) => event(from, to))] };
};
const reservation = (region: string) => ({
  warehouseId: 'WH-X',
  region,
  partNumber: 'ALT-1001',
  quantity: 1,
});

describe('the path a claim took, for its cost', () => {
  it('has no path before its first decision', () => {
    expect(claimPathOf(aClaim())).toBeUndefined();
    expect(claimPathOf(withTrail([['RECEIVED', 'CANCELLED']]))).toBeUndefined();
  });

  it('tells an approval at once from one after review', () => {
    const approved = withTrail(
      [
        ['RECEIVED', 'APPROVED'],
        ['APPROVED', 'SCHEDULED'],
      ],
      {
        reservations: [reservation('ap-south-1')],
      },
    );
    const reviewed = withTrail([
      ['RECEIVED', 'IN_REVIEW'],
      ['IN_REVIEW', 'APPROVED'],
    ]);
    expect(claimPathOf(approved)).toBe('in-warranty');
    expect(claimPathOf(reviewed)).toBe('in-review');
  });

  it('counts a claim rejected in review as rejected, and a backorder before a cross-region reservation', () => {
    expect(
      claimPathOf(
        withTrail([
          ['RECEIVED', 'IN_REVIEW'],
          ['IN_REVIEW', 'REJECTED'],
        ]),
      ),
    ).toBe('rejected');
    const waited = withTrail(
      [
        ['RECEIVED', 'APPROVED'],
        ['APPROVED', 'AWAITING_PARTS'],
      ],
      {
        reservations: [reservation('ap-northeast-1')],
      },
    );
    expect(claimPathOf(waited)).toBe('backordered');
  });

  it('calls parts reserved in another region than the claim home region cross-region', () => {
    const claim = withTrail([['RECEIVED', 'APPROVED']], {
      reservations: [reservation('ap-south-1'), reservation('eu-central-1')],
    });
    expect(claimPathOf(claim)).toBe('cross-region-parts');
  });
});

describe('the modelled cost of a mix of paths', () => {
  it('weights each path cost by its share of the claims', () => {
    const mix = pathMix([
      withTrail([['RECEIVED', 'APPROVED']]),
      withTrail([['RECEIVED', 'APPROVED']]),
      withTrail([['RECEIVED', 'APPROVED']]),
      withTrail([['RECEIVED', 'REJECTED']]),
      aClaim(),
    ]);
    expect(mix).toEqual({
      'in-warranty': 3,
      'in-review': 0,
      rejected: 1,
      backordered: 0,
      'cross-region-parts': 0,
    });
    expect(costOfMix(mix, { 'in-warranty': 1.2, rejected: 0.4 })).toBeCloseTo((3 * 1.2 + 0.4) / 4, 10);
  });

  it('has no figure without claims, or when a path in the mix has no cost', () => {
    const none = pathMix([]);
    expect(costOfMix(none, { 'in-warranty': 1 })).toBeUndefined();
    expect(costOfMix({ ...none, backordered: 2 }, { 'in-warranty': 1 })).toBeUndefined();
  });
});
