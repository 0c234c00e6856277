import type { Claim, Completion } from '../../domain/claim.ts';
import { RepairNotExpectedError } from '../errors.ts';
import { updateClaim } from './claim-loader.ts';
import type { LifecycleDependencies } from './dependencies.ts';

/**
 * The partner reports the repair done (partner API; the caller has read the claim in its home
 * region). Stored on the claim first, so a lost answer to the workflow is recovered when AwaitRepair
 * runs again; then the waiting execution goes on.
 */
export function completeRepairAction(deps: Pick<LifecycleDependencies, 'claims' | 'waits'>) {
  return async function completeRepair(claim: Claim, completion: Completion): Promise<Claim> {
    if (claim.status !== 'SCHEDULED' && !claim.completion)
      throw new RepairNotExpectedError(claim.claimId, claim.status);
    const saved = await updateClaim(deps.claims, claim.claimId, (c) =>
      c.completion ? undefined : { ...c, completion },
    );
    await deps.waits.resume(claim.claimId, 'repair', saved.completion);
    return saved;
  };
}
