import { addDays, daysBetween, type IsoDate, monthsLater } from './calendar.ts';
import { type ComponentCategory, HIGH_VOLTAGE_CATEGORIES, type Part } from './part.ts';
import { localDateAt } from './time-zone.ts';
import type { Vehicle } from './vehicle.ts';
import {
  type CoverageTerm,
  type CoverageTermName,
  termOfCategory,
  type WarrantyPlan,
} from './warranty-plan.ts';

/**
 * Coverage (DESIGN §4): per claim line, by the part's component category and the version of the
 * vehicle's warranty plan in force on its delivery day (`versionInForce`). Boundaries, all
 * inclusive on the customer's side (docs/domain-rules.md):
 * - time: a term of N months covers failures up to and including the day before the same day of
 *   the month N months after delivery (the day the Nth month ends); that day itself is expired;
 * - distance: exactly the limit (100,000 km) is covered, one more kilometre is not;
 * - battery: state of health must be strictly below the plan's threshold; exactly 70 % is not;
 * - filing: up to the plan's filing window (30 days) after the failure is in time, one day more is
 *   late; days are counted on the calendar of the service centre's time zone.
 */

export type LineCoverageReason =
  | 'EXPIRED_TIME'
  | 'EXPIRED_DISTANCE'
  | 'COMPONENT_NOT_COVERED'
  | 'BATTERY_SOH_ABOVE_THRESHOLD'
  | 'BATTERY_SOH_MISSING'
  | 'PART_UNKNOWN';

export type ClaimCoverageReason = 'VEHICLE_UNKNOWN' | 'LATE_SUBMISSION' | 'INVALID_FAILURE_DATE';

export type CoverageReason = LineCoverageReason | ClaimCoverageReason;

export interface LineCoverage {
  readonly lineNo: number;
  readonly partNumber: string;
  readonly category?: ComponentCategory;
  readonly term?: CoverageTermName;
  readonly covered: boolean;
  /** Why the line is not covered; empty when covered. */
  readonly reasons: CoverageReason[];
}

export interface CoverageResult {
  /** Reasons that reject the whole claim; each is also on every line. */
  readonly claimReasons: ClaimCoverageReason[];
  readonly lines: LineCoverage[];
  readonly anyLineCovered: boolean;
}

export interface CoverageInput {
  readonly claim: {
    readonly failureDate: IsoDate;
    readonly odometerKm: number;
    readonly batteryStateOfHealthPct?: number;
    /** Lines without `lineNo` are numbered from 1 in order. */
    readonly lines: readonly { readonly lineNo?: number; readonly partNumber: string }[];
  };
  readonly filedAt: Date;
  /** Time zone of the service centre: "in the future" and "30 days" are judged on its calendar. */
  readonly timeZone: string;
  /** undefined when the VIN is not in the registry. */
  readonly vehicle: Vehicle | undefined;
  readonly parts: ReadonlyMap<string, Part>;
  /** The version of the vehicle's plan in force at its delivery; undefined only with no vehicle. */
  readonly plan: WarrantyPlan | undefined;
}

/** The first day a term no longer covers (see the boundary rule in the module comment). */
export const termExpiresOn = (deliveryDate: IsoDate, term: CoverageTerm): IsoDate =>
  monthsLater(deliveryDate, term.months);

/** The last day a term covers. */
export const termLastDay = (deliveryDate: IsoDate, term: CoverageTerm): IsoDate =>
  addDays(termExpiresOn(deliveryDate, term), -1);

function claimLevelReasons(input: CoverageInput): ClaimCoverageReason[] {
  const { claim, filedAt, timeZone, vehicle, plan } = input;
  const filedOn = localDateAt(filedAt, timeZone);
  const reasons: ClaimCoverageReason[] = [];
  if (!vehicle) reasons.push('VEHICLE_UNKNOWN');
  const failureInFuture = daysBetween(filedOn, claim.failureDate) > 0;
  const failureBeforeDelivery =
    vehicle !== undefined && daysBetween(vehicle.deliveryDate, claim.failureDate) < 0;
  if (failureInFuture || failureBeforeDelivery) reasons.push('INVALID_FAILURE_DATE');
  else if (plan && daysBetween(claim.failureDate, filedOn) > plan.filingWindowDays)
    reasons.push('LATE_SUBMISSION');
  return reasons;
}

