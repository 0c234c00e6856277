import { addDays, daysBetween, type IsoDate, monthsLater } from '../calendar.ts';
import type { ClaimStatus } from '../claim-status.ts';

/**
 * Failure rates of the fleet, pure. The industry measure is "repairs per 1,000 vehicles at N months
 * in service" (R/1000 @ N MIS): only vehicles delivered at least N months before the day of
 * reckoning count in the denominator (a vehicle delivered last week has not had the chance to
 * fail), and only their claims whose failure fell within their first N months count above it.
 * That keeps young and old fleets comparable and makes the vehicle registry the denominator.
 *
 * Attributes of the vehicle (model, model year, market) split both numerator and denominator;
 * attributes of the repair (component category, part, mileage band) split only the numerator,
 * since every vehicle in service is at risk of every component failing.
 */

/** What the rates need of a registered vehicle. */
export interface FleetVehicle {
  vin: string;
  model: string;
  modelYear: number;
  market: string;
  deliveryDate: IsoDate;
}

/** What the rates need of a claim: one repair on one vehicle, with the parts it replaced. */
export interface QualityClaim {
  claimId: string;
  vin: string;
  partnerId: string;
  market: string;
  failureDate: IsoDate;
  odometerKm: number;
  status: ClaimStatus;
  lines: readonly {
    partNumber: string;
    category?: string;
    laborOperation: string;
    /** Supplier recovery: the line, the part's supplier, the quantity paid for and the approved amount. */
    lineNo?: number;
    supplier?: string;
    quantity?: number;
    approvedAmount?: { amountMinor: number; currency: string };
  }[];
  /** Approved cost in minor units, when a decision approved it. */
  approved?: { amountMinor: number; currency: string };
  /** The service campaign the repair carried out (its completion is read from these facts). */
  campaignId?: string;
  /** Where each line's failed part stands on its way back for inspection. */
  partReturns?: readonly { lineNo: number; status: 'REQUESTED' | 'RECEIVED' | 'INSPECTED' }[];
}

/**
 * A claim is a failure unless it was rejected or withdrawn (those say nothing about the car) or it
 * carried out a service campaign (a repair made before the part failed, on every affected car: it
 * would raise the very rate that opened the campaign).
 */
export const countsAsFailure = (claim: Pick<QualityClaim, 'status' | 'campaignId'>): boolean =>
  claim.status !== 'REJECTED' && claim.status !== 'CANCELLED' && claim.campaignId === undefined;

export const MILEAGE_BANDS = [
  { label: '0-10k', below: 10_000 },
  { label: '10-30k', below: 30_000 },
  { label: '30-60k', below: 60_000 },
  { label: '60-100k', below: 100_000 },
  { label: '100k+', below: Number.POSITIVE_INFINITY },
] as const;
export type MileageBand = (typeof MILEAGE_BANDS)[number]['label'];

export function mileageBandOf(odometerKm: number): MileageBand {
  return (MILEAGE_BANDS.find((b) => odometerKm < b.below) ?? MILEAGE_BANDS[4]).label;
}

/** The component a line repaired: its category when the catalogue gave one, else the part itself. */
export const componentOf = (line: { partNumber: string; category?: string }): string =>
  line.category ?? `part:${line.partNumber}`;

export const RATE_DIMENSIONS = ['model', 'modelYear', 'market', 'category', 'part', 'mileageBand'] as const;
export type RateDimension = (typeof RATE_DIMENSIONS)[number];

export interface RateRow {
  key: string;
  /** Distinct claims (a claim replacing two parts of one category counts once for it). */
  claims: number;
  /** Vehicles at least `monthsInService` months in service. */
  vehicles: number;
  /** Claims per 1,000 vehicles, or null when no vehicle has matured (a rate of nothing). */
  per1000: number | null;
}

/** Whether the vehicle had been in service `months` months by `asOf`. */
export const matured = (
  vehicle: Pick<FleetVehicle, 'deliveryDate'>,
  months: number,
  asOf: IsoDate,
): boolean => monthsLater(vehicle.deliveryDate, months) <= asOf;

/** Whether the failure fell within the vehicle's first `months` months (delivery day included). */
const withinFirstMonths = (vehicle: FleetVehicle, failureDate: IsoDate, months: number): boolean =>
  failureDate >= vehicle.deliveryDate && failureDate < monthsLater(vehicle.deliveryDate, months);

function keysOfClaim(dimension: RateDimension, vehicle: FleetVehicle, claim: QualityClaim): string[] {
  switch (dimension) {
    case 'model':
      return [vehicle.model];
    case 'modelYear':
      return [String(vehicle.modelYear)];
    case 'market':
      return [vehicle.market];
    case 'mileageBand':
      return [mileageBandOf(claim.odometerKm)];
    case 'category':
      return [...new Set(claim.lines.map(componentOf))];
    case 'part':
      return [...new Set(claim.lines.map((l) => l.partNumber))];
  }
}

const splitsFleet = (dimension: RateDimension): boolean =>
  dimension === 'model' || dimension === 'modelYear' || dimension === 'market';

const vehicleKey = (dimension: RateDimension, vehicle: FleetVehicle): string | undefined =>
  dimension === 'model'
    ? vehicle.model
    : dimension === 'modelYear'
      ? String(vehicle.modelYear)
      : dimension === 'market'
        ? vehicle.market
        : undefined;

/**
 * Claims per 1,000 vehicles at `monthsInService` months in service, split by `dimension`, rows
 * sorted by key. Claims on VINs not in the registry are left out (no denominator to put them over).
 */
