import { campaignDetail, listCampaigns } from '../back-office/campaign-progress.ts';
import { claimMetrics } from '../back-office/claim-metrics.ts';
import { type QualityScope, qualityRates, qualityWarnings } from '../back-office/quality.ts';
import { RecoveryPeriodError, supplierRecoveryReport } from '../back-office/supplier-recovery.ts';
import { backofficeApi } from '../catalog.ts';
import {
  campaigns,
  claimReads,
  clock,
  fleet,
  followUp,
  marketRegions,
  partners,
  quality,
  region,
} from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok, type RouteAnswer } from '../shared/partner-route.ts';
import { ProblemError } from '../shared/problem.ts';
import { routeFamily } from '../shared/route-family.ts';
import { claimMetricsContract, listCampaignsContract } from './contract.ts';
import { MAX_RECOVERY_MONTHS } from './metrics-query.ts';

/**
 * GET metrics (claims, or the quality reports: ?report=failure-rates|early-warnings|supplier-recovery)
 * and GET campaigns, in one Lambda (catalog `claimMetrics`); each route a full back-office chain,
 * for viewers and up. A manager opens a campaign through another function (open-campaign.ts).
 */

const DEFAULT_DAYS = 30;
const DEFAULT_MONTHS_IN_SERVICE = 12;
const claimFigures = claimMetrics({ partners, claimReads, followUp, clock });
const rates = qualityRates({ quality, fleet, marketRegions, clock });
const warnings = qualityWarnings({ quality, fleet, marketRegions, clock });
// Loaded on first use: the chargeback file is written with csv-stringify, which the other reports
// do not need.
const chargebackFile = async (report: Parameters<typeof import('./chargeback-file.ts').chargebackFile>[0]) =>
  (await import('./chargeback-file.ts')).chargebackFile(report);
const list = listCampaigns({ campaigns });
const detail = campaignDetail({ campaigns, quality, clock });
const recovery = supplierRecoveryReport({ quality, marketRegions, clock }, MAX_RECOVERY_MONTHS);

async function supplierRecoveryAnswer(q: {
  market?: string;
  region?: string;
  supplier?: string;
  from?: string;
  to?: string;
  format?: 'json' | 'csv';
}): Promise<RouteAnswer> {
  try {
    const report = await recovery({
      scope: scopeOf(q),
      ...(q.supplier ? { supplier: q.supplier } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
    });
    if (q.format === 'csv') return await chargebackFile(report);
    // Line by line only for one supplier (its chargeback); every supplier's lines are the CSV's.
    const { lines, ...summary } = report;
    return ok(q.supplier ? report : summary);
  } catch (err) {
    if (err instanceof RecoveryPeriodError)
      throw new ProblemError('validation', err.message, {
        errors: [{ parameter: 'from', detail: err.message }],
      });
    throw err;
  }
}

const scopeOf = (q: { market?: string; region?: string }): QualityScope =>
  q.market ? { market: q.market } : q.region ? { region: q.region } : { global: true };

export const handler = routeFamily(backofficeApi.claimMetrics, {
  claimMetrics: backofficeRoute(claimMetricsContract, 'viewer', async ({ query }) => {
    switch (query.report ?? 'claims') {
      case 'failure-rates':
        return ok(
          await rates({
            scope: scopeOf(query),
            // The contract requires `by` with this report.
            by: query.by as NonNullable<typeof query.by>,
            monthsInService: query.monthsInService ?? DEFAULT_MONTHS_IN_SERVICE,
            ...(query.asOf ? { asOf: query.asOf } : {}),
          }),
        );
      case 'supplier-recovery':
        return supplierRecoveryAnswer(query);
      case 'early-warnings':
        return ok(await warnings({ scope: scopeOf(query), ...(query.month ? { month: query.month } : {}) }));
      default:
        return ok(await claimFigures({ region: query.region ?? region, days: query.days ?? DEFAULT_DAYS }));
    }
  }),
  listCampaigns: backofficeRoute(listCampaignsContract, 'viewer', async ({ query }) => {
    if (!query.campaignId) return ok(await list(query.market ? { market: query.market } : {}));
    const found = await detail(query.campaignId);
    if (!found) throw new ProblemError('notFound', `no campaign ${query.campaignId}`);
    return ok(found);
  }),
});
