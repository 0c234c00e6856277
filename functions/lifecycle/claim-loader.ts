import type { ChangeContext, Claim } from '../../domain/claim.ts';
import { findServiceCentre, type Partner, type ServiceCentre } from '../../domain/partner.ts';
import { type ClaimRepository, VersionConflictError } from '../../domain/ports.ts';
import type { LifecycleDependencies } from './dependencies.ts';

/** The claim, read in this region (its home for every step and action); a missing claim is a bug. */
export async function loadClaim(
  deps: Pick<LifecycleDependencies, 'claims' | 'region'>,
  claimId: string,
): Promise<Claim> {
  const claim = await deps.claims.get(claimId);
  if (!claim) throw new Error(`claim ${claimId} not found in ${deps.region}`);
  return claim;
}

export async function loadPartner(
  deps: Pick<LifecycleDependencies, 'partners'>,
  partnerId: string,
): Promise<Partner> {
  const partner = await deps.partners.get(partnerId);
  if (!partner) throw new Error(`partner ${partnerId} not found`);
  return partner;
}

/** The claim's service centre (the partner's first when the claim names none). */
export const serviceCentreOf = (partner: Partner, claim: Claim): ServiceCentre | undefined =>
  (claim.centreId && findServiceCentre(partner, claim.centreId)) || partner.serviceCentres[0];

/** A change the workflow makes on its own, in this region, now. */
export const systemChange = (
  deps: Pick<LifecycleDependencies, 'region' | 'clock'>,
  reason: string,
): ChangeContext => ({
  actor: { kind: 'system', id: 'claim-lifecycle' },
  reason,
  region: deps.region,
  at: deps.clock.now(),
});

/**
 * Read-modify-write of a claim with optimistic locking: two tasks of the same execution (the
 * parallel parts and technician branches) may change one claim at once; the loser reads again.
 * `change` returns undefined (or the claim itself) when there is nothing to do.
 */
export async function updateClaim(
  repo: ClaimRepository,
  claimId: string,
  change: (claim: Claim) => Claim | undefined,
  attempts = 8,
): Promise<Claim> {
  for (let i = 0; ; i++) {
    const current = await repo.get(claimId, true);
    if (!current) throw new Error(`claim ${claimId} not found`);
    const next = change(current);
    if (!next || next === current) return current;
    try {
      return await repo.save(next, current);
    } catch (err) {
      if (!(err instanceof VersionConflictError) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (i + 1)));
    }
  }
}

/** The name of the claim's booked technician, if there is a booking. */
export async function technicianNameOf(
  deps: Pick<LifecycleDependencies, 'technicians'>,
  claim: Claim,
): Promise<string | undefined> {
  const a = claim.appointment;
  if (!a) return undefined;
  const team = await deps.technicians.listByCentre(a.centreId);
  return team.find((t) => t.technicianId === a.technicianId)?.name;
}