function termReasons(
  input: CoverageInput,
  vehicle: Vehicle,
  plan: WarrantyPlan,
  term: CoverageTerm,
  category: ComponentCategory,
): LineCoverageReason[] {
  const { claim } = input;
  const reasons: LineCoverageReason[] = [];
  if (daysBetween(termExpiresOn(vehicle.deliveryDate, term), claim.failureDate) >= 0)
    reasons.push('EXPIRED_TIME');
  if (claim.odometerKm > term.km) reasons.push('EXPIRED_DISTANCE');
  // A traction battery is warranted against losing capacity, so its state of health decides.
  if (category === 'ev-battery') {
    const soh = claim.batteryStateOfHealthPct;
    if (soh === undefined) reasons.push('BATTERY_SOH_MISSING');
    else if (!(soh < plan.batterySohThresholdPct)) reasons.push('BATTERY_SOH_ABOVE_THRESHOLD');
  }
  return reasons;
}

function lineReasons(
  input: CoverageInput,
  vehicle: Vehicle,
  plan: WarrantyPlan,
  category: ComponentCategory,
): { term?: CoverageTermName; reasons: LineCoverageReason[] } {
  const found = termOfCategory(plan, category);
  if (!found) return { reasons: ['COMPONENT_NOT_COVERED'] };
  // A high-voltage part on a combustion-only vehicle cannot be the part that failed.
  if (vehicle.powertrain === 'ICE' && HIGH_VOLTAGE_CATEGORIES.includes(category)) {
    return { reasons: ['COMPONENT_NOT_COVERED'] };
  }
  return { term: found.name, reasons: termReasons(input, vehicle, plan, found.term, category) };
}

/** Decides, line by line, whether the warranty covers the claim; see the module comment. */
export function checkCoverage(input: CoverageInput): CoverageResult {
  const { vehicle, parts, plan } = input;
  if (vehicle && !plan)
    throw new Error(
      `vehicle ${vehicle.vin} names warranty plan ${vehicle.warrantyPlan}, which has no version`,
    );
  const claimReasons = claimLevelReasons(input);

  const lines = input.claim.lines.map((line, index): LineCoverage => {
    const lineNo = line.lineNo ?? index + 1;
    const part = parts.get(line.partNumber);
    const category = part?.category;
    const reasons: CoverageReason[] = [...claimReasons];
    let term: CoverageTermName | undefined;
    if (!part) reasons.push('PART_UNKNOWN');
    if (part && vehicle && plan) {
      const decided = lineReasons(input, vehicle, plan, part.category);
      term = decided.term;
      reasons.push(...decided.reasons);
    }
    return {
      lineNo,
      partNumber: line.partNumber,
      ...(category ? { category } : {}),
      ...(term ? { term } : {}),
      covered: reasons.length === 0,
      reasons,
    };
  });
  return { claimReasons, lines, anyLineCovered: lines.some((l) => l.covered) };
}

export interface TermStatus {
  readonly term: CoverageTermName;
  readonly months: number;
  readonly km: number;
  readonly batterySohBelowPct?: number;
  /** Last day covered. */
  readonly lastDay: IsoDate;
  readonly expiredByTime: boolean;
  /** Only when the caller knows the odometer reading. */
  readonly expiredByDistance?: boolean;
  readonly categories: ComponentCategory[];
}

/**
 * What a vehicle's plan (the version in force at its delivery) still covers on `onDate` (the
 * partner API's coverage lookup). Terms that do not apply to the vehicle (the battery term of a
 * combustion vehicle) are left out.
 */
export function vehicleCoverage(
  vehicle: Vehicle,
  plan: WarrantyPlan,
  onDate: IsoDate,
  odometerKm?: number,
): TermStatus[] {
  const applies = (c: ComponentCategory) =>
    vehicle.powertrain !== 'ICE' || !HIGH_VOLTAGE_CATEGORIES.includes(c);
  return Object.entries(plan.terms).flatMap(([termName, term]): TermStatus[] => {
    const categories = term.categories.filter(applies);
    if (categories.length === 0) return [];
    return [
      {
        term: termName,
        months: term.months,
        km: term.km,
        ...(categories.includes('ev-battery') ? { batterySohBelowPct: plan.batterySohThresholdPct } : {}),
        lastDay: termLastDay(vehicle.deliveryDate, term),
        expiredByTime: daysBetween(termExpiresOn(vehicle.deliveryDate, term), onDate) >= 0,
        ...(odometerKm === undefined ? {} : { expiredByDistance: odometerKm > term.km }),
        categories,
      },
    ];
  });
}
