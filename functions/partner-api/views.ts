import type { z } from 'zod/mini';
import type { Claim } from '../../domain/claim.ts';
import type { VehicleCoverage } from '../lifecycle/partner-claims.ts';
import type { ClaimListSchema, ClaimView, CoverageViewSchema } from './response-schemas.ts';

/**
 * What a partner sees of a claim: its decisions and their reasons, the appointment and the money
 * once known. Not the audit trail, the reservations or the customer's contact (the partner sent
 * those and keeps them), nor anything the workflow keeps for itself.
 */
export function toClaimView(claim: Claim): ClaimView {
  return {
    claimId: claim.claimId,
    status: claim.status,
    homeRegion: claim.homeRegion,
    vin: claim.vin,
    repairOrderNumber: claim.repairOrderNumber,
    filedAt: claim.filedAt,
    updatedAt: claim.updatedAt,
    reasons: claim.reasons,
    lines: claim.lines.map((l) => ({
      lineNo: l.lineNo,
      partNumber: l.partNumber,
      quantity: l.quantity,
      laborOperation: l.laborOperation,
      laborHours: l.laborHours,
      decision: l.decision ?? 'PENDING',
      reasons: l.reasons,
      ...(l.adjusted ? { adjusted: l.adjusted } : {}),
    })),
    ...(claim.appointment
      ? {
          appointment: {
            centreId: claim.appointment.centreId,
            technicianId: claim.appointment.technicianId,
            start: claim.appointment.start,
            end: claim.appointment.end,
          },
        }
      : {}),
    ...(claim.amounts ? { amounts: claim.amounts } : {}),
    ...(claim.resubmissionOf ? { resubmissionOf: claim.resubmissionOf } : {}),
    ...(claim.campaignId ? { campaignId: claim.campaignId } : {}),
    ...(claim.resubmittedAs ? { resubmittedAs: claim.resubmittedAs } : {}),
  };
}

export const toClaimList = (page: {
  items: Claim[];
  nextCursor?: string;
}): z.infer<typeof ClaimListSchema> => ({
  items: page.items.map(toClaimView),
  ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
});

export const toCoverageView = ({
  vehicle,
  plan,
  onDate,
  terms,
}: VehicleCoverage): z.infer<typeof CoverageViewSchema> => ({
  vin: vehicle.vin,
  model: vehicle.model,
  modelYear: vehicle.modelYear,
  market: vehicle.market,
  powertrain: vehicle.powertrain,
  warrantyPlan: vehicle.warrantyPlan,
  planVersion: plan.version,
  deliveryDate: vehicle.deliveryDate,
  onDate,
  terms: terms.map((t) => ({ ...t, categories: [...t.categories] })),
});
