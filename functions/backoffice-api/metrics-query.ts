import * as z from 'zod/mini';
import { IsoDateSchema } from '../../domain/calendar.ts';
import { MarketCodeSchema } from '../../domain/partner.ts';
import { RATE_DIMENSIONS } from '../../domain/quality/rates.ts';
import { RegionSchema } from '../../domain/region.ts';
import { wholeNumberParam } from '../shared/query-params.ts';

/** The query of GET metrics: which report, and the parameters each report takes. */

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const METRICS_REPORTS = ['claims', 'failure-rates', 'early-warnings', 'supplier-recovery'] as const;
/** The parameters each report of GET metrics takes (issue 17 added the quality reports). */
const REPORT_PARAMETERS: Record<(typeof METRICS_REPORTS)[number], readonly string[]> = {
  claims: ['region', 'days'],
  'failure-rates': ['market', 'region', 'by', 'monthsInService', 'asOf'],
  'early-warnings': ['market', 'region', 'month'],
  'supplier-recovery': ['market', 'region', 'supplier', 'from', 'to', 'format'],
};

/**
 * GET metrics: `report=claims` (the default: a region's claims, approval, cycle time, fill rate,
 * NPS), `failure-rates` (by one of RATE_DIMENSIONS at N months in service) or `early-warnings` (a
 * month's flags). The quality reports cover one `market`, the markets of one `region`, or (neither)
 * every market. A parameter another report takes is an error naming it, not silently ignored.
 */
export const MetricsQuerySchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      report: z.optional(
        z.enum(METRICS_REPORTS, { error: `report must be one of ${METRICS_REPORTS.join(', ')}` }),
      ),
      region: z.optional(RegionSchema),
      days: z.optional(wholeNumberParam('days', 1, 90)),
      market: z.optional(MarketCodeSchema),
      by: z.optional(z.enum(RATE_DIMENSIONS, { error: `by must be one of ${RATE_DIMENSIONS.join(', ')}` })),
      monthsInService: z.optional(wholeNumberParam('monthsInService', 1, 120)),
      asOf: z.optional(IsoDateSchema),
      month: z.optional(z.string().check(z.regex(MONTH, 'month is YYYY-MM, such as 2026-11'))),
      /** Supplier recovery: one supplier's parts (as the catalogue names it), failures from/to a month. */
      supplier: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
      from: z.optional(z.string().check(z.regex(MONTH, 'from is YYYY-MM, such as 2026-01'))),
      to: z.optional(z.string().check(z.regex(MONTH, 'to is YYYY-MM, such as 2026-12'))),
      /** csv: the chargeback file, one row per approved claim line (text/csv). */
      format: z.optional(z.enum(['json', 'csv'], { error: 'format must be json or csv' })),
    })
    .check(
      z.superRefine((q, ctx) => {
        const report = q.report ?? 'claims';
        const takes = REPORT_PARAMETERS[report];
        for (const [name, value] of Object.entries(q))
          if (name !== 'report' && value !== undefined && !takes.includes(name))
            ctx.addIssue({
              code: 'custom',
              path: [name],
              message: `${name} does not go with report=${report}, which takes ${takes.join(', ')}`,
            });
        if (report === 'failure-rates' && !q.by)
          ctx.addIssue({
            code: 'custom',
            path: ['by'],
            message: `report=failure-rates needs by: one of ${RATE_DIMENSIONS.join(', ')}`,
          });
        if (q.from && q.to && q.from > q.to)
          ctx.addIssue({ code: 'custom', path: ['from'], message: `from (${q.from}) is after to (${q.to})` });
        if (report !== 'claims' && q.market && q.region)
          ctx.addIssue({
            code: 'custom',
            path: ['region'],
            message: 'give market or region, not both (neither: every market)',
          });
      }),
    ))();

/** Supplier recovery: at most five years of failure months in one report. */
export const MAX_RECOVERY_MONTHS = 60;
