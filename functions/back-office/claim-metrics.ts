import { addDays } from '../../domain/calendar.ts';
import { claimMetrics as computeMetrics, type MetricsClaim } from '../../domain/claim-metrics.ts';
import { costOfMix, pathMix } from '../../domain/claim-paths.ts';
import { monthsBetween, npsMonth } from '../../domain/follow-up.ts';
import { MEASURED_PATH_COSTS } from '../../domain/measured-path-costs.ts';
import type { BackOfficeDependencies } from './dependencies.ts';
import { partnersOf } from './partner-directory.ts';

/** The most claims one answer reads: past it the answer says `truncated` (narrow `days`). */
export const MAX_METRICS_CLAIMS = 20_000;

/** What the metrics rules read of a claim. */
const METRICS_ATTRIBUTES = [
  'claimId',
  'filedAt',
  'status',
  'events',
  'lines',
  'reservations',
  'backorders',
] as const satisfies readonly (keyof MetricsClaim)[];

/**
 * Metrics of the claims filed in a region in the last `days` UTC days (today included), from
 * bounded index queries: the region's partners (one Query), then each partner's claims filed in the
 * window (GSI byPartner, `gsi1sk` between the window's ends, only the attributes the rules read),
 * and the NPS entries of the months the window touches. The cost grows with the claims in the
 * window (at most 90 days, at most 20,000 claims per answer), not with the table.
 */
export function claimMetrics(
  deps: Pick<BackOfficeDependencies, 'partners' | 'claimReads' | 'followUp' | 'clock'>,
) {
  return async (q: { region: string; days: number }) => {
    const now = deps.clock.now();
    const today = now.toISOString().slice(0, 10);
    const firstDay = addDays(today, -(q.days - 1));
    const from = `${firstDay}T00:00:00.000Z`;
    const to = now.toISOString();

    let truncated = false;
    const claims: MetricsClaim[] = [];
    for (const p of await partnersOf(deps, q.region)) {
      if (claims.length >= MAX_METRICS_CLAIMS) {
        truncated = true;
        break;
      }
      const page = await deps.claimReads.filedBetween(
        p.partnerId,
        { from, to },
        METRICS_ATTRIBUTES,
        MAX_METRICS_CLAIMS - claims.length,
      );
      claims.push(...(page.items as MetricsClaim[]));
      truncated ||= page.truncated;
    }

    const entries = (
      await Promise.all(
        monthsBetween(npsMonth(from), npsMonth(to)).map((m) => deps.followUp.npsEntries(q.region, m)),
      )
    )
      .flat()
      .filter((e) => e.at >= from && e.at <= to);

    const mix = pathMix(claims);
    const modelled = costOfMix(mix, MEASURED_PATH_COSTS.usdPer1000);
    return {
      region: q.region,
      from,
      to,
      days: q.days,
      ...computeMetrics({ claims, firstDay, days: q.days, npsScores: entries.map((e) => Number(e.score)) }),
      // A model, not a bill: this window's claims per path × each path's cost as the cost bench
      // measured it (issue 18).
      modelledCost: {
        usdPer1000Claims: modelled === undefined ? null : Math.round(modelled * 1000) / 1000,
        pathMix: mix,
        usdPer1000ByPath: MEASURED_PATH_COSTS.usdPer1000,
        measuredOn: MEASURED_PATH_COSTS.measuredOn,
        commit: MEASURED_PATH_COSTS.commit,
      },
      ...(truncated ? { truncated: true } : {}),
    };
  };
}
