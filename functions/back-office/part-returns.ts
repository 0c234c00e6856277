import type { Claim } from '../../domain/claim.ts';
import { movePartReturn, type PartReturnMove } from '../../domain/quality/part-returns.ts';
import { updateClaim } from '../lifecycle/claim-loader.ts';
import { recordQualityFacts } from '../lifecycle/quality-facts.ts';
import type { StaffClaims } from '../shared/staff-token.ts';
import { claimAtHome } from './claim-at-home.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

/**
 * A member of staff moves the return of a claim line's failed part on (requested, received,
 * inspected), in the claim's home region (421 elsewhere, before anything is read), and the quality
 * ledger learns it with the claim's new version, so that the supplier-recovery report reads where
 * each part stands without reading claims. A request repeated changes nothing and answers the claim.
 */
export function movePartReturnAction(
  deps: Pick<BackOfficeDependencies, 'region' | 'clock' | 'claims' | 'owners' | 'quality'>,
) {
  return async (a: { staff: StaffClaims; claimId: string; move: PartReturnMove }): Promise<Claim> => {
    await claimAtHome(deps, a.claimId);
    const at = deps.clock.now().toISOString();
    const saved = await updateClaim(deps.claims, a.claimId, (claim) => {
      // PartReturnError (a line the claim lacks, a step back or skipped) leaves the claim as it is.
      const partReturns = movePartReturn(claim, a.move, { at, by: a.staff.email, region: deps.region });
      return partReturns ? { ...claim, partReturns, updatedAt: at } : undefined;
    });
    await recordQualityFacts(deps, saved);
    return saved;
  };
}
