import { loadClaim, updateClaim } from './claim-loader.ts';
import type { LifecycleDependencies, StepInput } from './dependencies.ts';
import { recordQualityFacts } from './quality-facts.ts';

export interface Compensation extends StepInput {
  /** The failure the workflow caught (its Error and Cause), recorded on the claim. */
  readonly error?: { Error?: string; Cause?: string };
}

/**
 * The workflow's Compensate state (a failure after parts or a slot were reserved), also run by a
 * cancellation of a claim whose workflow ended: release every reservation the claim holds (read
 * from the ledger, so a plan that failed half-way is covered too), its technician slot and its place
 * in the restock queues, and record why. Safe to run twice.
 */
export function compensationStep(
  deps: Pick<
    LifecycleDependencies,
    'region' | 'clock' | 'claims' | 'stock' | 'technicians' | 'backorders' | 'quality'
  >,
) {
  return async function releaseReservations(input: Compensation): Promise<{ released: number }> {
    const claim = await loadClaim(deps, input.claimId);
    const candidates = new Map<string, { warehouseId: string; partNumber: string }>();
    for (const r of [...(claim.reservations ?? []), ...(claim.allocationPlan?.reservations ?? [])]) {
      candidates.set(`${r.warehouseId}|${r.partNumber}`, r);
    }
    let released = 0;
    for (const r of candidates.values())
      released += await deps.stock.releaseAll(r.warehouseId, r.partNumber, claim.claimId);
    await deps.technicians.cancelBooking(claim.claimId);
    // A dead claim must not hold its place in a restock queue (restocks serve the queue in order).
    await deps.backorders.leave(claim);
    const at = deps.clock.now().toISOString();
    const saved = await updateClaim(deps.claims.underEpoch(input.epoch), claim.claimId, (c) => ({
      ...c,
      reservations: [],
      allocationPlan: undefined,
      appointment: undefined,
      failure: c.failure ?? {
        error: input.error?.Error ?? 'Unknown',
        cause: String(input.error?.Cause ?? '').slice(0, 1000),
        at,
      },
      updatedAt: at,
    }));
    // A cancelled claim says nothing about the car: its facts leave the failure counts.
    await recordQualityFacts(deps, saved);
    return { released };
  };
}
