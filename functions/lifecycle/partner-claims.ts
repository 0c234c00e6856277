import type { Claim, ClaimStatus, ClaimSubmission, Completion } from '../../domain/claim.ts';
import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import { type TermStatus, vehicleCoverage } from '../../domain/coverage.ts';
import type { Page } from '../../domain/ports.ts';
import { localDateAt } from '../../domain/time-zone.ts';
import type { Vehicle } from '../../domain/vehicle.ts';
import { decodeCursor, InvalidCursorError } from '../data/item.ts';
import { indexKeys } from '../data/keys.ts';
import { claimsRepo, clock, settings, vehicles } from '../shared/context.ts';
import { submitClaim, WrongRegionError } from './intake.ts';
import { loadPartner, planFor } from './steps-decision.ts';
import { completeRepair } from './steps-repair.ts';

/**
 * What a partner may do with claims through the partner API (DESIGN §7), each scoped to the
 * partner the authorizer named: another partner's claim is not found, never shown. A claim lives
 * in its home region (its id says which); a request for it in another region is refused with that
 * region before anything is read or written, so no write ever happens outside the home region.
 */

/** Not this partner's claim, or no such claim: the API cannot tell the two apart on purpose. */
export class ClaimNotFoundError extends Error {
  constructor(readonly claimId: string) {
    super(`no claim ${claimId} among your claims`);
    this.name = 'ClaimNotFoundError';
  }
}

export class VehicleNotFoundError extends Error {
  constructor(readonly vin: string) {
    super(`no vehicle with VIN ${vin} in the registry`);
    this.name = 'VehicleNotFoundError';
  }
}

/** The partner's home region must be this one (claims are filed and listed where they live). */
async function partnerHere(partnerId: string) {
  const partner = await loadPartner(partnerId);
  if (partner.homeRegion !== settings.region) throw new WrongRegionError(partner.homeRegion);
  return partner;
}

export async function fileClaim(
  partnerId: string,
  submission: ClaimSubmission,
  idempotencyKey: string,
): Promise<{ claim: Claim; replayed: boolean }> {
  return submitClaim(await partnerHere(partnerId), submission, idempotencyKey);
}

export async function claimOfPartner(partnerId: string, claimId: string): Promise<Claim> {
  const home = homeRegionOfClaimId(claimId);
  if (!home) throw new ClaimNotFoundError(claimId);
  if (home !== settings.region) throw new WrongRegionError(home);
  const claim = await claimsRepo().get(claimId);
  if (!claim || claim.partnerId !== partnerId) throw new ClaimNotFoundError(claimId);
  return claim;
}

// A status filter is applied after DynamoDB's Limit, so a page may need several queries; this many
// at most, then the partner gets fewer items and a cursor to go on with.
const MAX_QUERIES_PER_PAGE = 10;

/**
 * A cursor is the index's LastEvaluatedKey; one built by hand must not make DynamoDB fail (a 5xx)
 * or start in another partner's partition (the key condition would keep it out anyway).
 */
function partnerCursor(partnerId: string, cursor: string | undefined) {
  const key = decodeCursor(cursor);
  if (!key) return undefined;
  const { gsi1pk } = indexKeys.claimByPartner(partnerId, '', '');
  const names = Object.keys(key).sort().join(',');
  const valid =
    names === 'gsi1pk,gsi1sk,pk,sk' &&
    Object.values(key).every((v) => typeof v === 'string' && v.length > 0 && v.length <= 1024) &&
    key.gsi1pk === gsi1pk &&
    String(key.gsi1sk).startsWith('CLAIM#') &&
    String(key.pk).startsWith('CLAIM#') &&
    key.sk === 'CLAIM';
  if (!valid) throw new InvalidCursorError();
  return cursor;
}

export async function claimsOfPartner(
  partnerId: string,
  query: { status?: ClaimStatus; cursor?: string; limit: number },
): Promise<Page<Claim>> {
  await partnerHere(partnerId);
  let cursor = partnerCursor(partnerId, query.cursor);
  const items: Claim[] = [];
  const repo = claimsRepo();
  for (let i = 0; i < MAX_QUERIES_PER_PAGE; i++) {
    // Asking for no more than is missing: DynamoDB then never reads past what this page returns,
    // so its LastEvaluatedKey is exactly where the next page starts.
    const page = await repo.listByPartner(partnerId, {
      limit: query.limit - items.length,
      cursor,
      ...(query.status ? { status: query.status } : {}),
    });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor || items.length >= query.limit) break;
  }
  return cursor ? { items, nextCursor: cursor } : { items };
}

/** The partner reports the repair done: only on its own claim, in the claim's home region. */
export async function reportRepair(
  partnerId: string,
  claimId: string,
  completion: Completion,
): Promise<Claim> {
  await claimOfPartner(partnerId, claimId);
  return completeRepair(claimId, completion);
}

export interface VehicleCoverage {
  vehicle: Vehicle;
  /** The version of the vehicle's plan in force at its delivery. */
  plan: { planId: string; version: number; name: string; effectiveFrom: string };
  onDate: string;
  terms: TermStatus[];
}

/**
 * What a vehicle's plan covers on `onDate` (by default today on the calendar of the partner's
 * service centre, which is how claims are judged). Vehicles are reference data, replicated to every
 * region: any partner may look any VIN up, as a dealer checks a car that crossed a border.
 */
export async function coverageOfVehicle(
  partnerId: string,
  vin: string,
  opts: { onDate?: string; odometerKm?: number },
): Promise<VehicleCoverage> {
  const [partner, vehicle] = await Promise.all([loadPartner(partnerId), vehicles.get(vin)]);
  if (!vehicle) throw new VehicleNotFoundError(vin);
  const timeZone = partner.serviceCentres[0]?.timeZone ?? 'UTC';
  const onDate = opts.onDate ?? localDateAt(clock.now(), timeZone);
  const plan = await planFor(vehicle);
  return {
    vehicle,
    plan: { planId: plan.planId, version: plan.version, name: plan.name, effectiveFrom: plan.effectiveFrom },
    onDate,
    terms: vehicleCoverage(vehicle, plan, onDate, opts.odometerKm),
  };
}
