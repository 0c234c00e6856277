import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskFailureCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { type Claim, type ClaimStatus, canTransition, isTerminal, transition } from '../../domain/claim.ts';
import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import { updateClaim } from '../data/claim-repository.ts';
import type { TokenKind } from '../data/regional-store.ts';
import { ClaimActionConflictError, ClaimNotFoundError, WrongRegionError } from '../errors.ts';
import { sfn } from '../shared/clients.ts';
import { claimsRepo, clock, globalTable, regional, settings } from '../shared/context.ts';
import type { StaffClaims } from '../shared/staff-token.ts';
import { type ExecutionRef, executionArnOf, latestExecution } from './claim-execution.ts';
import { isFailedClaim } from './execution-states.ts';
import { executionName, stateMachineArn } from './intake.ts';
import { releaseReservations } from './steps-repair.ts';

/**
 * The back office's actions on a claim's workflow: cancel (adjusters and up) and redrive
 * (managers). Both run only in the claim's home region, where its executions, task tokens and
 * writes live; elsewhere they are refused before anything is read (421 with the home region).
 */

/** Refuses an action on a claim of another region before anything is read. */
export function assertHomeRegion(claimId: string): void {
  const home = homeRegionOfClaimId(claimId);
  if (home && home !== settings.region) throw new WrongRegionError(home);
}

async function claimHere(claimId: string): Promise<Claim> {
  assertHomeRegion(claimId);
  const claim = await claimsRepo().get(claimId);
  if (!claim) throw new ClaimNotFoundError(claimId);
  return claim;
}

/** The ClaimCancelled error the workflow's waiting states catch (workflows/claim-lifecycle.ts). */
const CLAIM_CANCELLED = 'ClaimCancelled';

/** Where the workflow parks a claim of each status: the task token it waits on. */
const PARKED_ON: Partial<Record<ClaimStatus, readonly TokenKind[]>> = {
  IN_REVIEW: ['review'],
  APPROVED: ['restock'],
  AWAITING_PARTS: ['restock'],
  // A redriven claim allocates again from SCHEDULED, and may wait for a restock there.
  SCHEDULED: ['repair', 'restock'],
};

const staleToken = (err: unknown) =>
  err instanceof TaskDoesNotExist || err instanceof TaskTimedOut || err instanceof InvalidToken;

const BUSY_RETRY_SECONDS = 5;

/**
 * Cancels a claim (→ CANCELLED, an end), recording who and why in its audit trail.
 *
 * - Parked on a task token (in review, waiting for parts, waiting for the repair): the token is
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
export async function cancelClaim(a: {
  staff: StaffClaims;
  claimId: string;
  reason: string;
}): Promise<Claim> {
  const claim = await claimHere(a.claimId);
  if (claim.status === 'CANCELLED') return claim;
  if (!canTransition(claim.status, 'CANCELLED'))
    throw new ClaimActionConflictError(
      `claim ${claim.claimId} is ${claim.status} and can no longer be cancelled` +
        (claim.status === 'SETTLED' ? ': it was settled with the partner (money moved)' : ': it has ended'),
    );
  const { found } = await latestExecution(claim);
  if (found?.status === 'RUNNING') await failParkedTask(claim, a);
  else
    await releaseReservations({
      claimId: claim.claimId,
      epoch: (await globalTable.ownerOf(settings.region)).epoch,
      error: { Error: CLAIM_CANCELLED, Cause: cancelCause(a) },
    });
  const ctx = {
    actor: { kind: 'staff' as const, id: a.staff.email },
    reason: a.reason,
    region: settings.region,
    at: clock.now(),
  };
  return updateClaim(claimsRepo(), claim.claimId, (c) => {
    if (c.status === 'CANCELLED') return undefined;
    if (!canTransition(c.status, 'CANCELLED'))
      throw new ClaimActionConflictError(
        `claim ${c.claimId} moved on to ${c.status} meanwhile; nothing was cancelled`,
      );
    return transition(c, 'CANCELLED', ctx);
  });
}

const cancelCause = (a: { staff: StaffClaims; reason: string }) =>
  `cancelled by ${a.staff.email}: ${a.reason}`.slice(0, 256);

async function failParkedTask(claim: Claim, a: { staff: StaffClaims; reason: string }): Promise<void> {
  for (const kind of PARKED_ON[claim.status] ?? []) {
    const token = await regional.taskToken(claim.claimId, kind);
    if (!token) continue;
    try {
      await sfn.send(
        new SendTaskFailureCommand({ taskToken: token, error: CLAIM_CANCELLED, cause: cancelCause(a) }),
      );
    } catch (err) {
      if (!staleToken(err)) throw err;
      // That wait was already over (answered, timed out, or an older run's): the claim moves on.
      await regional.deleteTaskToken(claim.claimId, kind);
      continue;
    }
    await regional.deleteTaskToken(claim.claimId, kind);
    return;
  }
  throw new ClaimActionConflictError(
    `claim ${claim.claimId} (${claim.status}) is between two steps of its workflow right now; ` +
      `try again in a few seconds (it can be cancelled while it waits for a review, parts or the repair). Nothing was changed`,
    BUSY_RETRY_SECONDS,
  );
}

export interface Redrive {
  readonly claim: Claim;
  readonly execution: ExecutionRef;
}

/**
 * Restarts the workflow of a FAILED claim (its latest execution failed, timed out or was stopped,
 * and the claim is in no final status) as a new execution `<claimId>-e<epoch>-r<n+1>`, from the
 * start: every step is idempotent and finds its own work already on the claim (emails once,
 * coverage and decision kept, a review already decided answered at once), and does again what
 * compensation undid (reserve the parts, book a slot).
 *
 * The redrive is recorded on the claim first (who, when, which run, the failure it clears: steps
 * treat a recorded `failure` as "compensated"), then the execution is started by name, so a retry
 * after a lost answer finds the same run: it starts it if it is missing, and two managers asking at
 * once start one execution.
 */
