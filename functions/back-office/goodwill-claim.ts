import { reviewClaim } from '../../domain/adjudication.ts';
import { type Claim, type ClaimSubmission, receiveClaim } from '../../domain/claim.ts';
import { newClaimId } from '../../domain/claim-id.ts';
import { ClaimActionConflictError } from '../errors.ts';
import { loadPartner, updateClaim } from '../lifecycle/claim-loader.ts';
import type { StaffClaims } from '../shared/staff-token.ts';
import { claimAtHome } from './claim-at-home.ts';
import type { BackOfficeDependencies } from './dependencies.ts';
import { approverLimitFor } from './review-claim.ts';

/** What the partner filed, as it filed it: the goodwill claim repeats it. */
const submissionOf = (claim: Claim): ClaimSubmission => {
  const { consent: _consent, ...customer } = claim.customer;
  return {
    vin: claim.vin,
    odometerKm: claim.odometerKm,
    failureDate: claim.failureDate,
    repairOrderNumber: claim.repairOrderNumber,
    customer,
    complaint: claim.complaint,
    faultCodes: claim.faultCodes,
    lines: claim.lines.map((l) => ({
      partNumber: l.partNumber,
      quantity: l.quantity,
      laborOperation: l.laborOperation,
      laborHours: l.laborHours,
    })),
    ...(claim.batteryStateOfHealthPct === undefined
      ? {}
      : { batteryStateOfHealthPct: claim.batteryStateOfHealthPct }),
  };
};

/**
 * An adjuster (within the approval limit) or a manager approves a REJECTED claim as goodwill, with
 * a reason. REJECTED is an end (statuses only move forward), so the goodwill is a new claim, filed
 * with what the partner filed, every line covered, APPROVED by the staff member from the start, and
 * linked both ways (`goodwillOf` / `goodwillAs`); its workflow then takes it through parts, repair
 * and settlement like any approved claim. The original is linked first, so one claim gets at most one
 * goodwill approval.
 */
export function approveAsGoodwill(
  deps: Pick<
    BackOfficeDependencies,
    'region' | 'clock' | 'claims' | 'partners' | 'partsCatalog' | 'owners' | 'workflows'
  >,
) {
  return async (a: { staff: StaffClaims; claimId: string; reason: string }): Promise<Claim> => {
    const original = await claimAtHome(deps, a.claimId);
    const refusal =
      original.status !== 'REJECTED'
        ? `claim ${original.claimId} is ${original.status}: only a REJECTED claim can be approved as goodwill`
        : original.goodwillAs
          ? `claim ${original.claimId} was already approved as goodwill: ${original.goodwillAs}`
          : original.resubmittedAs
            ? `claim ${original.claimId} was corrected by its partner as ${original.resubmittedAs}; decide on that claim`
            : undefined;
    if (refusal) throw new ClaimActionConflictError(`${refusal}. Nothing was changed`);
    const partner = await loadPartner(deps, original.partnerId);
    const parts = await deps.partsCatalog.getParts(original.lines.map((l) => l.partNumber));
    const unknown = original.lines.filter((l) => !parts.has(l.partNumber)).map((l) => l.partNumber);
    if (unknown.length > 0)
      throw new ClaimActionConflictError(
        `parts not in the catalogue cannot be priced or reserved: ${unknown.join(', ')}. Nothing was changed`,
      );

    const now = deps.clock.now();
    const claimId = newClaimId(deps.region, now, Math.random);
    const actor = { kind: 'staff' as const, id: a.staff.email };
    const received = receiveClaim({
      claimId,
      partner,
      ...(original.centreId ? { centreId: original.centreId } : {}),
      submission: submissionOf(original),
      consent: original.customer.consent,
      region: deps.region,
      at: now,
    });
    const approverLimit = approverLimitFor(a.staff, partner.currency);
    // Priced and checked against the limit before anything is written (422 over the limit).
    const approved = reviewClaim(
      {
        ...received,
        lines: received.lines.map((l) => ({ ...l, category: parts.get(l.partNumber)?.category })),
        goodwillOf: original.claimId,
        goodwill: { by: a.staff.email, reason: a.reason, at: now.toISOString() },
      },
      {
        decisions: received.lines.map((l) => ({ lineNo: l.lineNo, decision: 'COVERED' as const })),
        partner,
        parts,
        ...(approverLimit ? { approverLimit } : {}),
      },
      { actor, reason: `goodwill: ${a.reason}`, region: deps.region, at: now },
    );
    await updateClaim(deps.claims, original.claimId, (c) => {
      if (c.goodwillAs === claimId) return undefined;
      if (c.goodwillAs || c.resubmittedAs)
        throw new ClaimActionConflictError(`claim ${c.claimId} was decided meanwhile. Nothing was changed`);
      return { ...c, goodwillAs: claimId, updatedAt: now.toISOString() };
    });
    await deps.claims.create(approved);
    const { epoch } = await deps.owners.ownerOf(deps.region);
    await deps.workflows.startLifecycle(claimId, epoch);
    return approved;
  };
}
