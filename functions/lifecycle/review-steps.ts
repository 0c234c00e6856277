import type { Claim } from '../../domain/claim.ts';
import { loadClaim, updateClaim } from './claim-loader.ts';
import type { LifecycleDependencies, StepInput } from './dependencies.ts';

export type ReviewOutcome = 'APPROVED' | 'REJECTED';

/** How the review ended, read from the audit trail; undefined while it is open. */
export const reviewOutcomeOf = (claim: Claim): ReviewOutcome | undefined => {
  const decided = claim.events.find((e) => e.from === 'IN_REVIEW')?.to;
  return decided === 'APPROVED' || decided === 'REJECTED' ? decided : undefined;
};

/**
 * The workflow's wait for a person's review: AwaitReview; when nobody answered, EscalateReview to a
 * manager once, then RemindReview weekly (bounded by the workflow) until the claim waits overdue.
 */
export function reviewSteps(deps: Pick<LifecycleDependencies, 'region' | 'clock' | 'claims' | 'waits'>) {
  return {
    /**
     * Parks the claim for a person: the task token is kept where the review action finds it. If the
     * review already happened (a retried or resumed run), answers at once.
     */
    async awaitReview(
      input: StepInput & { taskToken: string; escalated: boolean },
    ): Promise<{ waiting: boolean }> {
      await deps.waits.park(input.claimId, 'review', input.taskToken, { escalated: input.escalated });
      const outcome = reviewOutcomeOf(await loadClaim(deps, input.claimId));
      if (outcome) {
        await deps.waits.resume(input.claimId, 'review', { outcome });
        return { waiting: false };
      }
      return { waiting: true };
    },

    /** A review nobody answered in time goes to a manager (recorded on the claim for the queues). */
    async escalateReview({ claimId, epoch }: StepInput): Promise<{ escalatedAt: string; reminders: number }> {
      const saved = await updateClaim(deps.claims.underEpoch(epoch), claimId, (c) =>
        c.escalatedAt
          ? undefined
          : { ...c, escalatedAt: deps.clock.now().toISOString(), updatedAt: deps.clock.now().toISOString() },
      );
      // The reminders counted so far (a redriven claim keeps its count): RemindReview goes on from here.
      return {
        escalatedAt: saved.escalatedAt ?? deps.clock.now().toISOString(),
        reminders: saved.reviewReminders ?? 0,
      };
    },

    /**
     * A manager's review timed out again: one more reminder is recorded on the claim (the back office
     * lists the claim as overdue with it). `remindersBefore` is the count the workflow carried into
     * this state, so a retried task counts the same reminder once.
     */
    async remindReview(input: StepInput & { remindersBefore: number }): Promise<{ reminders: number }> {
      const want = input.remindersBefore + 1;
      const saved = await updateClaim(deps.claims.underEpoch(input.epoch), input.claimId, (c) => {
        if (c.status !== 'IN_REVIEW' || (c.reviewReminders ?? 0) >= want) return undefined;
        const now = deps.clock.now().toISOString();
        return { ...c, reviewReminders: want, reviewRemindedAt: now, updatedAt: now };
      });
      return { reminders: Math.max(saved.reviewReminders ?? 0, want) };
    },
  };
}