export async function redriveClaim(a: { staff: StaffClaims; claimId: string }): Promise<Redrive> {
  let claim = await claimHere(a.claimId);
  if (isTerminal(claim.status))
    throw new ClaimActionConflictError(
      `claim ${claim.claimId} is ${claim.status}: it has ended, there is nothing to redrive`,
    );
  const { found, expected } = await latestExecution(claim);
  const interrupted = claim.redrives?.length && !found?.executionArn.endsWith(`:${expected.name}`);
  let run: ExecutionRef;
  if (interrupted) {
    run = expected;
  } else {
    if (!found || !isFailedClaim(false, found.status))
      throw new ClaimActionConflictError(
        `claim ${claim.claimId} is not FAILED: ${found ? `its workflow is ${found.status}` : 'it has no workflow execution'}; only a failed claim is redriven`,
      );
    const { epoch } = await globalTable.ownerOf(settings.region);
    const next = found.run + 1;
    const name = executionName(claim.claimId, epoch, next);
    run = { executionArn: executionArnOf(settings.region, name), name, epoch, run: next };
    const at = clock.now().toISOString();
    const cleared = claim.failure
      ? { error: claim.failure.error, cause: claim.failure.cause }
      : found.error
        ? { error: found.error, cause: (found.cause ?? '').slice(0, 1000) }
        : undefined;
    claim = await updateClaim(claimsRepo(), claim.claimId, (c) =>
      (c.redrives?.at(-1)?.run ?? 1) >= next
        ? undefined
        : {
            ...c,
            failure: undefined,
            redrives: [
              ...(c.redrives ?? []),
              { run: next, epoch, at, by: a.staff.email, ...(cleared ? { failure: cleared } : {}) },
            ],
            updatedAt: at,
          },
    );
    // Another redrive got there first: go on with the run it recorded.
    const recorded = claim.redrives?.at(-1);
    if (recorded && recorded.run !== next) {
      const name2 = executionName(claim.claimId, recorded.epoch, recorded.run);
      run = {
        executionArn: executionArnOf(settings.region, name2),
        name: name2,
        epoch: recorded.epoch,
        run: recorded.run,
      };
    }
  }
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: stateMachineArn(),
        name: run.name,
        input: JSON.stringify({ claimId: claim.claimId, epoch: run.epoch }),
      }),
    );
  } catch (err) {
    // Started already (by a concurrent redrive, or before a lost answer): one execution per run.
    if (!(err instanceof ExecutionAlreadyExists)) throw err;
  }
  return { claim, execution: run };
}