export function failureRates(
  vehicles: readonly FleetVehicle[],
  claims: readonly QualityClaim[],
  dimension: RateDimension,
  monthsInService: number,
  asOf: IsoDate,
): RateRow[] {
  if (!(Number.isInteger(monthsInService) && monthsInService >= 1))
    throw new RangeError(`months in service is a whole number of at least 1, got ${monthsInService}`);
  const fleet = new Map<string, FleetVehicle>();
  for (const v of vehicles) if (matured(v, monthsInService, asOf)) fleet.set(v.vin, v);
  const denominators = new Map<string, number>();
  for (const v of fleet.values()) {
    const key = vehicleKey(dimension, v);
    if (key !== undefined) denominators.set(key, (denominators.get(key) ?? 0) + 1);
  }
  const numerators = new Map<string, number>();
  for (const claim of claims) {
    const vehicle = fleet.get(claim.vin);
    if (
      !vehicle ||
      !countsAsFailure(claim) ||
      !withinFirstMonths(vehicle, claim.failureDate, monthsInService)
    )
      continue;
    for (const key of keysOfClaim(dimension, vehicle, claim))
      numerators.set(key, (numerators.get(key) ?? 0) + 1);
  }
  const keys = new Set([...denominators.keys(), ...numerators.keys()]);
  return [...keys].sort().map((key) => {
    const vehiclesInService = splitsFleet(dimension) ? (denominators.get(key) ?? 0) : fleet.size;
    const count = numerators.get(key) ?? 0;
    return {
      key,
      claims: count,
      vehicles: vehiclesInService,
      per1000: vehiclesInService === 0 ? null : (count * 1000) / vehiclesInService,
    };
  });
}

export const REPEAT_WINDOW_DAYS = 90;

export interface RepeatRepair {
  vin: string;
  component: string;
  firstClaimId: string;
  repeatClaimId: string;
  daysApart: number;
}

/**
 * Repeat repairs: a failure claim on the same VIN and component within 90 days after an earlier
 * one (the later claim's failure day minus the earlier's, 0 to 90 inclusive). Each repeat is
 * paired with the latest earlier repair of that component, so a chain of three is two repeats.
 */
export function repeatRepairs(claims: readonly QualityClaim[]): RepeatRepair[] {
  const byVinComponent = new Map<string, { claimId: string; failureDate: IsoDate }[]>();
  for (const claim of claims.filter(countsAsFailure)) {
    for (const component of new Set(claim.lines.map(componentOf))) {
      const key = `${claim.vin}|${component}`;
      const list = byVinComponent.get(key) ?? [];
      list.push({ claimId: claim.claimId, failureDate: claim.failureDate });
      byVinComponent.set(key, list);
    }
  }
  const repeats: RepeatRepair[] = [];
  for (const [key, list] of byVinComponent) {
    const [vin, component] = key.split('|') as [string, string];
    list.sort((a, b) => a.failureDate.localeCompare(b.failureDate) || a.claimId.localeCompare(b.claimId));
    for (let i = 1; i < list.length; i++) {
      const earlier = list[i - 1] as (typeof list)[number];
      const later = list[i] as (typeof list)[number];
      const daysApart = daysBetween(earlier.failureDate, later.failureDate);
      if (daysApart <= REPEAT_WINDOW_DAYS)
        repeats.push({
          vin,
          component,
          firstClaimId: earlier.claimId,
          repeatClaimId: later.claimId,
          daysApart,
        });
    }
  }
  return repeats.sort(
    (a, b) => a.repeatClaimId.localeCompare(b.repeatClaimId) || a.component.localeCompare(b.component),
  );
}

/**
 * First-time-fix rate: of the repairs (claim × component) whose 90-day watch had ended by `asOf`,
 * the share not followed by a repeat. Null when no repair has finished its watch yet.
 */
export function firstTimeFixRate(
  claims: readonly QualityClaim[],
  asOf: IsoDate,
): { repairs: number; fixedFirstTime: number; rate: number | null } {
  const repeated = new Set(repeatRepairs(claims).map((r) => `${r.firstClaimId}|${r.component}`));
  let repairs = 0;
  let fixedFirstTime = 0;
  for (const claim of claims.filter(countsAsFailure)) {
    if (addDays(claim.failureDate, REPEAT_WINDOW_DAYS) >= asOf) continue;
    for (const component of new Set(claim.lines.map(componentOf))) {
      repairs++;
      if (!repeated.has(`${claim.claimId}|${component}`)) fixedFirstTime++;
    }
  }
  return { repairs, fixedFirstTime, rate: repairs === 0 ? null : fixedFirstTime / repairs };
}

/**
 * Approved warranty cost per vehicle in service (any months), by currency, in minor units (a
 * fraction of a minor unit is kept: this is an average, not an amount to pay).
 */
export function costPerVehicle(
  vehicles: readonly FleetVehicle[],
  claims: readonly QualityClaim[],
  asOf: IsoDate,
): { vehicles: number; byCurrency: Record<string, number> } {
  const inService = new Set(vehicles.filter((v) => v.deliveryDate <= asOf).map((v) => v.vin));
  const totals: Record<string, number> = {};
  for (const claim of claims) {
    if (!claim.approved || !inService.has(claim.vin) || !countsAsFailure(claim)) continue;
    totals[claim.approved.currency] = (totals[claim.approved.currency] ?? 0) + claim.approved.amountMinor;
  }
  const byCurrency: Record<string, number> = {};
  for (const [currency, total] of Object.entries(totals))
    byCurrency[currency] = inService.size === 0 ? 0 : total / inService.size;
  return { vehicles: inService.size, byCurrency };
}
