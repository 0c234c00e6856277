import * as z from 'zod/mini';
import { daysBetween, type IsoDate, IsoDateSchema } from './calendar.ts';
import { COMPONENT_CATEGORIES, type ComponentCategory, ComponentCategorySchema } from './part.ts';
import { builtOnFirstUse } from './validation.ts';

/**
 * Warranty plans are data, versioned with the day each version takes effect. A version names its
 * coverage terms (months and km, and the component categories each covers; a category in no term
 * is never covered), the EV battery's state-of-health threshold, and the windows adjudication
 * uses: how long after a failure a claim may be filed, how far back a claim on the same vehicle
 * and component counts as a possible duplicate, and how far labour may exceed the flat rate.
 *
 * A vehicle is judged by the version in force on its delivery day (`versionInForce`), so a new
 * version changes nothing for the vehicles already delivered; a claim records the version it was
 * judged by.
 */

export const PLAN_ID = /^[a-z0-9][a-z0-9-]{1,39}$/;
export const WarrantyPlanIdSchema = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.regex(PLAN_ID, 'must be a plan id of 2–40 lower-case letters, digits and dashes, such as standard'),
    ))();

export const COVERAGE_TERM_NAME = /^[a-z][a-z0-9-]{1,39}$/;
export type CoverageTermName = string;

export const CoverageTermSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    months: z.int('months must be a whole number').check(z.gte(1), z.lte(600)),
    km: z.int('km must be a whole number').check(z.gte(1), z.lte(2_000_000)),
    categories: z
      .array(ComponentCategorySchema)
      .check(z.minLength(1, 'a term covers at least one component category')),
  }),
);
export type CoverageTerm = z.infer<typeof CoverageTermSchema>;

const wholeDays = (min: number, max: number, what: string) =>
  z
    .int(`${what} must be a whole number of days`)
    .check(
      z.gte(min, `${what} must be from ${min} to ${max} days`),
      z.lte(max, `${what} must be from ${min} to ${max} days`),
    );

/** What a manager writes for a new version (`PUT warranty-plans/{planId}`). */
export const WarrantyPlanDraftSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      /** The first delivery day this version governs. */
      effectiveFrom: IsoDateSchema,
      terms: z
        .record(
          z
            .string()
            .check(z.regex(COVERAGE_TERM_NAME, 'a term name is 2–40 lower-case letters, digits and dashes')),
          CoverageTermSchema,
        )
        .check(
          z.refine((t) => Object.keys(t).length > 0, 'a plan has at least one coverage term'),
          z.refine((t) => Object.keys(t).length <= 20, 'a plan has at most 20 coverage terms'),
        ),
      /** An `ev-battery` line is covered only while the battery's state of health is strictly below this. */
      batterySohThresholdPct: z.int('a whole percentage').check(z.gte(1), z.lte(100)),
      /** A claim filed more than this many days after the failure is LATE_SUBMISSION. */
      filingWindowDays: wholeDays(1, 365, 'filingWindowDays'),
      /** A claim on the same VIN and component within this many days is POSSIBLE_DUPLICATE. */
      duplicateWindowDays: wholeDays(0, 3650, 'duplicateWindowDays'),
      /** Claimed labour up to this percentage of the flat rate passes without review. */
      labourTolerancePct: z.int('a whole percentage').check(z.gte(100), z.lte(1000)),
    })
    .check(
      z.superRefine((plan, ctx) => {
        const termOf = new Map<ComponentCategory, string>();
        for (const [name, term] of Object.entries(plan.terms)) {
          term.categories.forEach((category, i) => {
            const other = termOf.get(category);
            if (other !== undefined)
              ctx.addIssue({
                code: 'custom',
                path: ['terms', name, 'categories', i],
                message: `${category} is already covered by term ${other}; a category belongs to one term`,
              });
            termOf.set(category, name);
          });
        }
      }),
    ),
);
export type WarrantyPlanDraft = z.infer<typeof WarrantyPlanDraftSchema>;

/** One stored version of a plan. */
export type WarrantyPlan = WarrantyPlanDraft & {
  readonly planId: string;
  /** 1, 2, …: each PUT adds the next. */
  readonly version: number;
};

/** What a claim records: the plan version its vehicle was judged by. */
export interface PlanVersionRef {
  readonly planId: string;
  readonly version: number;
}

