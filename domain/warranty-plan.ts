import type { ComponentCategory } from './part.ts';

/**
 * Warranty plans: each is a set of coverage terms, and each component category falls under one
 * term. DESIGN §4's default plan: `basic` 36 months / 100,000 km, `powertrain` 60 / 150,000,
 * `ev-battery` 96 / 160,000 and only while the battery's state of health is below 70 %.
 */

export type CoverageTermName = 'basic' | 'powertrain' | 'ev-battery';

export interface CoverageTerm {
  readonly months: number;
  readonly km: number;
  /** Covered only when the measured state of health is strictly below this percentage. */
  readonly batterySohBelowPct?: number;
}

export interface WarrantyPlan {
  readonly planId: string;
  readonly name: string;
  readonly terms: Readonly<Record<CoverageTermName, CoverageTerm>>;
}

/**
 * The term each category falls under; `null` means never covered. Powertrain categories get the
 * longer powertrain term (it contains the basic term). Wear items (pads, wipers, tyres) wear out
 * by design and are never warranty.
 */
export const TERM_OF_CATEGORY: Readonly<Record<ComponentCategory, CoverageTermName | null>> = {
  engine: 'powertrain',
  transmission: 'powertrain',
  driveline: 'powertrain',
  'ev-drive-unit': 'powertrain',
  'ev-battery': 'ev-battery',
  'hv-electrical': 'basic',
  electrical: 'basic',
  suspension: 'basic',
  brakes: 'basic',
  body: 'basic',
  interior: 'basic',
  climate: 'basic',
  'wear-item': null,
};

export const STANDARD_PLAN: WarrantyPlan = {
  planId: 'standard',
  name: 'Standard factory warranty',
  terms: {
    basic: { months: 36, km: 100_000 },
    powertrain: { months: 60, km: 150_000 },
    'ev-battery': { months: 96, km: 160_000, batterySohBelowPct: 70 },
  },
};

export const WARRANTY_PLANS: Readonly<Record<string, WarrantyPlan>> = {
  [STANDARD_PLAN.planId]: STANDARD_PLAN,
};

export const WARRANTY_PLAN_IDS = Object.keys(WARRANTY_PLANS) as [string, ...string[]];

export const warrantyPlanById = (planId: string): WarrantyPlan | undefined => WARRANTY_PLANS[planId];
