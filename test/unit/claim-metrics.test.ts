import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backorderedPartsOf, backorderReason } from '../../domain/allocation.ts';
import type { Claim, ClaimEvent, ClaimStatus } from '../../domain/claim.ts';
import {
  claimMetrics,
  claimsPerDay,
  cycleTimeHours,
  firstDecisionOf,
  partsFillOf,
  percentile,
} from '../../domain/claim-metrics.ts';
import { aClaim, FILED_AT } from './support/fixtures.ts';

const hoursAfterFiling = (h: number) => new Date(FILED_AT.getTime() + h * 3_600_000).toISOString();
const event = (
  from: ClaimStatus | null,
  to: ClaimStatus,
  h: number,
  kind: 'system' | 'staff' = 'system',
  reason = '',
): ClaimEvent => ({
  at: hoursAfterFiling(h),
  from,
  to,
  actor: { kind, id: kind === 'system' ? 'adjudicate' : 'adjuster@claimflow.example' },
  reason,
  region: 'ap-south-1',
});
const withTrail = (events: ClaimEvent[], over: Partial<Claim> = {}): Claim => {
  const claim = aClaim(over);
  return { ...claim, events: [...claim.events, ...events] };
};

describe('percentiles by nearest rank', () => {
  it('picks the smallest value with at least p % of the values at or below it', () => {
    const values = [15, 20, 35, 40, 50];
    expect([percentile(values, 30), percentile(values, 40), percentile(values, 50)]).toEqual([20, 20, 35]);
    expect([percentile(values, 100), percentile(values, 1)]).toEqual([50, 15]);
  });

  it('has none for no values, and refuses p outside (0, 100]', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('is always one of the values, and never falls as p rises', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 1, max: 99 }),
        (values, p) => {
          const at = percentile(values, p)!;
          expect(values).toContain(at);
          expect(percentile(values, p + 1)!).toBeGreaterThanOrEqual(at);
        },
      ),
    );
  });
});

describe('cycle time', () => {
  it('runs from filing to settlement, in hours', () => {
    const claim = withTrail([event('RECEIVED', 'APPROVED', 1), event('REPAIRED', 'SETTLED', 50.5)]);
    expect(cycleTimeHours(claim)).toBe(50.5);
  });

  it('uses the close when the trail has no settlement, and is undefined while open', () => {
    expect(cycleTimeHours(withTrail([event('SETTLED', 'CLOSED', 12)]))).toBe(12);
    expect(cycleTimeHours(withTrail([event('RECEIVED', 'APPROVED', 1)]))).toBeUndefined();
  });
});

describe('first decision', () => {
  it('tells an automatic approval from a review and a rejection', () => {
    expect(firstDecisionOf(withTrail([event('RECEIVED', 'APPROVED', 1)]))).toBe('AUTO_APPROVED');
    expect(
      firstDecisionOf(
        withTrail([event('RECEIVED', 'IN_REVIEW', 1), event('IN_REVIEW', 'APPROVED', 3, 'staff')]),
      ),
    ).toBe('REVIEW');
    expect(firstDecisionOf(withTrail([event('RECEIVED', 'REJECTED', 1)]))).toBe('REJECTED');
  });

  it('has none before adjudication or for a claim cancelled before it', () => {
    expect(firstDecisionOf(aClaim())).toBeUndefined();
    expect(firstDecisionOf(withTrail([event('RECEIVED', 'CANCELLED', 1, 'staff')]))).toBeUndefined();
  });
});

