import { type Completion, transition } from '../../domain/claim.ts';
import { maintenanceReminderAt } from '../../domain/follow-up.ts';
import { applySettlement, settleClaim } from '../../domain/settlement.ts';
import { loadClaim, loadPartner, systemChange, updateClaim } from './claim-loader.ts';
import type { LifecycleDependencies, StepInput } from './dependencies.ts';
import { recordQualityFacts } from './quality-facts.ts';

/** Totals per warehouse and part, as the ledger keeps them. */
function byWarehousePart(
  list: readonly { warehouseId: string; partNumber: string; quantity: number }[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of list) {
    const key = `${r.warehouseId}|${r.partNumber}`;
    out.set(key, (out.get(key) ?? 0) + r.quantity);
  }
  return out;
}

/** The workflow's end of the repair: SettleClaim (the repair recorded and settled), and CloseClaim after the follow-up. */
export function settlementSteps(
  deps: Pick<
    LifecycleDependencies,
    | 'region'
    | 'clock'
    | 'claims'
    | 'partners'
    | 'partsCatalog'
    | 'stock'
    | 'workflows'
    | 'metrics'
    | 'quality'
  >,
) {
  return {
    /**
     * Records the partner's completion (REPAIRED) and settles with the partner (SETTLED, DESIGN §4) in
     * one write of the claim: used parts at the partner's prices plus labour, in minor units; used
     * reservations consumed, the rest released, each once. One task where there were two (issue 18:
     * RecordRepair, then SettleClaim); a claim found REPAIRED (recorded by a run from before) is
     * settled the same way.
     */
    async settleRepair({
      claimId,
      epoch,
      completion: reported,
    }: StepInput & { completion?: Completion }): Promise<{ total: number; currency: string }> {
      const claim = await loadClaim(deps, claimId);
      if (claim.status !== 'SCHEDULED' && claim.status !== 'REPAIRED') {
        const settled = claim.amounts?.settled;
        return { total: settled?.amountMinor ?? 0, currency: settled?.currency ?? '' };
      }
      // The completion the partner reported is on the claim (the completion call keeps it there);
      // the task's input carries the same one, from the wait's answer.
      const completion = claim.completion ?? reported;
      if (!completion) throw new Error(`claim ${claimId} has no completion to record`);
      const partner = await loadPartner(deps, claim.partnerId);
      const parts = await deps.partsCatalog.getParts(claim.lines.map((l) => l.partNumber));
      const settlement = settleClaim({
        claim,
        completion,
        partner,
        parts,
        reservations: claim.reservations ?? [],
      });
      const consume = byWarehousePart(settlement.consume);
      const release = byWarehousePart(settlement.release);
      for (const key of new Set([...consume.keys(), ...release.keys()])) {
        const [warehouseId, partNumber] = key.split('|') as [string, string];
        await deps.stock.settle(
          warehouseId,
          partNumber,
          claimId,
          consume.get(key) ?? 0,
          release.get(key) ?? 0,
        );
      }
      let settledNow = false;
      const saved = await updateClaim(deps.claims.underEpoch(epoch), claimId, (c) => {
        // The last call decides: a retry after a conflict may find the claim settled by another run.
        settledNow = c.status === 'SCHEDULED' || c.status === 'REPAIRED';
        if (!settledNow) return undefined;
        const repaired =
          c.status === 'SCHEDULED'
            ? transition(
                { ...c, completion: c.completion ?? completion },
                'REPAIRED',
                systemChange(deps, `repaired at ${completion.completedAt}`),
              )
            : c;
        return applySettlement(
          repaired,
          settlement,
          systemChange(
            deps,
            `settled ${settlement.total.amountMinor} ${settlement.total.currency} (minor units)`,
          ),
        );
      });
      if (settledNow) deps.metrics.count('ClaimSettled');
      await recordQualityFacts(deps, saved);
      return {
        total: saved.amounts?.settled?.amountMinor ?? 0,
        currency: saved.amounts?.settled?.currency ?? partner.currency,
      };
    },

    /**
     * After the follow-up: CLOSED. Then the maintenance reminder is handed to its own small workflow
     * (MaintenanceReminder), which waits until it is due, so nothing keeps the claim open; started
     * by name, so a retried close starts it once.
     */
    async closeClaim({
      claimId,
      epoch,
      maintenanceReminderAfterSeconds,
    }: StepInput & { maintenanceReminderAfterSeconds?: number }): Promise<{
      status: string;
      remindAt?: string;
    }> {
      const saved = await updateClaim(deps.claims.underEpoch(epoch), claimId, (c) =>
        c.status === 'SETTLED'
          ? transition(c, 'CLOSED', systemChange(deps, 'follow-up finished'))
          : undefined,
      );
      await recordQualityFacts(deps, saved);
      if (saved.status !== 'CLOSED' || !maintenanceReminderAfterSeconds) return { status: saved.status };
      const remindAt = maintenanceReminderAt(
        saved.completion?.completedAt ?? deps.clock.now().toISOString(),
        maintenanceReminderAfterSeconds,
      );
      await deps.workflows.startMaintenanceReminder(claimId, epoch, remindAt);
      return { status: saved.status, remindAt };
    },
  };
}
