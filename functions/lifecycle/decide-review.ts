import { type LineReview, reviewClaim } from '../../domain/adjudication.ts';
import type { Actor, Claim } from '../../domain/claim.ts';
import type { Money } from '../../domain/money.ts';
import { ReviewNotOpenError } from '../errors.ts';
import { loadClaim, loadPartner, updateClaim } from './claim-loader.ts';
import type { LifecycleDependencies } from './dependencies.ts';
import { recordQualityFacts } from './quality-facts.ts';
import { type ReviewOutcome, reviewOutcomeOf } from './review-steps.ts';

export interface ReviewDecision {
  readonly claimId: string;
  readonly actor: Actor;
  readonly outcome: ReviewOutcome;
  readonly decisions?: LineReview[];
  /** The reviewer's approval limit in the claim's currency; none for a manager. */
  readonly approverLimit?: Money;
  readonly note?: string;
}

/**
 * A person's review: approve, reject or adjust lines within the reviewer's limit, recorded with who
 * did it, then the waiting execution goes on. Runs in the claim's home region (the caller checked).
 */
export function decideReviewAction(
  deps: Pick<
    LifecycleDependencies,
    'region' | 'clock' | 'claims' | 'partners' | 'partsCatalog' | 'waits' | 'quality' | 'log'
  >,
) {
  return async function decideReview(input: ReviewDecision): Promise<Claim> {
    const claim = await loadClaim(deps, input.claimId);
    if (claim.status !== 'IN_REVIEW') throw new ReviewNotOpenError(claim.claimId, claim.status);
    const partner = await loadPartner(deps, claim.partnerId);
    const parts = await deps.partsCatalog.getParts(claim.lines.map((l) => l.partNumber));
    const decisions: LineReview[] =
      input.decisions ??
      claim.lines.map((l) => ({
        lineNo: l.lineNo,
        decision: input.outcome === 'REJECTED' || l.decision === 'REJECTED' ? 'REJECTED' : 'COVERED',
      }));
    const ctx = {
      actor: input.actor,
      reason: input.note ?? `review: ${input.outcome.toLowerCase()}`,
      region: deps.region,
      at: deps.clock.now(),
    };
    const saved = await updateClaim(deps.claims, input.claimId, (c) =>
      c.status !== 'IN_REVIEW'
        ? undefined
        : reviewClaim(c, { decisions, partner, parts, approverLimit: input.approverLimit }, ctx),
    );
    const outcome = reviewOutcomeOf(saved);
    if (outcome) await deps.waits.resume(saved.claimId, 'review', { outcome });
    // The decision stands whatever happens here: the workflow's next notify step files the facts again.
    await recordQualityFacts(deps, saved).catch((err: unknown) =>
      deps.log.warn('review decided but its quality facts not filed', { error: err as Error }),
    );
    return saved;
  };
}
