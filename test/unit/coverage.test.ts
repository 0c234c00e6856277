import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CoverageInput, checkCoverage, vehicleCoverage } from '../../domain/coverage.ts';
import { COMPONENT_CATEGORIES, type Part } from '../../domain/part.ts';
import { STANDARD_PLAN } from '../../domain/warranty-plan.ts';
import { aPart, aVehicle } from './support/fixtures.ts';

const alternator = aPart({ partNumber: 'ALT-1001', category: 'electrical' });
const gearbox = aPart({ partNumber: 'GBX-2001', name: 'Gearbox', category: 'transmission' });
const battery = aPart({ partNumber: 'HVB-3001', name: 'Traction battery', category: 'ev-battery' });
const pads = aPart({ partNumber: 'BRP-4001', name: 'Brake pads', category: 'wear-item' });
const catalogue = new Map<string, Part>([alternator, gearbox, battery, pads].map((p) => [p.partNumber, p]));

/** A claim on the fixture vehicle (delivered 2023-03-15), filed at noon Kathmandu on `filedOn`. */
function input(over: {
  failureDate: string;
  filedOn?: string;
  odometerKm?: number;
  partNumbers?: string[];
  soh?: number;
  vehicle?: CoverageInput['vehicle'];
  timeZone?: string;
  filedAt?: Date;
}): CoverageInput {
  const filedOn = over.filedOn ?? over.failureDate;
  return {
    claim: {
      failureDate: over.failureDate,
      odometerKm: over.odometerKm ?? 42_000,
      ...(over.soh === undefined ? {} : { batteryStateOfHealthPct: over.soh }),
      lines: (over.partNumbers ?? ['ALT-1001']).map((partNumber) => ({ partNumber })),
    },
    filedAt: over.filedAt ?? new Date(`${filedOn}T06:15:00Z`),
    timeZone: over.timeZone ?? 'Asia/Kathmandu',
    vehicle: 'vehicle' in over ? over.vehicle : aVehicle(),
    parts: catalogue,
    plan: STANDARD_PLAN,
  };
}

const reasonsOf = (i: CoverageInput) => checkCoverage(i).lines.map((l) => l.reasons);

describe('basic term (36 months / 100,000 km)', () => {
  it('covers an electrical failure inside both limits under the basic term', () => {
    // Act
    const result = checkCoverage(input({ failureDate: '2025-01-10', filedOn: '2025-01-15' }));
    // Assess
    expect(result).toEqual({
      claimReasons: [],
      lines: [
        {
          lineNo: 1,
          partNumber: 'ALT-1001',
          category: 'electrical',
          term: 'basic',
          covered: true,
          reasons: [],
        },
      ],
      anyLineCovered: true,
    });
  });

  it('covers a failure on the day the 36th month ends (2026-03-14 for delivery on 2023-03-15)', () => {
    expect(reasonsOf(input({ failureDate: '2026-03-14' }))).toEqual([[]]);
  });

  it('does not cover a failure on the day after, giving EXPIRED_TIME', () => {
    expect(reasonsOf(input({ failureDate: '2026-03-15' }))).toEqual([['EXPIRED_TIME']]);
  });

  it('ends a term from a 29 February delivery on the last day of February', () => {
    // Prepare: 2027-02-29 does not exist
    const vehicle = aVehicle({ deliveryDate: '2024-02-29' });
    // Act / Assess
    expect(reasonsOf(input({ vehicle, failureDate: '2027-02-28' }))).toEqual([[]]);
    expect(reasonsOf(input({ vehicle, failureDate: '2027-03-01' }))).toEqual([['EXPIRED_TIME']]);
  });

  it('covers exactly 100,000 km', () => {
    expect(reasonsOf(input({ failureDate: '2025-01-10', odometerKm: 100_000 }))).toEqual([[]]);
  });

  it('does not cover 100,001 km, giving EXPIRED_DISTANCE', () => {
    expect(reasonsOf(input({ failureDate: '2025-01-10', odometerKm: 100_001 }))).toEqual([
      ['EXPIRED_DISTANCE'],
    ]);
  });

  it('gives both reasons when both limits are passed', () => {
    expect(reasonsOf(input({ failureDate: '2026-04-01', odometerKm: 120_000 }))).toEqual([
      ['EXPIRED_TIME', 'EXPIRED_DISTANCE'],
    ]);
  });
});

