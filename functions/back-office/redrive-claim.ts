import { type Claim, isTerminal } from '../../domain/claim.ts';
import { ClaimActionConflictError } from '../errors.ts';
import { updateClaim } from '../lifecycle/claim-loader.ts';
import type { StaffClaims } from '../shared/staff-token.ts';
import type { ExecutionRef } from '../stepfunctions/claim-executions.ts';
import { isFailedClaim } from '../stepfunctions/execution-states.ts';
import { claimAtHome } from './claim-at-home.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

export interface Redrive {
  readonly claim: Claim;
  readonly execution: ExecutionRef;
}

/**
 * Restarts the workflow of a FAILED claim (its latest execution failed, timed out or was stopped,
 * and the claim is in no final status) as a new execution `<claimId>-e<epoch>-r<n+1>`, from the
 * start: every step is idempotent and finds its own work already on the claim (emails once,
 * coverage and decision kept, a review already decided answered at once), and does again what
 * compensation undid (reserve the parts, book a slot). Managers, in the claim's home region.
 *
 * The redrive is recorded on the claim first (who, when, which run, the failure it clears: steps
 * treat a recorded `failure` as "compensated"), then the execution is started by name, so a retry
 * after a lost answer finds the same run: it starts it if it is missing, and two managers asking at
 * once start one execution.
 */
export function redriveClaim(
  deps: Pick<BackOfficeDependencies, 'region' | 'clock' | 'claims' | 'owners' | 'workflows' | 'executions'>,
) {
  return async (a: { staff: StaffClaims; claimId: string }): Promise<Redrive> => {
    let claim = await claimAtHome(deps, a.claimId);
    if (isTerminal(claim.status))
      throw new ClaimActionConflictError(
        `claim ${claim.claimId} is ${claim.status}: it has ended, there is nothing to redrive`,
      );
    const { found, expected } = await deps.executions.latest(claim);
    const interrupted = claim.redrives?.length && !found?.executionArn.endsWith(`:${expected.name}`);
    let run: ExecutionRef;
    if (interrupted) {
      run = expected;
    } else {
      if (!found || !isFailedClaim(false, found.status))
        throw new ClaimActionConflictError(
          `claim ${claim.claimId} is not FAILED: ${found ? `its workflow is ${found.status}` : 'it has no workflow execution'}; only a failed claim is redriven`,
        );
      const { epoch } = await deps.owners.ownerOf(deps.region);
      const next = found.run + 1;
      run = deps.executions.ref(claim, epoch, next);
      const at = deps.clock.now().toISOString();
      const cleared = claim.failure
        ? { error: claim.failure.error, cause: claim.failure.cause }
        : found.error
          ? { error: found.error, cause: (found.cause ?? '').slice(0, 1000) }
          : undefined;
      claim = await updateClaim(deps.claims, claim.claimId, (c) =>
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
      if (recorded && recorded.run !== next) run = deps.executions.ref(claim, recorded.epoch, recorded.run);
    }
    // Started already (by a concurrent redrive, or before a lost answer): one execution per run.
    await deps.workflows.startLifecycle(claim.claimId, run.epoch, run.run);
    return { claim, execution: run };
  };
}
