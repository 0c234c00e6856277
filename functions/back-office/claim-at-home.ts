import type { Claim } from '../../domain/claim.ts';
import { ClaimNotFoundError } from '../errors.ts';
import type { LifecycleDependencies } from '../lifecycle/dependencies.ts';
import { assertClaimServedHere } from '../lifecycle/home-region.ts';

/**
 * The claim a back-office action acts on, read in its home region: anywhere else the action is
 * refused before anything is read (WrongRegionError → 421 with the home region), so it lands where
 * the claim is written.
 */
export async function claimAtHome(
  deps: Pick<LifecycleDependencies, 'claims' | 'region' | 'owners'>,
  claimId: string,
): Promise<Claim> {
  await assertClaimServedHere(deps.owners, claimId, deps.region);
  const claim = await deps.claims.get(claimId);
  if (!claim) throw new ClaimNotFoundError(claimId);
  return claim;
}
