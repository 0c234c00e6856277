import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  laborOperationSignals,
  odometerSignal,
  partnerSignals,
} from '../../domain/quality/dealer-signals.ts';
import {
  costPerVehicle,
  type FleetVehicle,
  failureRates,
  firstTimeFixRate,
  mileageBandOf,
  type QualityClaim,
  RATE_DIMENSIONS,
  repeatRepairs,
} from '../../domain/quality/rates.ts';

const ASOF = '2026-12-01';
const vehicle = (vin: string, over: Partial<FleetVehicle> = {}): FleetVehicle => ({
  vin,
  model: 'Aurora',
  modelYear: 2025,
  market: 'NP',
  deliveryDate: '2025-06-01',
  ...over,
});
let serial = 0;
const claim = (vin: string, over: Partial<QualityClaim> = {}): QualityClaim => ({
  claimId: `C${String(++serial).padStart(5, '0')}`,
  vin,
  partnerId: 'P1',
  market: 'NP',
  failureDate: '2025-08-01',
  odometerKm: 5000,
  status: 'APPROVED',
  lines: [{ partNumber: 'BRK-100', category: 'BRAKES', laborOperation: 'BR10' }],
  ...over,
});

describe('claims per 1,000 vehicles at N months in service', () => {
  it('puts claims of matured vehicles within their first N months over those vehicles', () => {
    const fleet = [
      vehicle('V1'),
      vehicle('V2', { model: 'Comet' }),
      vehicle('V3', { model: 'Comet' }),
      vehicle('V4', { deliveryDate: '2026-10-01' }), // two months in service: not matured at 12
    ];
    const claims = [
      claim('V1'),
      claim('V2', { failureDate: '2026-07-01' }), // after its first 12 months
      claim('V3', { failureDate: '2026-05-31' }),
      claim('V4', { failureDate: '2026-11-01' }),
      claim('V3', { status: 'REJECTED' }),
      claim('UNREGISTERED'),
    ];
    expect(failureRates(fleet, claims, 'model', 12, ASOF)).toEqual([
      { key: 'Aurora', claims: 1, vehicles: 1, per1000: 1000 },
      { key: 'Comet', claims: 1, vehicles: 2, per1000: 500 },
    ]);
    // Components do not split the fleet: every vehicle in service could have failed on brakes.
    expect(failureRates(fleet, claims, 'category', 12, ASOF)).toEqual([
      { key: 'BRAKES', claims: 2, vehicles: 3, per1000: (2 * 1000) / 3 },
    ]);
    expect(failureRates(fleet, claims, 'mileageBand', 12, ASOF)).toEqual([
      { key: '0-10k', claims: 2, vehicles: 3, per1000: (2 * 1000) / 3 },
    ]);
  });

  it('counts a claim once per component and per part however many lines it has', () => {
    const lines = [
      { partNumber: 'BRK-100', category: 'BRAKES', laborOperation: 'BR10' },
      { partNumber: 'BRK-100', category: 'BRAKES', laborOperation: 'BR11' },
      { partNumber: 'BRK-200', category: 'BRAKES', laborOperation: 'BR10' },
    ];
    const rows = failureRates([vehicle('V1')], [claim('V1', { lines })], 'part', 3, ASOF);
    expect(rows.map((r) => [r.key, r.claims])).toEqual([
      ['BRK-100', 1],
      ['BRK-200', 1],
    ]);
    expect(failureRates([vehicle('V1')], [claim('V1', { lines })], 'category', 3, ASOF)[0]?.claims).toBe(1);
  });

  it('bands the odometer at 10, 30, 60 and 100 thousand km', () => {
    expect([0, 9_999, 10_000, 29_999, 30_000, 60_000, 99_999, 100_000].map(mileageBandOf)).toEqual([
      '0-10k',
      '0-10k',
      '10-30k',
      '10-30k',
      '30-60k',
      '60-100k',
      '60-100k',
      '100k+',
    ]);
  });

  const dates = fc
    .integer({ min: 0, max: 900 })
    .map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
  const arbFleet = fc.uniqueArray(
    fc.record({
      vin: fc.constantFrom('V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7', 'V8'),
      model: fc.constantFrom('Aurora', 'Comet'),
      modelYear: fc.constantFrom(2024, 2025),
      market: fc.constantFrom('NP', 'BD', 'LK'),
      deliveryDate: dates,
    }),
    { selector: (v) => v.vin },
  );
  const arbClaims = fc.array(
    fc.record({
      vin: fc.constantFrom('V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7', 'V8', 'V9'),
      failureDate: dates,
      odometerKm: fc.integer({ min: 0, max: 200_000 }),
      status: fc.constantFrom('APPROVED', 'SETTLED', 'REJECTED', 'CANCELLED', 'IN_REVIEW' as const),
      category: fc.constantFrom('BRAKES', 'ENGINE', undefined),
    }),
    { maxLength: 40 },
  );
  const toClaims = (
    raw: {
      vin: string;
      failureDate: string;
      odometerKm: number;
      status: QualityClaim['status'];
      category: string | undefined;
    }[],
  ) =>
    raw.map((r, i) =>
      claim(r.vin, {
        claimId: `C${i}`,
        failureDate: r.failureDate,
        odometerKm: r.odometerKm,
        status: r.status,
        lines: [
          { partNumber: 'P-1', laborOperation: 'OP1', ...(r.category ? { category: r.category } : {}) },
        ],
      }),
    );

  it('splits one total every way a vehicle attribute cuts it, and each rate is claims × 1000 ÷ vehicles', () => {
    fc.assert(
      fc.property(arbFleet, arbClaims, fc.integer({ min: 1, max: 24 }), (fleet, raw, months) => {
        const claims = toClaims(raw);
        const totals = RATE_DIMENSIONS.filter(
          (d) => d === 'model' || d === 'modelYear' || d === 'market',
        ).map((d) => {
          const rows = failureRates(fleet, claims, d, months, '2026-06-30');
          for (const row of rows)
            expect(row.per1000).toBe(row.vehicles === 0 ? null : (row.claims * 1000) / row.vehicles);
          return [rows.reduce((n, r) => n + r.claims, 0), rows.reduce((n, r) => n + r.vehicles, 0)];
        });
        expect(new Set(totals.map((t) => t.join('/'))).size).toBeLessThanOrEqual(1);
        // Every claim falls in exactly one mileage band, so the bands add up to the same total.
        const bands = failureRates(fleet, claims, 'mileageBand', months, '2026-06-30');
        expect(bands.reduce((n, r) => n + r.claims, 0)).toBe(totals[0]?.[0] ?? 0);
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it('does not move when rejected, cancelled or unregistered claims are added', () => {
    fc.assert(
      fc.property(arbFleet, arbClaims, (fleet, raw) => {
        const claims = toClaims(raw);
        const noise = [
          claim('V1', { status: 'REJECTED' }),
          claim('V2', { status: 'CANCELLED' }),
          claim('NOPE'),
        ];
        for (const d of RATE_DIMENSIONS)
          expect(failureRates(fleet, [...claims, ...noise], d, 6, ASOF)).toEqual(
            failureRates(fleet, claims, d, 6, ASOF),
          );
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it('refuses a months-in-service that is not a whole number of at least one', () => {
    expect(() => failureRates([], [], 'model', 0, ASOF)).toThrow(RangeError);
    expect(() => failureRates([], [], 'model', 1.5, ASOF)).toThrow(RangeError);
  });

  it('repeat repairs pair each claim with the latest earlier one of its VIN and component within 90 days, in any order', () => {
    fc.assert(
      fc.property(arbClaims, fc.integer({ min: 0, max: 1000 }), (raw, shift) => {
        const claims = toClaims(raw);
        const repeats = repeatRepairs(claims);
        const byId = new Map(claims.map((c) => [c.claimId, c]));
        for (const r of repeats) {
          const first = byId.get(r.firstClaimId);
          const again = byId.get(r.repeatClaimId);
          expect(first?.vin).toBe(r.vin);
          expect(again?.vin).toBe(r.vin);
          expect(r.daysApart).toBeGreaterThanOrEqual(0);
          expect(r.daysApart).toBeLessThanOrEqual(90);
        }
        const rotated = [
          ...claims.slice(shift % (claims.length || 1)),
          ...claims.slice(0, shift % (claims.length || 1)),
        ];
        expect(repeatRepairs(rotated)).toEqual(repeats);
        const ftf = firstTimeFixRate(claims, '2027-06-01');
        expect(ftf.fixedFirstTime).toBeLessThanOrEqual(ftf.repairs);
        expect(ftf.repairs - ftf.fixedFirstTime).toBeLessThanOrEqual(repeats.length);
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it('counts a chain of three brake repairs as two repeats and the third outside 90 days as none', () => {
    const a = claim('V1', { claimId: 'A', failureDate: '2026-01-01' });
    const b = claim('V1', { claimId: 'B', failureDate: '2026-03-01' });
    const c = claim('V1', { claimId: 'C', failureDate: '2026-05-30' }); // 90 days after B
    const d = claim('V1', { claimId: 'D', failureDate: '2026-08-29' }); // 91 days after C
    const engine = claim('V1', {
      claimId: 'E',
      failureDate: '2026-01-02',
      lines: [{ partNumber: 'ENG-1', category: 'ENGINE', laborOperation: 'EN1' }],
    });
    expect(
      repeatRepairs([d, c, b, a, engine]).map((r) => [r.firstClaimId, r.repeatClaimId, r.daysApart]),
    ).toEqual([
      ['A', 'B', 59],
      ['B', 'C', 90],
    ]);
    // Watch over by 2026-12-01 for all five; A and B were repaired again, C, D and the engine held.
    expect(firstTimeFixRate([a, b, c, d, engine], ASOF)).toEqual({
      repairs: 5,
      fixedFirstTime: 3,
      rate: 0.6,
    });
    // D's watch runs to 2026-11-27: on that day it is not yet counted.
    expect(firstTimeFixRate([a, b, c, d, engine], '2026-11-27').repairs).toBe(4);
  });

  it('cost per vehicle is approved cost over the vehicles in service, per currency', () => {
    const fleet = [vehicle('V1'), vehicle('V2'), vehicle('V3', { deliveryDate: '2027-01-01' })];
    const claims = [
      claim('V1', { approved: { amountMinor: 30_000, currency: 'NPR' } }),
      claim('V2', { approved: { amountMinor: 10_000, currency: 'NPR' } }),
      claim('V2', { approved: { amountMinor: 500, currency: 'USD' } }),
      claim('V2', { status: 'CANCELLED', approved: { amountMinor: 99_999, currency: 'NPR' } }),
    ];
    expect(costPerVehicle(fleet, claims, ASOF)).toEqual({
      vehicles: 2,
      byCurrency: { NPR: 20_000, USD: 250 },
    });
  });
});

describe('dealer signals', () => {
  it('names a labour operation that does not fit the part, and leaves parts without a list alone', () => {
    const c = {
      ...claim('V1'),
      lines: [
        { lineNo: 1, partNumber: 'BRK-100', laborOperation: 'EN10' },
        { lineNo: 2, partNumber: 'BRK-100', laborOperation: 'BR10' },
        { lineNo: 3, partNumber: 'UNLISTED', laborOperation: 'ZZ' },
      ],
    };
    const fits = new Map([['BRK-100', ['BR10', 'BR11']]]);
    expect(laborOperationSignals(c, fits)).toEqual([
      {
        kind: 'LABOR_OPERATION_NOT_FOR_PART',
        claimId: c.claimId,
        partnerId: 'P1',
        evidence: { lineNo: 1, partNumber: 'BRK-100', laborOperation: 'EN10', fitsPart: ['BR10', 'BR11'] },
      },
    ]);
  });

  it('names the earlier claim of the VIN whose odometer read higher', () => {
    const earlier = claim('V1', { claimId: 'E1', failureDate: '2026-01-01', odometerKm: 42_000 });
    const earlier2 = claim('V1', { claimId: 'E2', failureDate: '2026-02-01', odometerKm: 45_000 });
    const later = claim('V1', {
      claimId: 'L',
      failureDate: '2026-09-01',
      odometerKm: 41_000,
      partnerId: 'P9',
    });
    expect(odometerSignal(later, [earlier, earlier2])).toEqual([
      {
        kind: 'ODOMETER_BELOW_EARLIER_CLAIM',
        claimId: 'L',
        partnerId: 'P9',
        evidence: {
          vin: 'V1',
          odometerKm: 41_000,
          failureDate: '2026-09-01',
          earlierClaimId: 'E2',
          earlierOdometerKm: 45_000,
          earlierFailureDate: '2026-02-01',
        },
      },
    ]);
    expect(
      odometerSignal(claim('V1', { failureDate: '2026-09-01', odometerKm: 46_000 }), [earlier, earlier2]),
    ).toEqual([]);
    // A claim filed later about an earlier failure is not compared with failures after it.
    expect(odometerSignal(claim('V1', { failureDate: '2025-12-01', odometerKm: 1_000 }), [earlier])).toEqual(
      [],
    );
  });

  const marketOf = (partnerId: string, vehicles: number, claimsPerVehicle: number, cost: number) =>
    Array.from({ length: vehicles * claimsPerVehicle }, (_, i) =>
      claim(`${partnerId}-V${i % vehicles}`, { partnerId, approved: { amountMinor: cost, currency: 'NPR' } }),
    );

  it('signals a partner whose claims per vehicle or cost per claim is far above the rest of its market', () => {
    const claims = [
      ...marketOf('P1', 60, 1, 10_000),
      ...marketOf('P2', 60, 1, 11_000),
      ...marketOf('P3', 20, 3, 10_000),
      ...marketOf('P4', 25, 1, 30_000),
    ];
    const signals = partnerSignals(claims);
    expect(signals.map((s) => [s.kind, s.partnerId])).toEqual([
      ['PARTNER_CLAIM_RATE_ABOVE_MARKET', 'P3'],
      ['PARTNER_COST_PER_CLAIM_ABOVE_MARKET', 'P4'],
    ]);
    expect(signals[0]?.evidence).toMatchObject({
      market: 'NP',
      partnerValue: 3,
      marketValue: 1,
      partnerClaims: 60,
    });
  });

  it('never signals a partner on a handful of claims, and never one that files like its market', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 19 }), fc.integer({ min: 1, max: 5 }), (vehicles, perVehicle) => {
        const few = marketOf('P9', 1, Math.min(19, vehicles), 99_000);
        expect(partnerSignals([...marketOf('P1', 50, 1, 10_000), ...few])).toEqual([]);
        const alike = ['P1', 'P2', 'P3'].flatMap((p) => marketOf(p, 30, perVehicle, 10_000));
        expect(partnerSignals(alike)).toEqual([]);
      }),
      { seed: 17, numRuns: 100 },
    );
  });
});
