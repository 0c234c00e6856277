import type { ClaimSubmission, Completion } from '../domain/claim.ts';
import { claimAtHome } from './back-office/claim-at-home.ts';
import { npsReport } from './follow-up/nps-report.ts';
import { loadClaim } from './lifecycle/claim-loader.ts';
import { completeRepairAction } from './lifecycle/complete-repair.ts';
import { decideReviewAction } from './lifecycle/decide-review.ts';
import { fileClaimAction } from './lifecycle/file-claim.ts';
import { restockWarehouseAction } from './lifecycle/restock-warehouse.ts';
import { adapters } from './shared/all-adapters.ts';
import { businessMetrics } from './shared/business-metrics.ts';

const fileClaim = fileClaimAction(adapters);
const completeRepair = completeRepairAction(adapters);

/**
 * The actions people and partners take on claims, by name, with JSON arguments: the same functions
 * the partner and back-office API handlers call, for the local runtime to run in a region directly
 * (scripts, the demo, the lifecycle tests). Loaded by its Lambda workers (`local/lambda/`).
 */
const operations = {
  fileClaim: (a: { partnerId: string; submission: ClaimSubmission; idempotencyKey: string }) =>
    fileClaim(a.partnerId, a.submission, a.idempotencyKey),
  getClaim: (a: { claimId: string }) => loadClaim(adapters, a.claimId),
  decideReview: decideReviewAction(adapters),
  completeRepair: async (a: { claimId: string; completion: Completion }) =>
    completeRepair(await claimAtHome(adapters, a.claimId), a.completion),
  restock: restockWarehouseAction(adapters),
  /** NPS by region and by partner over whole months, for the back office. */
  npsReport: npsReport(adapters),
  /** The emails a claim sent (once-only records: template, state, language, SES message id). */
  claimEmails: (a: { claimId: string }) => adapters.emails.emailsOf(a.claimId),
  /** The quality facts of a market's claims that failed in a month, as this region's replica has them. */
  qualityFacts: (a: { market: string; month: string }) => adapters.quality.month(a.market, a.month),
};

export type ClaimOperation = keyof typeof operations;

/** Runs one operation; what it counted is published as a handler's would be. */
export const claimOperations = Object.fromEntries(
  Object.entries(operations).map(([name, op]) => [
    name,
    async (args: never) => {
      try {
        return await (op as (a: never) => Promise<unknown>)(args);
      } finally {
        businessMetrics.publish();
      }
    },
  ]),
) as typeof operations;