describe('powertrain term (60 months / 150,000 km)', () => {
  it('still covers a gearbox after the basic term ended', () => {
    // Act
    const result = checkCoverage(
      input({ failureDate: '2027-06-01', odometerKm: 140_000, partNumbers: ['GBX-2001'] }),
    );
    // Assess
    expect(result.lines[0]).toMatchObject({ term: 'powertrain', covered: true });
  });

  it('covers through the day the 60th month ends and not the day after', () => {
    expect(reasonsOf(input({ failureDate: '2028-03-14', partNumbers: ['GBX-2001'] }))).toEqual([[]]);
    expect(reasonsOf(input({ failureDate: '2028-03-15', partNumbers: ['GBX-2001'] }))).toEqual([
      ['EXPIRED_TIME'],
    ]);
  });

  it('covers exactly 150,000 km and not 150,001', () => {
    const at = (km: number) =>
      input({ failureDate: '2025-01-10', odometerKm: km, partNumbers: ['GBX-2001'] });
    expect(reasonsOf(at(150_000))).toEqual([[]]);
    expect(reasonsOf(at(150_001))).toEqual([['EXPIRED_DISTANCE']]);
  });
});

describe('ev-battery term (96 months / 160,000 km, state of health below 70 %)', () => {
  const ev = aVehicle({ powertrain: 'EV' });
  const batteryClaim = (soh: number | undefined, failureDate = '2029-01-10', odometerKm = 150_000) =>
    input({
      vehicle: ev,
      failureDate,
      odometerKm,
      partNumbers: ['HVB-3001'],
      ...(soh === undefined ? {} : { soh }),
    });

  it('covers a battery at 69.9 % after the basic and powertrain terms ended', () => {
    expect(checkCoverage(batteryClaim(69.9)).lines[0]).toMatchObject({ term: 'ev-battery', covered: true });
  });

  it('does not cover a battery at exactly 70 %, giving BATTERY_SOH_ABOVE_THRESHOLD', () => {
    expect(reasonsOf(batteryClaim(70))).toEqual([['BATTERY_SOH_ABOVE_THRESHOLD']]);
  });

  it('does not cover a battery line without a state of health, giving BATTERY_SOH_MISSING', () => {
    expect(reasonsOf(batteryClaim(undefined))).toEqual([['BATTERY_SOH_MISSING']]);
  });

  it('covers through the day the 96th month ends and 160,000 km', () => {
    expect(reasonsOf(batteryClaim(50, '2031-03-14', 160_000))).toEqual([[]]);
    expect(reasonsOf(batteryClaim(50, '2031-03-15', 160_001))).toEqual([
      ['EXPIRED_TIME', 'EXPIRED_DISTANCE'],
    ]);
  });

  it('does not cover a battery part on a combustion-only vehicle', () => {
    expect(reasonsOf(input({ failureDate: '2025-01-10', partNumbers: ['HVB-3001'], soh: 50 }))).toEqual([
      ['COMPONENT_NOT_COVERED'],
    ]);
  });
});

describe('components and parts', () => {
  it('never covers a wear item, even the day after delivery', () => {
    expect(reasonsOf(input({ failureDate: '2023-03-16', partNumbers: ['BRP-4001'] }))).toEqual([
      ['COMPONENT_NOT_COVERED'],
    ]);
  });

  it('rejects an unknown part number on its line only', () => {
    // Act
    const result = checkCoverage(input({ failureDate: '2025-01-10', partNumbers: ['ALT-1001', 'NOPE-999'] }));
    // Assess
    expect(result.lines.map((l) => [l.lineNo, l.covered, l.reasons])).toEqual([
      [1, true, []],
      [2, false, ['PART_UNKNOWN']],
    ]);
    expect(result.anyLineCovered).toBe(true);
  });
});

