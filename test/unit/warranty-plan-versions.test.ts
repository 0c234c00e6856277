import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AdjudicationInput, adjudicate } from '../../domain/adjudication.ts';
import { addDays } from '../../domain/calendar.ts';
import { receiveClaim } from '../../domain/claim.ts';
import { newClaimId } from '../../domain/claim-id.ts';
import { checkCoverage } from '../../domain/coverage.ts';
import { COMPONENT_CATEGORIES, type ComponentCategory, type Part } from '../../domain/part.ts';
import { POWERTRAINS } from '../../domain/vehicle.ts';
import {
  nextPlanVersion,
  PlanVersionRuleError,
  STANDARD_PLAN,
  versionInForce,
  type WarrantyPlan,
  type WarrantyPlanDraft,
  WarrantyPlanDraftSchema,
} from '../../domain/warranty-plan.ts';
import { aLaborOperation, aPartner, aSubmission, aVehicle } from './support/fixtures.ts';

const { planId: _id, version: _v, ...standardDraft } = STANDARD_PLAN;
const version = (n: number, effectiveFrom: string, over: Partial<WarrantyPlanDraft> = {}): WarrantyPlan => ({
  ...standardDraft,
  ...over,
  effectiveFrom,
  planId: 'standard',
  version: n,
});

describe('versionInForce', () => {
  const v1 = version(1, '2020-01-01');
  const v2 = version(2, '2026-07-01');

  it('judges a vehicle delivered the day before a version takes effect by the version before', () => {
    expect(versionInForce([v1, v2], '2026-06-30')?.version).toBe(1);
  });

  it('judges a vehicle delivered on the effective day by the new version', () => {
    expect(versionInForce([v2, v1], '2026-07-01')?.version).toBe(2);
  });

  it('takes the later version of two that take effect on the same day (a correction)', () => {
    expect(versionInForce([v1, v2, version(3, '2026-07-01')], '2026-08-01')?.version).toBe(3);
  });

  it('judges a vehicle delivered before the first version by the first version', () => {
    expect(versionInForce([v2, version(3, '2027-01-01')], '2019-05-05')?.version).toBe(2);
  });

  it('finds nothing for a plan with no version', () => {
    expect(versionInForce([], '2026-01-01')).toBeUndefined();
  });
});

describe('nextPlanVersion', () => {
  it('numbers versions 1, 2, … and lets the first take effect on any day', () => {
    const first = nextPlanVersion(
      'standard',
      [],
      { ...standardDraft, effectiveFrom: '2000-01-01' },
      '2026-03-01',
    );
    const second = nextPlanVersion(
      'standard',
      [first],
      { ...standardDraft, effectiveFrom: '2026-03-01' },
      '2026-03-01',
    );
    expect([first.version, second.version]).toEqual([1, 2]);
  });

  it('refuses a later version that would take effect in the past, naming effectiveFrom', () => {
    const act = () =>
      nextPlanVersion(
        'standard',
        [version(1, '2020-01-01')],
        { ...standardDraft, effectiveFrom: '2026-02-28' },
        '2026-03-01',
      );
    expect(act).toThrow(PlanVersionRuleError);
    expect(act).toThrow(/in the past/);
  });

  it('refuses a version that takes effect before the one it follows', () => {
    const act = () =>
      nextPlanVersion(
        'standard',
        [version(1, '2026-09-01')],
        { ...standardDraft, effectiveFrom: '2026-08-01' },
        '2026-03-01',
      );
    expect(act).toThrow(/before version 1/);
  });
});

describe('WarrantyPlanDraftSchema', () => {
  it('refuses a category in two terms, pointing at the second', () => {
    const draft = {
      ...standardDraft,
      terms: { ...standardDraft.terms, extra: { months: 12, km: 1000, categories: ['brakes'] } },
    };
    const result = WarrantyPlanDraftSchema.safeParse(draft);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['terms', 'extra', 'categories', 0]);
  });
});

// ── The property: a new version changes decisions only for vehicles delivered from its day on ──

const parts = new Map<string, Part>(
  COMPONENT_CATEGORIES.map((category, i) => [
    `PRT-${String(i).padStart(3, '0')}`,
    {
      partNumber: `PRT-${String(i).padStart(3, '0')}`,
      name: category,
      category,
      prices: { NPR: 100_000 + i },
    },
  ]),
);
const labourOps = new Map([['EL-ALT-R', aLaborOperation({ code: 'EL-ALT-R', hours: 1 })]]);

const arbitraryDraft: fc.Arbitrary<Omit<WarrantyPlanDraft, 'effectiveFrom'>> = fc
  .record({
    // Each category in one of three terms, or in none (never covered).
    termOf: fc.array(fc.integer({ min: -1, max: 2 }), {
      minLength: COMPONENT_CATEGORIES.length,
      maxLength: COMPONENT_CATEGORIES.length,
    }),
    months: fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 3, maxLength: 3 }),
    km: fc.array(fc.integer({ min: 1_000, max: 300_000 }), { minLength: 3, maxLength: 3 }),
    batterySohThresholdPct: fc.integer({ min: 1, max: 100 }),
    filingWindowDays: fc.integer({ min: 1, max: 60 }),
    duplicateWindowDays: fc.integer({ min: 0, max: 365 }),
    labourTolerancePct: fc.integer({ min: 100, max: 300 }),
  })
  .map(({ termOf, months, km, ...rules }) => {
    const terms: WarrantyPlanDraft['terms'] = {};
    COMPONENT_CATEGORIES.forEach((category: ComponentCategory, i) => {
      const t = termOf[i] as number;
      if (t < 0) return;
      const name = `term-${t}`;
      terms[name] ??= { months: months[t] as number, km: km[t] as number, categories: [] };
      terms[name].categories.push(category);
    });
    if (Object.keys(terms).length === 0) terms.basic = { months: 1, km: 1_000, categories: ['body'] };
    return { name: 'A plan', terms, ...rules };
  });

