import { addDays, type IsoDate, monthsLater } from '../../domain/calendar.ts';
import type { Claim } from '../../domain/claim.ts';
import {
  type DealerSignal,
  laborOperationSignals,
  odometerSignal,
  partnerSignals,
} from '../../domain/quality/dealer-signals.ts';
import { DEFAULT_DETECTOR } from '../../domain/quality/early-warning.ts';
import type { QualityFactRecord } from '../../domain/quality/ledger.ts';
import {
  earlyWarnings,
  type Month,
  monthOf,
  monthsFrom,
  qualityFactsOf,
} from '../../domain/quality/monitor.ts';
import {
  costPerVehicle,
  type FleetVehicle,
  failureRates,
  firstTimeFixRate,
  matured,
  type RateDimension,
  repeatRepairs,
} from '../../domain/quality/rates.ts';
import { mapLimited } from '../shared/concurrency.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

/**
 * The quality reports of the back office (issue 17), read from the quality ledger the workflow
 * keeps as claims change (`QUALITY#<market>#<month>`) and the registered fleet (`FLEET#<market>`):
 * per market, never a scan of the claims. Any region can answer for every market (the global
 * table's replica); a scope narrows it to one market or to the markets one region serves.
 */

/** Older failures than this are not read for a rate (60 ledger partitions per market at most). */
export const RATE_WINDOW_MONTHS = 60;
/** Ledger months read in parallel. */
const READS_AT_ONCE = 8;

export type QualityScope = { market: string } | { region: string } | { global: true };

type Deps = Pick<BackOfficeDependencies, 'quality' | 'fleet' | 'marketRegions' | 'clock'>;

export function marketsOf(deps: Pick<Deps, 'marketRegions'>, scope: QualityScope): string[] {
  if ('market' in scope) return [scope.market];
  const all = [...deps.marketRegions.entries()];
  return all
    .filter(([, region]) => !('region' in scope) || region === scope.region)
    .map(([market]) => market)
    .sort();
}

export async function factsOf(
  deps: Pick<Deps, 'quality'>,
  markets: readonly string[],
  months: readonly Month[],
) {
  const reads = markets.flatMap((market) => months.map((month) => ({ market, month })));
  const pages = await mapLimited(reads, READS_AT_ONCE, ({ market, month }) =>
    deps.quality.month(market, month),
  );
  return pages.flat();
}

async function fleetOf(deps: Deps, markets: readonly string[]): Promise<FleetVehicle[]> {
  return (await mapLimited(markets, READS_AT_ONCE, (m) => deps.fleet.ofMarket(m))).flat();
}

const scopeView = (scope: QualityScope) => ('global' in scope ? { global: true } : scope);

/** Failure rates at N months in service, split one way, with repeats, first-time fix and cost per vehicle. */
export function qualityRates(deps: Deps) {
  return async (q: { scope: QualityScope; by: RateDimension; monthsInService: number; asOf?: IsoDate }) => {
    const asOf = q.asOf ?? deps.clock.now().toISOString().slice(0, 10);
    const markets = marketsOf(deps, q.scope);
    const vehicles = await fleetOf(deps, markets);
    // The claims that can count: failures from the oldest matured delivery on, at most 60 months back.
    const earliest = vehicles
      .filter((v) => matured(v, q.monthsInService, asOf))
      .reduce<IsoDate | undefined>(
        (min, v) => (!min || v.deliveryDate < min ? v.deliveryDate : min),
        undefined,
      );
    const floor = monthsLater(asOf, -RATE_WINDOW_MONTHS);
    const from = monthOf(earliest && earliest > floor ? earliest : floor);
    const months = monthsFrom(from, monthOf(asOf));
    const claims = await factsOf(deps, markets, months);
    return {
      scope: scopeView(q.scope),
      markets,
      asOf,
      by: q.by,
      monthsInService: q.monthsInService,
      monthsRead: { from, to: monthOf(asOf) },
      vehiclesRegistered: vehicles.length,
      claimsRead: claims.length,
      rows: failureRates(vehicles, claims, q.by, q.monthsInService, asOf),
      repeatRepairs: repeatRepairs(claims).length,
      firstTimeFix: firstTimeFixRate(claims, asOf),
      costPerVehicle: costPerVehicle(vehicles, claims, asOf),
    };
  };
}

/** The early-warning test of one month for every component of every market in scope. */
export function qualityWarnings(deps: Deps) {
  return async (q: { scope: QualityScope; month?: Month }) => {
    const month = q.month ?? monthOf(deps.clock.now().toISOString().slice(0, 10));
    const markets = marketsOf(deps, q.scope);
    const from = monthOf(monthsLater(`${month}-01`, -DEFAULT_DETECTOR.baselinePeriods));
    const [vehicles, claims] = await Promise.all([
      fleetOf(deps, markets),
      factsOf(deps, markets, monthsFrom(from, month)),
    ]);
    return {
      scope: scopeView(q.scope),
      markets,
      month,
      detector: DEFAULT_DETECTOR,
      flags: earlyWarnings(vehicles, claims, month),
    };
  };
}

/** How far back the partner signals of a claim look (its failure month and the five before). */
const PARTNER_SIGNAL_MONTHS = 6;

/**
 * The dealer signals of one claim, each with its evidence: labour operations that do not fit the
 * part, an odometer lower than an earlier claim of the vehicle, and its partner far above its
 * market. For adjusters to look at; nothing here decides the claim.
 */
export function claimSignals(deps: Pick<BackOfficeDependencies, 'quality' | 'claims' | 'partsCatalog'>) {
  return async (claim: Claim): Promise<DealerSignal[]> => {
    const month = monthOf(claim.failureDate);
    const months = monthsFrom(monthOf(monthsLater(`${month}-01`, -(PARTNER_SIGNAL_MONTHS - 1))), month);
    const [parts, earlier, market] = await Promise.all([
      deps.partsCatalog.getParts(claim.lines.map((l) => l.partNumber)),
      // Every claim of the vehicle filed in the 10 years before this one.
      deps.claims.listByVin(claim.vin, addDays(claim.filedAt.slice(0, 10), -3653)),
      Promise.all(months.map((m) => deps.quality.month(claim.market, m))).then((p) => p.flat()),
    ]);
    const fits = new Map([...parts].flatMap(([n, p]) => (p.laborOperations ? [[n, p.laborOperations]] : [])));
    const facts = { ...qualityFactsOf(claim), lines: claim.lines };
    return [
      ...laborOperationSignals(facts, fits),
      ...odometerSignal(facts, earlier.map(qualityFactsOf)),
      ...partnerSignals(market as QualityFactRecord[]).filter((s) => s.partnerId === claim.partnerId),
    ];
  };
}
