import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DETECTOR,
  type PeriodCount,
  poissonUpperTail,
  scanSeries,
  testPeriod,
} from '../../domain/quality/early-warning.ts';
import { measureDetector } from './support/quality-histories.ts';

/** P(X ≥ k) by the textbook sum of the pmf from 0 to k − 1, for small means only. */
function directUpperTail(k: number, mean: number): number {
  let term = Math.exp(-mean);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= mean / (i + 1);
  }
  return 1 - below;
}

describe('the Poisson upper tail', () => {
  it('agrees with the direct sum where that is accurate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0.01, max: 40, noNaN: true }),
        (k, mean) => {
          expect(poissonUpperTail(k, mean)).toBeCloseTo(directUpperTail(k, mean), 9);
        },
      ),
      { seed: 17, numRuns: 500 },
    );
  });

  it('falls as the count rises and rises with the mean', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.double({ min: 0.1, max: 2000, noNaN: true }),
        (k, mean) => {
          const p = poissonUpperTail(k, mean);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(poissonUpperTail(k + 1, mean)).toBeLessThanOrEqual(p);
          expect(poissonUpperTail(k, mean * 1.1)).toBeGreaterThanOrEqual(p - 1e-12);
        },
      ),
      { seed: 17, numRuns: 500 },
    );
  });

  it('knows the easy cases: anything is at least zero, a mean of zero never gives a claim', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(() => poissonUpperTail(1.5, 2)).toThrow(RangeError);
  });
});

const month = (i: number, claims: number, exposure = 2000): PeriodCount => ({
  period: `2026-${String(i + 1).padStart(2, '0')}`,
  claims,
  exposure,
});
const flatYear = (claims: number) => Array.from({ length: 12 }, (_, i) => month(i, claims));

describe('one period against its baseline', () => {
  it('flags a month far above the year before it, with the evidence', () => {
    const flag = testPeriod(flatYear(8), { period: '2027-01', claims: 30, exposure: 2000 });
    expect(flag).toMatchObject({
      period: '2027-01',
      claims: 30,
      baselineClaims: 96,
      test: 'one-sided exact Poisson',
    });
    expect(flag?.expected).toBeCloseTo(8.04, 2);
    expect(flag?.ratePer1000).toBe(15);
    expect(flag?.baselinePer1000).toBe(4);
    expect(flag?.pValue).toBeLessThan(DEFAULT_DETECTOR.alpha);
  });

  it('judges the rate, not the count: a fleet that doubled may claim twice as often', () => {
    expect(testPeriod(flatYear(8), { period: '2027-01', claims: 20, exposure: 4000 })).toBeUndefined();
    expect(testPeriod(flatYear(8), { period: '2027-01', claims: 20, exposure: 2000 })).toBeDefined();
  });

  it('never flags fewer claims than the minimum, however improbable they are', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 0, max: DEFAULT_DETECTOR.minClaims - 1 }),
        fc.integer({ min: 1, max: 100_000 }),
        (past, claims, exposure) => {
          const history = past.map((c, i) => month(i, c, exposure));
          expect(testPeriod(history, { period: 'now', claims, exposure })).toBeUndefined();
        },
      ),
      { seed: 17, numRuns: 300 },
    );
    // Five claims on a component that never failed in a year is a flag; four is not.
    expect(testPeriod(flatYear(0), { period: 'now', claims: 4, exposure: 2000 })).toBeUndefined();
    expect(testPeriod(flatYear(0), { period: 'now', claims: 5, exposure: 2000 })).toBeDefined();
  });

  it('says nothing without a full baseline', () => {
    expect(testPeriod(flatYear(8).slice(1), { period: 'now', claims: 100, exposure: 2000 })).toBeUndefined();
    expect(scanSeries(flatYear(8).slice(1))).toEqual([]);
  });
});

// Generated histories: one component in one market, 2,000 vehicle-months growing 2 % a month,
// 4 claims per 1,000 vehicle-months (about 8 a month), two years; fixed seeds so runs agree.
const seeds = Array.from({ length: 1000 }, (_, i) => i + 1);
const fleet = { months: 24, exposure: 2000, baseRate: 0.004, growth: 0.02 };

describe('the detector on generated histories', () => {
  it('raises false alarms at about its stated rate when nothing changes', () => {
    const m = measureDetector(fleet, seeds);
    expect(m.testsWithoutRise).toBe(12_000);
    // α = 0.001 per test; the baseline is estimated, so allow up to twice that (measured: ~1.3 α).
    expect(m.falseAlarms / m.testsWithoutRise).toBeLessThanOrEqual(2 * DEFAULT_DETECTOR.alpha);
    // So nearly every two-year history without a rise is never flagged at all.
    expect(m.falseAlarms).toBeLessThanOrEqual(0.02 * seeds.length);
  });

  it('finds a planted tripling in the month it starts, almost always', () => {
    const m = measureDetector({ ...fleet, rise: { fromMonth: 18, factor: 3 } }, seeds);
    expect(m.detected).toBeGreaterThanOrEqual(0.99 * seeds.length);
    expect(m.delays.filter((d) => d === 0).length).toBeGreaterThanOrEqual(0.95 * m.detected);
  });

  it('finds a planted doubling most of the time within the six months watched', () => {
    const m = measureDetector({ ...fleet, rise: { fromMonth: 18, factor: 2 } }, seeds);
    expect(m.detected).toBeGreaterThanOrEqual(0.7 * seeds.length);
    expect(m.delays.filter((d) => d <= 1).length).toBeGreaterThanOrEqual(0.7 * m.detected);
  });

  it('does not flag a rare component on its handful of claims', () => {
    // 0.4 claims a month, tripled: 1.2 a month never reaches the five-claim floor but by chance.
    const rare = { months: 24, exposure: 2000, baseRate: 0.0002 };
    const m = measureDetector(rare, seeds);
    expect(m.falseAlarms).toBeLessThanOrEqual(2);
  });
});