describe('the whole claim', () => {
  it('rejects every line of a claim on an unknown VIN with VEHICLE_UNKNOWN', () => {
    // Act
    const result = checkCoverage(
      input({ failureDate: '2025-01-10', vehicle: undefined, partNumbers: ['ALT-1001', 'GBX-2001'] }),
    );
    // Assess
    expect(result.claimReasons).toEqual(['VEHICLE_UNKNOWN']);
    expect(result.lines.map((l) => l.reasons)).toEqual([['VEHICLE_UNKNOWN'], ['VEHICLE_UNKNOWN']]);
    expect(result.anyLineCovered).toBe(false);
  });

  it('accepts a claim filed exactly 30 days after the failure', () => {
    expect(checkCoverage(input({ failureDate: '2025-01-10', filedOn: '2025-02-09' })).claimReasons).toEqual(
      [],
    );
  });

  it('rejects a claim filed 31 days after the failure with LATE_SUBMISSION', () => {
    expect(checkCoverage(input({ failureDate: '2025-01-10', filedOn: '2025-02-10' })).claimReasons).toEqual([
      'LATE_SUBMISSION',
    ]);
  });

  it('counts the days on the service centre calendar: 20:00 UTC is already the next day in Kathmandu', () => {
    // Prepare: 2025-02-09T20:00Z is 2025-02-10 01:45 in Kathmandu, day 31
    const filedAt = new Date('2025-02-09T20:00:00Z');
    // Act / Assess
    expect(checkCoverage(input({ failureDate: '2025-01-10', filedAt })).claimReasons).toEqual([
      'LATE_SUBMISSION',
    ]);
    expect(
      checkCoverage(input({ failureDate: '2025-01-10', filedAt, timeZone: 'UTC' })).claimReasons,
    ).toEqual([]);
  });

  it('rejects a failure date after the filing date with INVALID_FAILURE_DATE', () => {
    expect(checkCoverage(input({ failureDate: '2025-01-16', filedOn: '2025-01-15' })).claimReasons).toEqual([
      'INVALID_FAILURE_DATE',
    ]);
  });

  it('accepts a failure dated today on the centre calendar though it is still yesterday in UTC', () => {
    const filedAt = new Date('2025-01-15T20:00:00Z'); // 2025-01-16 01:45 in Kathmandu
    expect(checkCoverage(input({ failureDate: '2025-01-16', filedAt })).claimReasons).toEqual([]);
  });

  it('rejects a failure before delivery with INVALID_FAILURE_DATE, but covers one on the delivery day', () => {
    expect(checkCoverage(input({ failureDate: '2023-03-14' })).claimReasons).toEqual([
      'INVALID_FAILURE_DATE',
    ]);
    expect(checkCoverage(input({ failureDate: '2023-03-15' })).claimReasons).toEqual([]);
  });

  it('gives every uncovered line at least one reason, and no covered line any (property)', () => {
    const partNumbers = [...catalogue.keys(), 'NOPE-1'];
    fc.assert(
      fc.property(
        fc.record({
          failureOffset: fc.integer({ min: -30, max: 4000 }),
          filedDelay: fc.integer({ min: -2, max: 60 }),
          odometerKm: fc.integer({ min: 0, max: 300_000 }),
          soh: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
          lines: fc.array(fc.constantFrom(...partNumbers), { minLength: 1, maxLength: 5 }),
          powertrain: fc.constantFrom('ICE' as const, 'HYBRID' as const, 'EV' as const),
          known: fc.boolean(),
        }),
        (c) => {
          const day = (offset: number) => new Date(Date.UTC(2023, 2, 15 + offset)).toISOString().slice(0, 10);
          const result = checkCoverage(
            input({
              failureDate: day(c.failureOffset),
              filedOn: day(c.failureOffset + c.filedDelay),
              odometerKm: c.odometerKm,
              partNumbers: c.lines,
              ...(c.soh === undefined ? {} : { soh: c.soh }),
              vehicle: c.known ? aVehicle({ powertrain: c.powertrain }) : undefined,
            }),
          );
          for (const line of result.lines) expect(line.covered).toBe(line.reasons.length === 0);
          expect(result.anyLineCovered).toBe(result.lines.some((l) => l.covered));
          if (result.claimReasons.length > 0) expect(result.anyLineCovered).toBe(false);
        },
      ),
    );
  });
});

describe('vehicleCoverage', () => {
  it('lists each term with its last day and what it covers', () => {
    // Act
    const terms = vehicleCoverage(aVehicle({ powertrain: 'EV' }), STANDARD_PLAN, '2026-06-01', 90_000);
    // Assess
    expect(terms.map((t) => [t.term, t.lastDay, t.expiredByTime, t.expiredByDistance])).toEqual([
      ['basic', '2026-03-14', true, false],
      ['powertrain', '2028-03-14', false, false],
      ['ev-battery', '2031-03-14', false, false],
    ]);
    expect(terms.find((t) => t.term === 'ev-battery')?.batterySohBelowPct).toBe(70);
  });

  it('leaves out the battery term of a combustion vehicle and high-voltage categories', () => {
    const terms = vehicleCoverage(aVehicle({ powertrain: 'ICE' }), STANDARD_PLAN, '2024-01-01');
    expect(terms.map((t) => t.term)).toEqual(['basic', 'powertrain']);
    expect(terms.flatMap((t) => t.categories)).not.toContain('hv-electrical');
    expect(terms.flatMap((t) => t.categories)).not.toContain('wear-item');
    expect(COMPONENT_CATEGORIES.length).toBeGreaterThan(terms.flatMap((t) => t.categories).length);
  });
});
