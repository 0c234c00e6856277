import type { LineReview } from '../../domain/adjudication.ts';
import type { Actor, ClaimSubmission, Completion } from '../../domain/claim.ts';
import type { Money } from '../../domain/money.ts';
import { followUp } from '../shared/context.ts';
import { type NpsReportQuery, npsReport } from './follow-up.ts';
import { submitClaim } from './intake.ts';
import { loadClaim, loadPartner } from './steps-decision.ts';
import { restockWarehouse } from './steps-parts.ts';
import { completeRepair } from './steps-repair.ts';
import { decideReview, type ReviewOutcome } from './steps-review.ts';

/**
 * The actions people and partners take on claims, as plain functions of JSON arguments. The
 * partner and back-office API handlers call them; the local runtime can also run them in a
 * region directly (scripts and the lifecycle tests).
 */
export const claimOperations = {
  fileClaim: async (a: { partnerId: string; submission: ClaimSubmission; idempotencyKey: string }) => {
    const partner = await loadPartner(a.partnerId);
    return submitClaim(partner, a.submission, a.idempotencyKey);
  },
  getClaim: (a: { claimId: string }) => loadClaim(a.claimId),
  decideReview: (a: {
    claimId: string;
    actor: Actor;
    outcome: ReviewOutcome;
    decisions?: LineReview[];
    approverLimit?: Money;
    note?: string;
  }) => decideReview(a),
  completeRepair: (a: { claimId: string; completion: Completion }) => completeRepair(a.claimId, a.completion),
  restock: (a: { warehouseId: string; partNumber: string; quantity: number }) => restockWarehouse(a),
  /** NPS by region and by partner over whole months, for the back office. */
  npsReport: (a: NpsReportQuery = {}) => npsReport(a),
  /** The emails a claim sent (once-only records: template, state, language, SES message id). */
  claimEmails: (a: { claimId: string }) => followUp.emailsOf(a.claimId),
};

export type ClaimOperation = keyof typeof claimOperations;
