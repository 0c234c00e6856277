import { backorderedPartsOf } from './allocation.ts';
import { addDays, type IsoDate } from './calendar.ts';
import { allowedQuantity, type Claim, payableLines } from './claim.ts';
import { netPromoterScore } from './nps.ts';

/**
 * Operations metrics of the back office, computed from the claims filed in a window (the cohort)
 * and the survey answers given in it. Pure: the caller reads the claims (bounded GSI queries) and
 * hands them in. Definitions (docs/backoffice-api.md repeats them for the console):
 * - claims per day: by the UTC day of `filedAt`, every day of the window, zeros included;
 * - auto-approval rate: claims approved by the system at their first decision ÷ claims that got a
 *   first decision (approved, sent to review, or rejected; a claim cancelled before it is left out);
 * - cycle time: from filing to the first move to SETTLED (or CLOSED if the trail has no SETTLED),
 *   in hours, over the cohort's claims that got there; percentiles by the nearest-rank method;
 * - parts fill rate: payable lines whose part was reserved at the first allocation, without a
 *   backorder ÷ payable lines, over the cohort's claims that were allocated;
 * - NPS: the answers' net promoter score (`domain/nps.ts`).
 */

export type MetricsClaim = Pick<
  Claim,
  'claimId' | 'filedAt' | 'status' | 'events' | 'lines' | 'reservations' | 'backorders'
>;

/** The value at percentile `p` (0 < p ≤ 100) by nearest rank: the smallest with ≥ p % at or below it. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p > 0 && p <= 100)) throw new RangeError(`a percentile is above 0 and at most 100, got ${p}`);
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

const HOUR_MS = 3_600_000;

/** Hours from filing to settlement (or closing), or undefined while the claim has not got there. */
export function cycleTimeHours(claim: Pick<Claim, 'filedAt' | 'events'>): number | undefined {
  const end = claim.events.find((e) => e.to === 'SETTLED') ?? claim.events.find((e) => e.to === 'CLOSED');
  return end ? (Date.parse(end.at) - Date.parse(claim.filedAt)) / HOUR_MS : undefined;
}

export type FirstDecision = 'AUTO_APPROVED' | 'REVIEW' | 'REJECTED';

/** How adjudication first decided the claim, from its audit trail; undefined before (or if cancelled). */
export function firstDecisionOf(claim: Pick<Claim, 'events'>): FirstDecision | undefined {
  const decision = claim.events.find((e) => e.from === 'RECEIVED' && e.to !== 'CANCELLED');
  if (!decision) return undefined;
  if (decision.to === 'APPROVED') return decision.actor.kind === 'system' ? 'AUTO_APPROVED' : 'REVIEW';
  if (decision.to === 'REJECTED') return 'REJECTED';
  return 'REVIEW';
}

/**
 * The claim's payable lines and how many of them were filled from stock at the first allocation;
 * undefined until parts were allocated. A line counts as not filled when any unit of its part was
 * backordered (the first AWAITING_PARTS event names those parts).
 */
export function partsFillOf(
  claim: Pick<Claim, 'events' | 'lines' | 'reservations' | 'backorders'>,
): { lines: number; filled: number } | undefined {
  const waited = claim.events.find((e) => e.to === 'AWAITING_PARTS');
  const allocated =
    waited !== undefined || claim.backorders !== undefined || (claim.reservations?.length ?? 0) > 0;
  if (!allocated) return undefined;
  const lines = payableLines(claim).filter((l) => allowedQuantity(l) > 0);
  const backordered = new Set(waited ? backorderedPartsOf(waited.reason) : []);
  return { lines: lines.length, filled: lines.filter((l) => !backordered.has(l.partNumber)).length };
}

/** One count per UTC day from `firstDay`, `days` days long; filings outside are not counted. */
export function claimsPerDay(
  filedAt: readonly string[],
  firstDay: IsoDate,
  days: number,
): { date: IsoDate; count: number }[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < days; i++) counts.set(addDays(firstDay, i), 0);
  for (const at of filedAt) {
    const day = new Date(at).toISOString().slice(0, 10);
    const n = counts.get(day);
    if (n !== undefined) counts.set(day, n + 1);
  }
  return [...counts].map(([date, count]) => ({ date, count }));
}

/** A share from 0 to 1 with four decimals, or null when there is nothing to divide by. */
const share = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
const tenths = (hours: number | undefined): number | null =>
  hours === undefined ? null : Math.round(hours * 10) / 10;

export interface ClaimMetrics {
  readonly claims: number;
  readonly claimsPerDay: { date: IsoDate; count: number }[];
  readonly autoApprovalRate: number | null;
  /** Claims with a first decision: the auto-approval rate's denominator. */
  readonly decided: number;
  readonly cycleTimeHours: { p50: number | null; p90: number | null; p99: number | null; settled: number };
  readonly partsFillRate: number | null;
  /** Payable lines of allocated claims: the fill rate's denominator. */
  readonly partsLines: number;
  readonly nps: {
    score: number | null;
    responses: number;
    promoters: number;
    passives: number;
    detractors: number;
  };
}

export function claimMetrics(input: {
  /** The claims filed in the window. */
  claims: readonly MetricsClaim[];
  firstDay: IsoDate;
  days: number;
  /** Survey scores (0–10) answered in the window. */
  npsScores: readonly number[];
}): ClaimMetrics {
  const { claims } = input;
  const decisions = claims.map(firstDecisionOf).filter((d) => d !== undefined);
  const cycles = claims.map(cycleTimeHours).filter((h) => h !== undefined);
  const fills = claims.map(partsFillOf).filter((f) => f !== undefined);
  const lines = fills.reduce((n, f) => n + f.lines, 0);
  const nps = netPromoterScore(input.npsScores);
  return {
    claims: claims.length,
    claimsPerDay: claimsPerDay(
      claims.map((c) => c.filedAt),
      input.firstDay,
      input.days,
    ),
    autoApprovalRate: share(decisions.filter((d) => d === 'AUTO_APPROVED').length, decisions.length),
    decided: decisions.length,
    cycleTimeHours: {
      p50: tenths(percentile(cycles, 50)),
      p90: tenths(percentile(cycles, 90)),
      p99: tenths(percentile(cycles, 99)),
      settled: cycles.length,
    },
    partsFillRate: share(
      fills.reduce((n, f) => n + f.filled, 0),
      lines,
    ),
    partsLines: lines,
    nps: {
      score: nps.nps ?? null,
      responses: nps.responses,
      promoters: nps.promoters,
      passives: nps.passives,
      detractors: nps.detractors,
    },
  };
}