describe('parts fill', () => {
  const lines = [
    {
      lineNo: 1,
      partNumber: 'EVB-MODULE-48',
      quantity: 2,
      laborOperation: 'L1',
      laborHours: 1,
      decision: 'COVERED',
      reasons: [],
    },
    {
      lineNo: 2,
      partNumber: 'BRK-CALIPER-10',
      quantity: 1,
      laborOperation: 'L2',
      laborHours: 1,
      decision: 'COVERED',
      reasons: [],
    },
    {
      lineNo: 3,
      partNumber: 'WIPER-01',
      quantity: 1,
      laborOperation: 'L3',
      laborHours: 1,
      decision: 'REJECTED',
      reasons: [],
    },
  ] satisfies Claim['lines'];

  it('counts the payable lines whose part was not backordered at the first allocation', () => {
    const claim = withTrail(
      [
        event('RECEIVED', 'APPROVED', 1),
        event(
          'APPROVED',
          'AWAITING_PARTS',
          2,
          'system',
          backorderReason([{ partNumber: 'EVB-MODULE-48', quantity: 1 }]),
        ),
        event('AWAITING_PARTS', 'SCHEDULED', 20),
      ],
      // Restocked since: the claim holds everything and waits for nothing any more.
      { lines, backorders: [], reservations: [] },
    );
    expect(partsFillOf(claim)).toEqual({ lines: 2, filled: 1 });
  });

  it('fills every line of a claim reserved at once, and knows nothing before allocation', () => {
    const reserved = withTrail([event('RECEIVED', 'APPROVED', 1)], {
      lines,
      backorders: [],
      reservations: [
        { warehouseId: 'WH-KTM', region: 'ap-south-1', partNumber: 'EVB-MODULE-48', quantity: 2 },
      ],
    });
    expect(partsFillOf(reserved)).toEqual({ lines: 2, filled: 2 });
    expect(partsFillOf(withTrail([event('RECEIVED', 'APPROVED', 1)], { lines }))).toBeUndefined();
  });

  it('reads back the parts of a backorder reason, and nothing from another text', () => {
    const backorders = [
      { partNumber: 'EVB-MODULE-48', quantity: 2 },
      { partNumber: 'EVD-INVERTER-05', quantity: 1 },
    ];
    expect(backorderReason(backorders)).toBe('backordered: 2 × EVB-MODULE-48, 1 × EVD-INVERTER-05');
    expect(backorderedPartsOf(backorderReason(backorders))).toEqual(['EVB-MODULE-48', 'EVD-INVERTER-05']);
    expect(backorderedPartsOf('approved by adjudication')).toEqual([]);
  });
});

describe('claims per day', () => {
  it('has one entry per UTC day of the window, zeros included, and ignores filings outside', () => {
    const days = claimsPerDay(
      [
        '2026-02-27T23:59:59.999Z',
        '2026-02-28T00:00:00.000Z',
        '2026-02-28T13:00:00+05:45',
        '2026-03-02T00:00:00Z',
      ],
      '2026-02-28',
      2,
    );
    expect(days).toEqual([
      { date: '2026-02-28', count: 2 },
      { date: '2026-03-01', count: 0 },
    ]);
  });
});

describe('claim metrics', () => {
  it('puts the cohort together: rates as shares, cycle times in tenths of hours, NPS', () => {
    const auto = withTrail([event('RECEIVED', 'APPROVED', 1), event('REPAIRED', 'SETTLED', 10)]);
    const reviewed = withTrail([
      event('RECEIVED', 'IN_REVIEW', 1),
      event('IN_REVIEW', 'APPROVED', 5, 'staff'),
      event('REPAIRED', 'SETTLED', 30.04),
    ]);
    const rejected = withTrail([event('RECEIVED', 'REJECTED', 1)]);
    const open = aClaim();
    const m = claimMetrics({
      claims: [auto, reviewed, rejected, open],
      firstDay: FILED_AT.toISOString().slice(0, 10),
      days: 3,
      npsScores: [10, 9, 7, 3],
    });
    expect(m.claims).toBe(4);
    expect(m.claimsPerDay.map((d) => d.count)).toEqual([4, 0, 0]);
    expect([m.autoApprovalRate, m.decided]).toEqual([0.3333, 3]);
    expect(m.cycleTimeHours).toEqual({ p50: 10, p90: 30, p99: 30, settled: 2 });
    expect([m.partsFillRate, m.partsLines]).toEqual([null, 0]);
    expect(m.nps).toEqual({ score: 25, responses: 4, promoters: 2, passives: 1, detractors: 1 });
  });

  it('answers null rates for an empty window rather than dividing by zero', () => {
    const m = claimMetrics({ claims: [], firstDay: '2026-03-01', days: 1, npsScores: [] });
    expect([m.autoApprovalRate, m.partsFillRate, m.cycleTimeHours.p50, m.nps.score]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});
