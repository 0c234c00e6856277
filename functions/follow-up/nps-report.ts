import * as z from 'zod/mini';
import { isMonth, monthsBetween, npsMonth } from '../../domain/follow-up.ts';
import { type NpsSummary, netPromoterScore, netPromoterScoreBy } from '../../domain/nps.ts';
import type { FollowUpStore, NpsEntry } from '../data/follow-up-store.ts';
import type { LifecycleDependencies } from '../lifecycle/dependencies.ts';

const month = /* @__PURE__ */ (() =>
  z.string().check(z.refine(isMonth, 'must be a month such as 2026-03')))();
export const NpsReportQuerySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    from: z.optional(month),
    to: z.optional(month),
    regions: z.optional(z.array(z.string()).check(z.minLength(1))),
    partnerId: z.optional(z.string().check(z.minLength(1))),
  }))();
export type NpsReportQuery = z.infer<typeof NpsReportQuerySchema>;

export interface NpsReport {
  from: string;
  to: string;
  regions: string[];
  overall: NpsSummary;
  byRegion: Record<string, NpsSummary>;
  byPartner: Record<string, NpsSummary & { region: string }>;
}

const MAX_MONTHS = 36;

/**
 * NPS by region and by partner over whole months (default: the last twelve), from this region's
 * replica of the global table: one Query per home region and month (`NPS#<region>#<month>`), never
 * a Scan and no index.
 */
export function npsReport(
  deps: Pick<LifecycleDependencies, 'clock'> & {
    followUp: Pick<FollowUpStore, 'npsEntries'>;
    regions: readonly string[];
  },
) {
  return async (query: NpsReportQuery = {}): Promise<NpsReport> => {
    const q = NpsReportQuerySchema.parse(query);
    const now = deps.clock.now();
    const to = q.to ?? npsMonth(now);
    const from = q.from ?? npsMonth(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)));
    const months = monthsBetween(from, to);
    if (months.length === 0) throw new RangeError(`from ${from} is after to ${to}`);
    if (months.length > MAX_MONTHS) throw new RangeError(`at most ${MAX_MONTHS} months per report`);
    const regions = q.regions ?? [...deps.regions];
    const entries: NpsEntry[] = (
      await Promise.all(
        regions.flatMap((r) => months.map((m) => deps.followUp.npsEntries(r, m, q.partnerId))),
      )
    ).flat();
    const score = (e: NpsEntry) => Number(e.score);
    const sorted = <T>(m: Map<string, T>) =>
      Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
    const regionOf = new Map(entries.map((e) => [e.partnerId, e.region]));
    const byPartner = sorted(netPromoterScoreBy(entries, (e) => e.partnerId, score));
    return {
      from,
      to,
      regions,
      overall: netPromoterScore(entries.map(score)),
      byRegion: sorted(netPromoterScoreBy(entries, (e) => e.region, score)),
      byPartner: Object.fromEntries(
        Object.entries(byPartner).map(([p, s]) => [p, { ...s, region: regionOf.get(p) ?? '' }]),
      ),
    };
  };
}
