import type { Claim, ClaimStatus, Completion } from '../../domain/claim.ts';
import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import { type TermStatus, vehicleCoverage } from '../../domain/coverage.ts';
import type { Page } from '../../domain/ports.ts';
import { localDateAt } from '../../domain/time-zone.ts';
import type { Vehicle } from '../../domain/vehicle.ts';
import { ClaimNotFoundError, VehicleNotFoundError } from '../errors.ts';
import { loadPartner } from './claim-loader.ts';
import { completeRepairAction } from './complete-repair.ts';
import { planFor } from './decision-steps.ts';
import type { LifecycleDependencies } from './dependencies.ts';
import { assertServedHere } from './home-region.ts';

// A status filter is applied after DynamoDB's Limit, so a page may need several queries; this many
// at most, then the partner gets fewer items and a cursor to go on with.
const MAX_QUERIES_PER_PAGE = 10;

export interface VehicleCoverage {
  vehicle: Vehicle;
  /** The version of the vehicle's plan in force at its delivery. */
  plan: { planId: string; version: number; name: string; effectiveFrom: string };
  onDate: string;
  terms: TermStatus[];
}

/**
 * What a partner may do with claims through the partner API (DESIGN §7), each scoped to the
 * partner the authorizer named: another partner's claim is not found, never shown. A claim lives
 * in its home region (its id says which); a request for it in another region is refused with that
 * region before anything is read or written. (Filing a claim is `file-claim.ts`.)
 */
export function partnerClaims(
  deps: Pick<
    LifecycleDependencies,
    'region' | 'clock' | 'claims' | 'partners' | 'owners' | 'vehicles' | 'waits' | 'warrantyPlans'
  >,
) {
  const completeRepair = completeRepairAction(deps);

  async function claimOfPartner(partnerId: string, claimId: string): Promise<Claim> {
    const home = homeRegionOfClaimId(claimId);
    if (!home) throw new ClaimNotFoundError(claimId);
    await assertServedHere(deps.owners, home, deps.region);
    const claim = await deps.claims.get(claimId);
    if (!claim || claim.partnerId !== partnerId) throw new ClaimNotFoundError(claimId);
    return claim;
  }

  return {
    claimOfPartner,

    /** The partner's claims, newest first, listed where they live (the partner's home region). */
    async claimsOfPartner(
      partnerId: string,
      query: { status?: ClaimStatus; cursor?: string; limit: number },
    ): Promise<Page<Claim>> {
      await assertServedHere(deps.owners, (await loadPartner(deps, partnerId)).homeRegion, deps.region);
      let cursor = query.cursor;
      const items: Claim[] = [];
      for (let i = 0; i < MAX_QUERIES_PER_PAGE; i++) {
        // Asking for no more than is missing: DynamoDB then never reads past what this page returns,
        // so its LastEvaluatedKey is exactly where the next page starts.
        const page = await deps.claims.listByPartner(partnerId, {
          limit: query.limit - items.length,
          cursor,
          ...(query.status ? { status: query.status } : {}),
        });
        items.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor || items.length >= query.limit) break;
      }
      return cursor ? { items, nextCursor: cursor } : { items };
    },

    /** The partner reports the repair done: only on its own claim, in the claim's home region. */
    async reportRepair(partnerId: string, claimId: string, completion: Completion): Promise<Claim> {
      return completeRepair(await claimOfPartner(partnerId, claimId), completion);
    },

    /**
     * What a vehicle's plan covers on `onDate` (by default today on the calendar of the partner's
     * service centre, which is how claims are judged). Vehicles are reference data, replicated to
     * every region: any partner may look any VIN up, as a dealer checks a car that crossed a border.
     */
    async coverageOfVehicle(
      partnerId: string,
      vin: string,
      opts: { onDate?: string; odometerKm?: number },
    ): Promise<VehicleCoverage> {
      const [partner, vehicle] = await Promise.all([loadPartner(deps, partnerId), deps.vehicles.get(vin)]);
      if (!vehicle) throw new VehicleNotFoundError(vin);
      const timeZone = partner.serviceCentres[0]?.timeZone ?? 'UTC';
      const onDate = opts.onDate ?? localDateAt(deps.clock.now(), timeZone);
      const plan = await planFor(deps, vehicle);
      return {
        vehicle,
        plan: {
          planId: plan.planId,
          version: plan.version,
          name: plan.name,
          effectiveFrom: plan.effectiveFrom,
        },
        onDate,
        terms: vehicleCoverage(vehicle, plan, onDate, opts.odometerKm),
      };
    },
  };
}
