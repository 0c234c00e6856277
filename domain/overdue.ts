import type { Claim, ClaimStatus } from './claim.ts';

/**
 * When a claim is overdue: it has stayed in its current status past the time by which someone (a
 * reviewer, the partner, the workflow itself) owed the next move. The back office lists and counts
 * these claims (search `overdue=true`, the queues' `overdue` count).
 *
 * - IN_REVIEW: the review timeout passed. The workflow's own timer decides (AwaitReview's timeout,
 *   `workflow.reviewTimeoutSeconds` in infra/config.ts): when it fires, EscalateReview stamps
 *   `escalatedAt` on the claim. Reading that stamp keeps one clock for the rule and the workflow
 *   (locally the workflow's clock runs faster, by the runtime's time scale).
 * - SCHEDULED: the appointment has ended and no completion was reported, or the workflow already
 *   reminded the partner (its repair timer fired). A SCHEDULED claim with no appointment (its
 *   workflow failed and gave the slot back) is overdue once stalled.
 * - RECEIVED, APPROVED, REPAIRED: the workflow moves these on within seconds (one task each); a
 *   claim left in one for STALLED_AFTER_MINUTES has a failed or stuck workflow.
 * - AWAITING_PARTS is never overdue: waiting for a restock is the plan, and the restock timeout
 *   ends the wait by itself. SETTLED waits for the survey by design. REJECTED, CLOSED and
 *   CANCELLED are ends.
 */

export const STALLED_AFTER_MINUTES = 60;

/** Statuses the workflow leaves within a task's run: overdue once unchanged this long. */
export const TRANSIENT_STATUSES: readonly ClaimStatus[] = ['RECEIVED', 'APPROVED', 'REPAIRED'];

/** Every status a claim can be overdue in, in the order the back office lists them. */
export const OVERDUE_STATUSES: readonly ClaimStatus[] = ['IN_REVIEW', 'SCHEDULED', ...TRANSIENT_STATUSES];

export const OVERDUE_REASONS = [
  /** IN_REVIEW past the review timeout (escalated to a manager). */
  'REVIEW_TIMED_OUT',
  /** SCHEDULED, the appointment ended, no completion reported. */
  'APPOINTMENT_PASSED',
  /** SCHEDULED and the workflow has reminded the partner of the missing completion. */
  'REPAIR_NOT_REPORTED',
  /** A status the workflow should have left long ago (failed or stuck workflow). */
  'STALLED',
] as const;
export type OverdueReason = (typeof OVERDUE_REASONS)[number];

export interface Overdue {
  readonly reason: OverdueReason;
  /** When the claim became overdue (ISO 8601). */
  readonly since: string;
}

export type OverdueFacts = Pick<
  Claim,
  'status' | 'updatedAt' | 'escalatedAt' | 'appointment' | 'completion' | 'repairReminders'
>;

const MINUTE_MS = 60_000;

/** The moment before which a transient status counts as stalled. */
export const stalledBefore = (now: Date): Date => new Date(now.getTime() - STALLED_AFTER_MINUTES * MINUTE_MS);

function stalled(claim: OverdueFacts, now: Date): Overdue | undefined {
  const since = new Date(Date.parse(claim.updatedAt) + STALLED_AFTER_MINUTES * MINUTE_MS);
  return since.getTime() < now.getTime() ? { reason: 'STALLED', since: since.toISOString() } : undefined;
}

/** Why and since when the claim is overdue at `now`, or undefined if it is not. */
export function overdueOf(claim: OverdueFacts, now: Date): Overdue | undefined {
  switch (claim.status) {
    case 'IN_REVIEW':
      return claim.escalatedAt && Date.parse(claim.escalatedAt) <= now.getTime()
        ? { reason: 'REVIEW_TIMED_OUT', since: claim.escalatedAt }
        : undefined;
    case 'SCHEDULED': {
      if (claim.completion) return undefined;
      const end = claim.appointment?.end;
      if (end && Date.parse(end) < now.getTime()) return { reason: 'APPOINTMENT_PASSED', since: end };
      if ((claim.repairReminders ?? 0) > 0) return { reason: 'REPAIR_NOT_REPORTED', since: claim.updatedAt };
      return end ? undefined : stalled(claim, now);
    }
    case 'RECEIVED':
    case 'APPROVED':
    case 'REPAIRED':
      return stalled(claim, now);
    default:
      return undefined;
  }
}

export const isOverdue = (claim: OverdueFacts, now: Date): boolean => overdueOf(claim, now) !== undefined;
