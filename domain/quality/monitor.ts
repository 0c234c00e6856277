import { daysBetween, type IsoDate, monthsLater } from '../calendar.ts';
import type { Claim } from '../claim.ts';
import {
  DEFAULT_DETECTOR,
  type DetectorSettings,
  type EarlyWarningFlag,
  type PeriodCount,
  testPeriod,
} from './early-warning.ts';
import { componentOf, countsAsFailure, type FleetVehicle, type QualityClaim } from './rates.ts';

/**
 * Joins the registry and the claims to the early-warning test: the monthly series of one
 * component in one market (claims by failure month over vehicle-months in service) and the scan
 * of every component of every market for one month.
 */

/** What quality analysis keeps of a claim: no customer, no complaint text, only the repair. */
export function qualityFactsOf(claim: Claim): QualityClaim {
  const approved = claim.amounts?.approved;
  return {
    claimId: claim.claimId,
    vin: claim.vin,
    partnerId: claim.partnerId,
    market: claim.market,
    failureDate: claim.failureDate,
    odometerKm: claim.odometerKm,
    status: claim.status,
    lines: claim.lines.map((l) => ({
      partNumber: l.partNumber,
      laborOperation: l.laborOperation,
      ...(l.category ? { category: l.category } : {}),
      ...(l.supplier ? { supplier: l.supplier } : {}),
      ...(l.approvedAmount
        ? {
            lineNo: l.lineNo,
            quantity: l.adjusted?.quantity ?? l.quantity,
            approvedAmount: {
              amountMinor: l.approvedAmount.amountMinor,
              currency: l.approvedAmount.currency,
            },
          }
        : {}),
    })),
    ...(approved ? { approved: { amountMinor: approved.amountMinor, currency: approved.currency } } : {}),
    ...(claim.campaignId ? { campaignId: claim.campaignId } : {}),
    ...(claim.partReturns?.length
      ? { partReturns: claim.partReturns.map((r) => ({ lineNo: r.lineNo, status: r.status })) }
      : {}),
  };
}

/** A calendar month, "2026-11". */
export type Month = string;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const monthOf = (date: IsoDate): Month => date.slice(0, 7);

/** The months from `from` to `to`, both included. */
export function monthsFrom(from: Month, to: Month): Month[] {
  if (!MONTH.test(from) || !MONTH.test(to)) throw new RangeError(`months are YYYY-MM, got ${from} and ${to}`);
  const months: Month[] = [];
  for (let m = from; m <= to; m = monthOf(monthsLater(`${m}-01`, 1))) months.push(m);
  return months;
}

/**
 * Vehicle-months in service of `vehicles` in `month`: each counts the share of the month's days
 * on or after its delivery (a car delivered on the 16th of a 30-day month counts 0.5).
 */
export function vehicleMonths(vehicles: readonly Pick<FleetVehicle, 'deliveryDate'>[], month: Month): number {
  const first = `${month}-01`;
  const next = monthsLater(first, 1);
  const days = daysBetween(first, next);
  let total = 0;
  for (const v of vehicles) {
    if (v.deliveryDate >= next) continue;
    total += v.deliveryDate <= first ? 1 : daysBetween(v.deliveryDate, next) / days;
  }
  return total;
}

/** Claims of `component` in `market` by failure month over the market's vehicle-months, oldest first. */
export function monthlySeries(
  vehicles: readonly FleetVehicle[],
  claims: readonly QualityClaim[],
  market: string,
  component: string,
  from: Month,
  to: Month,
): PeriodCount[] {
  const fleet = vehicles.filter((v) => v.market === market);
  const counts = new Map<Month, number>();
  for (const c of claims) {
    if (c.market !== market || !countsAsFailure(c) || !c.lines.some((l) => componentOf(l) === component))
      continue;
    counts.set(monthOf(c.failureDate), (counts.get(monthOf(c.failureDate)) ?? 0) + 1);
  }
  return monthsFrom(from, to).map((period) => ({
    period,
    claims: counts.get(period) ?? 0,
    exposure: vehicleMonths(fleet, period),
  }));
}

export interface ComponentFlag extends EarlyWarningFlag {
  market: string;
  component: string;
}

/**
 * Tests `month` for every component that failed in it in every market, against each one's own
 * baseline (the months before it); flags sorted by market, then component.
 */
export function earlyWarnings(
  vehicles: readonly FleetVehicle[],
  claims: readonly QualityClaim[],
  month: Month,
  settings: DetectorSettings = DEFAULT_DETECTOR,
): ComponentFlag[] {
  const from = monthOf(monthsLater(`${month}-01`, -settings.baselinePeriods));
  const candidates = new Set<string>();
  for (const c of claims)
    if (monthOf(c.failureDate) === month && countsAsFailure(c))
      for (const l of c.lines) candidates.add(`${c.market}|${componentOf(l)}`);
  const flags: ComponentFlag[] = [];
  for (const candidate of [...candidates].sort()) {
    const [market, component] = candidate.split('|') as [string, string];
    const series = monthlySeries(vehicles, claims, market, component, from, month);
    const flag = testPeriod(series.slice(0, -1), series[series.length - 1] as PeriodCount, settings);
    if (flag) flags.push({ ...flag, market, component });
  }
  return flags;
}