export const planVersionRef = (plan: WarrantyPlan): PlanVersionRef => ({
  planId: plan.planId,
  version: plan.version,
});

/** The term a category falls under in a plan, or undefined when the plan never covers it. */
export function termOfCategory(
  plan: Pick<WarrantyPlan, 'terms'>,
  category: ComponentCategory,
): { name: CoverageTermName; term: CoverageTerm } | undefined {
  for (const [name, term] of Object.entries(plan.terms))
    if (term.categories.includes(category)) return { name, term };
  return undefined;
}

/**
 * The version in force on `deliveryDate`: the one with the latest `effectiveFrom` on or before it
 * (of two with the same day, the later version, which corrected the earlier before it took
 * effect). A vehicle delivered before the plan's first version is judged by the first version: it
 * was registered under this plan, and that is the oldest text of it there is.
 */
export function versionInForce(
  versions: readonly WarrantyPlan[],
  deliveryDate: IsoDate,
): WarrantyPlan | undefined {
  const ordered = [...versions].sort(
    (a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version,
  );
  let chosen = ordered[0];
  for (const v of ordered) if (daysBetween(v.effectiveFrom, deliveryDate) >= 0) chosen = v;
  return chosen;
}

export class PlanVersionRuleError extends Error {
  constructor(
    /** The draft's field at fault. */
    readonly field: keyof WarrantyPlanDraft,
    message: string,
  ) {
    super(message);
    this.name = 'PlanVersionRuleError';
  }
}

/**
 * The next version of a plan from a manager's draft. The first version may take effect on any day
 * (a plan set up for vehicles already on the road); a later one from `today` on, and not before
 * the version it follows: a version that reached back would change the decision for vehicles
 * already delivered under other terms.
 */
export function nextPlanVersion(
  planId: string,
  existing: readonly WarrantyPlan[],
  draft: WarrantyPlanDraft,
  today: IsoDate,
): WarrantyPlan {
  const latest = [...existing].sort((a, b) => b.version - a.version)[0];
  if (latest) {
    if (daysBetween(today, draft.effectiveFrom) < 0)
      throw new PlanVersionRuleError(
        'effectiveFrom',
        `effectiveFrom ${draft.effectiveFrom} is in the past; a new version takes effect from today (${today}) on, so vehicles already delivered keep the terms they were sold with`,
      );
    if (daysBetween(latest.effectiveFrom, draft.effectiveFrom) < 0)
      throw new PlanVersionRuleError(
        'effectiveFrom',
        `effectiveFrom ${draft.effectiveFrom} is before version ${latest.version}'s ${latest.effectiveFrom}`,
      );
  }
  return { ...draft, planId, version: (latest?.version ?? 0) + 1 };
}

/**
 * DESIGN §4's default plan, the first version the demo seed writes through the back office (and
 * the unit tests' plan): `basic` 36 months / 100,000 km, `powertrain` 60 / 150,000, `ev-battery`
 * 96 / 160,000 below 70 % state of health; wear items never; filing within 30 days, duplicates
 * looked for over 90 days, labour up to 120 % of the flat rate. Nothing reads it at run time:
 * claims are judged by the versions stored in the table.
 */
export const STANDARD_PLAN: WarrantyPlan = {
  planId: 'standard',
  version: 1,
  name: 'Standard factory warranty',
  effectiveFrom: '2000-01-01',
  terms: {
    basic: {
      months: 36,
      km: 100_000,
      categories: ['hv-electrical', 'electrical', 'suspension', 'brakes', 'body', 'interior', 'climate'],
    },
    powertrain: {
      months: 60,
      km: 150_000,
      categories: ['engine', 'transmission', 'driveline', 'ev-drive-unit'],
    },
    'ev-battery': { months: 96, km: 160_000, categories: ['ev-battery'] },
  },
  batterySohThresholdPct: 70,
  filingWindowDays: 30,
  duplicateWindowDays: 90,
  labourTolerancePct: 120,
};

/** Categories a plan never covers (in no term). */
export const uncoveredCategories = (plan: Pick<WarrantyPlan, 'terms'>): ComponentCategory[] =>
  COMPONENT_CATEGORIES.filter((c) => termOfCategory(plan, c) === undefined);
