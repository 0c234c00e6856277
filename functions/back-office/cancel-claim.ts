import { type Claim, type ClaimStatus, canTransition, transition } from '../../domain/claim.ts';
import type { WaitKind } from '../../domain/ports.ts';
import { ClaimActionConflictError } from '../errors.ts';
import { updateClaim } from '../lifecycle/claim-loader.ts';
import { compensationStep } from '../lifecycle/compensation-step.ts';
import { recordQualityFacts } from '../lifecycle/quality-facts.ts';
import type { StaffClaims } from '../shared/staff-token.ts';
import { claimAtHome } from './claim-at-home.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

/** The ClaimCancelled error the workflow's waiting states catch (workflows/claim-lifecycle.ts). */
const CLAIM_CANCELLED = 'ClaimCancelled';

/** Where the workflow parks a claim of each status: the waits it may be in. */
const PARKED_ON: Partial<Record<ClaimStatus, readonly WaitKind[]>> = {
  IN_REVIEW: ['review'],
  APPROVED: ['restock'],
  AWAITING_PARTS: ['restock'],
  // A redriven claim allocates again from SCHEDULED, and may wait for a restock there.
  SCHEDULED: ['repair', 'restock'],
};

const BUSY_RETRY_SECONDS = 5;

const cancelCause = (a: { staff: StaffClaims; reason: string }) =>
  `cancelled by ${a.staff.email}: ${a.reason}`.slice(0, 256);

/**
 * Cancels a claim (→ CANCELLED, an end), recording who and why in its audit trail; adjusters and
 * managers, in the claim's home region only (where its executions, task tokens and writes live).
 *
 * - Parked on a task token (in review, waiting for parts, waiting for the repair): the wait is
 *   failed with `ClaimCancelled` FIRST, then the claim is marked CANCELLED. SendTaskFailure
 *   succeeds only while the task still waits, so it is the one atomic switch: once it answered, the
 *   workflow is on its cancellation path (Compensate releases the parts and the slot, then the
 *   execution ends) and nothing else can move the claim on. If the write after it is lost, the
 *   claim shows as FAILED (its execution ended) and cancelling again finishes the job.
 * - Running a step (between two waits, seconds): 409 with Retry-After, nothing changed. A recorded
 *   "cancel when you can" would be a second source of truth every step between two waits must
 *   check (else the approval email goes out and a slot is booked for a cancelled claim), and one
 *   no later wait would ever honour after the last one (a repaired claim heading to settlement).
 * - Its workflow ended without finishing it (a FAILED claim): what it may still hold is released
 *   (idempotent: compensation usually did it already), then CANCELLED. That is how a claim whose
 *   every redrive fails again is ended.
 * - SETTLED (money moved), CLOSED, REJECTED: 409. Already CANCELLED: answered again, unchanged.
 */
export function cancelClaim(
  deps: Pick<
    BackOfficeDependencies,
    | 'region'
    | 'clock'
    | 'claims'
    | 'owners'
    | 'stock'
    | 'technicians'
    | 'backorders'
    | 'waits'
    | 'executions'
    | 'quality'
  >,
) {
  const releaseReservations = compensationStep(deps);

  async function failParkedWait(claim: Claim, a: { staff: StaffClaims; reason: string }): Promise<void> {
    for (const kind of PARKED_ON[claim.status] ?? []) {
      // A wait already over (answered, timed out, an older run's) answers false: the claim moves on.
      if (await deps.waits.fail(claim.claimId, kind, CLAIM_CANCELLED, cancelCause(a))) return;
    }
    throw new ClaimActionConflictError(
      `claim ${claim.claimId} (${claim.status}) is between two steps of its workflow right now; ` +
        `try again in a few seconds (it can be cancelled while it waits for a review, parts or the repair). Nothing was changed`,
      BUSY_RETRY_SECONDS,
    );
  }

  return async (a: { staff: StaffClaims; claimId: string; reason: string }): Promise<Claim> => {
    const claim = await claimAtHome(deps, a.claimId);
    if (claim.status === 'CANCELLED') {
      // Asked again (perhaps after the facts failed to be filed below): file them, idempotently.
      await recordQualityFacts(deps, claim);
      return claim;
    }
    if (!canTransition(claim.status, 'CANCELLED'))
      throw new ClaimActionConflictError(
        `claim ${claim.claimId} is ${claim.status} and can no longer be cancelled` +
          (claim.status === 'SETTLED' ? ': it was settled with the partner (money moved)' : ': it has ended'),
      );
    const { found } = await deps.executions.latest(claim);
    if (found?.status === 'RUNNING') await failParkedWait(claim, a);
    else
      await releaseReservations({
        claimId: claim.claimId,
        epoch: (await deps.owners.ownerOf(deps.region)).epoch,
        error: { Error: CLAIM_CANCELLED, Cause: cancelCause(a) },
      });
    const ctx = {
      actor: { kind: 'staff' as const, id: a.staff.email },
      reason: a.reason,
      region: deps.region,
      at: deps.clock.now(),
    };
    const cancelled = await updateClaim(deps.claims, claim.claimId, (c) => {
      if (c.status === 'CANCELLED') return undefined;
      if (!canTransition(c.status, 'CANCELLED'))
        throw new ClaimActionConflictError(
          `claim ${c.claimId} moved on to ${c.status} meanwhile; nothing was cancelled`,
        );
      return transition(c, 'CANCELLED', ctx);
    });
    // After the transition: the workflow's compensation may have filed the claim as it was before.
    await recordQualityFacts(deps, cancelled);
    return cancelled;
  };
}
