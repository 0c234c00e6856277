import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import type { RegionOwners } from '../../domain/ports.ts';
import { WrongRegionError } from '../errors.ts';

/**
 * The one check, on every path that acts on a claim or files one, that the request is served where
 * it is written (DESIGN §3): made once, before anything is read or written, from the claim id or
 * the partner's home region. "Where it is written" is the region the home region's owner record
 * names now: the home region itself, or the region it was evacuated to. A refusal names that
 * region, so a partner following the 421 lands where the claim is served, never in a loop.
 */
export async function assertServedHere(
  owners: RegionOwners,
  homeRegion: string | undefined,
  region: string,
): Promise<void> {
  if (homeRegion === undefined) return;
  if ((await owners.ownerOf(homeRegion)).writerRegion === region) return;
  // Refused only on a fresh read: a record cached from before an evacuation (even one this region
  // has just taken over, its cache not yet expired) would send the partner back where it came from.
  const { writerRegion } = await owners.ownerOf(homeRegion, { fresh: true });
  if (writerRegion !== region) throw new WrongRegionError(writerRegion);
}

/** The same check from a claim id (an id that names no region is left to the caller's "not found"). */
export const assertClaimServedHere = (owners: RegionOwners, claimId: string, region: string): Promise<void> =>
  assertServedHere(owners, homeRegionOfClaimId(claimId), region);