const DAY0 = '2018-01-01';
const day = (offset: number) => addDays(DAY0, offset);

/** The whole decision on a claim: coverage and adjudication, under the version in force at delivery. */
function decide(versions: readonly WarrantyPlan[], c: ClaimCase) {
  const vehicle = aVehicle({ deliveryDate: day(c.deliveryOffset), powertrain: c.powertrain });
  const plan = versionInForce(versions, vehicle.deliveryDate)!;
  const failureDate = day(c.deliveryOffset + c.failureAfterDelivery);
  const filedAt = new Date(
    `${day(c.deliveryOffset + c.failureAfterDelivery + c.filedAfterFailure)}T06:00:00Z`,
  );
  const claim = receiveClaim({
    claimId: newClaimId('ap-south-1', filedAt, () => 0.5),
    partner: aPartner(),
    centreId: 'KTM-1',
    submission: aSubmission({
      failureDate,
      odometerKm: c.odometerKm,
      ...(c.soh === undefined ? {} : { batteryStateOfHealthPct: c.soh }),
      lines: c.lines.map((p) => ({
        partNumber: p,
        quantity: 1,
        laborOperation: 'EL-ALT-R',
        laborHours: c.hours,
      })),
    }),
    region: 'ap-south-1',
    at: filedAt,
  });
  const coverage = checkCoverage({ claim, filedAt, timeZone: 'Asia/Kathmandu', vehicle, parts, plan });
  const input: AdjudicationInput = {
    claim,
    coverage,
    partner: aPartner(),
    parts,
    laborOperations: labourOps,
    priorClaims: [],
    rules: plan,
  };
  return { version: plan.version, coverage, adjudication: adjudicate(input) };
}

interface ClaimCase {
  deliveryOffset: number;
  failureAfterDelivery: number;
  filedAfterFailure: number;
  odometerKm: number;
  soh: number | undefined;
  lines: string[];
  hours: number;
  powertrain: (typeof POWERTRAINS)[number];
}

const arbitraryCase: fc.Arbitrary<ClaimCase> = fc.record({
  deliveryOffset: fc.integer({ min: 0, max: 3000 }),
  failureAfterDelivery: fc.integer({ min: 0, max: 4000 }),
  filedAfterFailure: fc.integer({ min: 0, max: 90 }),
  odometerKm: fc.integer({ min: 0, max: 320_000 }),
  soh: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  lines: fc.array(fc.constantFrom(...parts.keys()), { minLength: 1, maxLength: 3 }),
  hours: fc.constantFrom(0.5, 1, 1.2, 1.5, 2, 3),
  powertrain: fc.constantFrom(...POWERTRAINS),
});

describe('a new warranty plan version (property)', () => {
  it('changes the decision only for vehicles delivered on or after its effective date', () => {
    fc.assert(
      fc.property(
        arbitraryDraft,
        arbitraryDraft,
        fc.integer({ min: 1, max: 3000 }),
        arbitraryCase,
        (first, second, effectiveOffset, c) => {
          // Prepare: version 1 from day 0; version 2 from `effectiveOffset` days later
          const v1 = { ...first, effectiveFrom: DAY0, planId: 'standard', version: 1 };
          const v2 = { ...second, effectiveFrom: day(effectiveOffset), planId: 'standard', version: 2 };
          // Act
          const before = decide([v1], c);
          const after = decide([v1, v2], c);
          // Assess
          if (c.deliveryOffset < effectiveOffset) {
            expect(after).toEqual(before);
          } else {
            expect(after).toEqual(decide([v2], c));
            expect(after.version).toBe(2);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does change the decision for a vehicle delivered after it (the property is not vacuous)', () => {
    // A plan that shortens basic cover from 36 to 12 months, in force from 2026-01-01.
    const shorter = version(2, '2026-01-01', {
      terms: { ...standardDraft.terms, basic: { ...STANDARD_PLAN.terms.basic!, months: 12 } },
    });
    const caseFor = (deliveryOffset: number): ClaimCase => ({
      deliveryOffset,
      failureAfterDelivery: 500,
      filedAfterFailure: 2,
      odometerKm: 20_000,
      soh: undefined,
      lines: ['PRT-009'], // brakes: basic
      hours: 1,
      powertrain: 'ICE',
    });
    const deliveredAfter = caseFor(3000); // 2026-03-19
    const deliveredBefore = caseFor(2000); // 2023-06-24
    const v1 = version(1, DAY0);
    expect(decide([v1], deliveredAfter).adjudication.outcome).toBe('APPROVED');
    expect(decide([v1, shorter], deliveredAfter).adjudication.outcome).toBe('REJECTED');
    expect(decide([v1, shorter], deliveredBefore).adjudication.outcome).toBe('APPROVED');
  });
});
