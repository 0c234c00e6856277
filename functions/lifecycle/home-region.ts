import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import { WrongRegionError } from '../errors.ts';

/**
 * The one check, on every path that acts on a claim or files one, that the request is served where
 * it is written (DESIGN §3): made once, before anything is read or written, from the claim id or
 * the partner's home region. (The guarded table checks something else on every write: that this
 * region is the writer the home region's owner record names now, which a failover changes.)
 */
export function assertServedHere(homeRegion: string | undefined, region: string): void {
  if (homeRegion !== undefined && homeRegion !== region) throw new WrongRegionError(homeRegion);
}

/** The same check from a claim id (an id that names no region is left to the caller's "not found"). */
export const assertClaimServedHere = (claimId: string, region: string): void =>
  assertServedHere(homeRegionOfClaimId(claimId), region);
