import { type LineReview, reviewClaim } from '../../domain/adjudication.ts';
import type { Actor, Claim } from '../../domain/claim.ts';
import type { Money } from '../../domain/money.ts';
import { updateClaim } from '../data/claim-repository.ts';
import { catalog, claimsRepo, clock, regional, settings } from '../shared/context.ts';
import type { TaskInput } from '../shared/workflow-task.ts';
import { loadClaim, loadPartner } from './steps-decision.ts';
import { resumeClaim } from './task-tokens.ts';

export type ReviewOutcome = 'APPROVED' | 'REJECTED';

const reviewOutcomeOf = (claim: Claim): ReviewOutcome | undefined => {
  const decided = claim.events.find((e) => e.from === 'IN_REVIEW')?.to;
  return decided === 'APPROVED' || decided === 'REJECTED' ? decided : undefined;
};

/**
 * Parks the claim for a person: the task token is kept in the regional table, where the review
 * action finds it. If the review already happened (a retried or resumed run), answers at once.
 */
export async function awaitReview(
  input: TaskInput & { taskToken: string; escalated: boolean },
): Promise<{ waiting: boolean }> {
  await regional.putTaskToken(input.claimId, 'review', input.taskToken, { escalated: input.escalated });
  const claim = await loadClaim(input.claimId, input.epoch);
  const outcome = reviewOutcomeOf(claim);
  if (outcome) {
    await resumeClaim(input.claimId, 'review', { outcome });
    return { waiting: false };
  }
  return { waiting: true };
}

/** A review nobody answered in time goes to a manager (recorded on the claim for the queues). */
export async function escalateReview({
  claimId,
  epoch,
}: TaskInput): Promise<{ escalatedAt: string; reminders: number }> {
  const saved = await updateClaim(claimsRepo(epoch), claimId, (c) =>
    c.escalatedAt
      ? undefined
      : { ...c, escalatedAt: clock.now().toISOString(), updatedAt: clock.now().toISOString() },
  );
  // The reminders counted so far (a redriven claim keeps its count): RemindReview goes on from here.
  return {
    escalatedAt: saved.escalatedAt ?? clock.now().toISOString(),
    reminders: saved.reviewReminders ?? 0,
  };
}

export class ReviewNotOpenError extends Error {
  constructor(
    readonly claimId: string,
    readonly status: string,
  ) {
    super(`claim ${claimId} is ${status}, not IN_REVIEW`);
    this.name = 'ReviewNotOpenError';
  }
}

/**
 * A person's review (back office): approve, reject or adjust lines within the reviewer's limit,
 * recorded with who did it, then the waiting execution goes on. Runs in the claim's home region.
 */
export async function decideReview(input: {
  claimId: string;
  actor: Actor;
  outcome: ReviewOutcome;
  decisions?: LineReview[];
  approverLimit?: Money;
  note?: string;
}): Promise<Claim> {
  const claim = await loadClaim(input.claimId);
  if (claim.status !== 'IN_REVIEW') throw new ReviewNotOpenError(claim.claimId, claim.status);
  const partner = await loadPartner(claim.partnerId);
  const parts = await catalog.getParts(claim.lines.map((l) => l.partNumber));
  const decisions: LineReview[] =
    input.decisions ??
    claim.lines.map((l) => ({
      lineNo: l.lineNo,
      decision: input.outcome === 'REJECTED' || l.decision === 'REJECTED' ? 'REJECTED' : 'COVERED',
    }));
  const ctx = {
    actor: input.actor,
    reason: input.note ?? `review: ${input.outcome.toLowerCase()}`,
    region: settings.region,
    at: clock.now(),
  };
  const saved = await updateClaim(claimsRepo(), input.claimId, (c) =>
    c.status !== 'IN_REVIEW'
      ? undefined
      : reviewClaim(c, { decisions, partner, parts, approverLimit: input.approverLimit }, ctx),
  );
  const outcome = reviewOutcomeOf(saved);
  if (outcome) await resumeClaim(saved.claimId, 'review', { outcome });
  return saved;
}
