import type { Claim } from '../../domain/claim.ts';
import { loadClaim, updateClaim } from './claim-loader.ts';
import type { LifecycleDependencies, StepInput } from './dependencies.ts';

export type ReviewOutcome = 'APPROVED' | 'REJECTED';

/** How the review ended, read from the audit trail; undefined while it is open. */
export const reviewOutcomeOf = (claim: Claim): ReviewOutcome | undefined => {
  const decided = claim.events.find((e) => e.from === 'IN_REVIEW')?.to;
  return decided === 'APPROVED' || decided === 'REJECTED' ? decided : undefined;
};

/** The workflow's wait for a person's review: AwaitReview and, when nobody answered, EscalateReview. */
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
    async escalateReview({ claimId, epoch }: StepInput): Promise<{ escalatedAt: string }> {
      const saved = await updateClaim(deps.claims.underEpoch(epoch), claimId, (c) =>
        c.escalatedAt
          ? undefined
          : { ...c, escalatedAt: deps.clock.now().toISOString(), updatedAt: deps.clock.now().toISOString() },
      );
      return { escalatedAt: saved.escalatedAt ?? deps.clock.now().toISOString() };
    },
  };
}
