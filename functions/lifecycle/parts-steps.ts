import {
  backorderReason,
  type OrderLine,
  observedKey,
  planAllocation,
  withObservedAvailability,
} from '../../domain/allocation.ts';
import { allowedQuantity, type Claim, payableLines, transition } from '../../domain/claim.ts';
import { available, type Backorder, InsufficientStockError, type Reservation } from '../../domain/stock.ts';
import { loadClaim, systemChange, updateClaim } from './claim-loader.ts';
import type { LifecycleDependencies, StepInput } from './dependencies.ts';

/** What the claim still needs: approved quantities less what it already holds. */
export function outstandingParts(claim: Claim): OrderLine[] {
  const need = new Map<string, number>();
  for (const line of payableLines(claim)) {
    need.set(line.partNumber, (need.get(line.partNumber) ?? 0) + allowedQuantity(line));
  }
  for (const r of claim.reservations ?? [])
    need.set(r.partNumber, (need.get(r.partNumber) ?? 0) - r.quantity);
  return [...need].filter(([, q]) => q > 0).map(([partNumber, quantity]) => ({ partNumber, quantity }));
}

const MAX_PLANS = 10;

type PartsDependencies = Pick<
  LifecycleDependencies,
  'region' | 'clock' | 'claims' | 'stock' | 'backorders' | 'waits'
>;

/** The workflow's parts branch: AllocateParts and, for what no warehouse has, AwaitRestock. */
export function partsSteps(deps: PartsDependencies) {
  /** Gives back what a failed plan reserved (each reservation knows the plan that made it) and forgets the plan. */
  async function abandonPlan(claim: Claim, epoch: number): Promise<void> {
    const plan = claim.allocationPlan!;
    for (const r of plan.reservations)
      await deps.stock.cancelRequest({ ...r, claimId: claim.claimId, requestId: plan.planId });
    await updateClaim(deps.claims.underEpoch(epoch), claim.claimId, (c) =>
      c.allocationPlan?.planId === plan.planId ? { ...c, allocationPlan: undefined } : undefined,
    );
  }

  async function finishAllocation(
    claim: Claim,
    epoch: number,
    reserved: Reservation[],
    backorders: Backorder[],
  ): Promise<Claim> {
    const saved = await updateClaim(deps.claims.underEpoch(epoch), claim.claimId, (c) => {
      if (c.allocationPlan?.planId !== claim.allocationPlan?.planId || c.failure) return undefined;
      const next: Claim = {
        ...c,
        reservations: [...(c.reservations ?? []), ...reserved],
        backorders,
        allocationPlan: undefined,
        // The moment the last part was held: the technician is booked from its arrival on.
        ...(backorders.length === 0 && !c.partsReservedAt
          ? { partsReservedAt: deps.clock.now().toISOString() }
          : {}),
      };
      return backorders.length > 0 && c.status === 'APPROVED'
        ? transition(next, 'AWAITING_PARTS', systemChange(deps, backorderReason(backorders)))
        : next;
    });
    // Leave the restock queue once nothing is missing any more.
    if (backorders.length === 0) await deps.backorders.leave(saved);
    return saved;
  }

  /**
   * Whether every backordered part is there now, counted in each warehouse's own region: this
   * region's replica may still show the units this claim just failed to get (it would wake at once,
   * fail to reserve and wait again, over and over until replication caught up), or not show a
   * restock yet.
   */
  async function servableNow(backorders: readonly Backorder[]): Promise<boolean> {
    if (backorders.length === 0) return false;
    for (const b of backorders) {
      const warehouses = await deps.stock.levels(b.partNumber);
      const levels = await Promise.all(warehouses.map((w) => deps.stock.level(w.warehouseId, b.partNumber)));
      const total = levels.reduce((n, l) => n + (l ? available(l) : 0), 0);
      if (total < b.quantity) return false;
    }
    return true;
  }

  return {
    /**
     * Reserves the claim's parts (DESIGN §4): one home-region warehouse, else a split, else another
     * region, else a backorder for the rest. The plan is saved on the claim before any stock is
     * touched, and each reservation is keyed by the plan, so a retried task finishes the same plan.
     * If a warehouse turns out to have less than this region's replica showed (another region
     * reserved meanwhile), the plan's reservations are released and it plans again with the level
     * the refusal reported: the replica may still show the old one for a while (replication lag).
     */
    async allocateParts({ claimId, epoch }: StepInput): Promise<{ backordered: boolean }> {
      const observed = new Map<string, number>();
      for (let attempt = 1; ; attempt++) {
        let claim = await loadClaim(deps, claimId);
        if (!claim.allocationPlan) {
          const lines = outstandingParts(claim);
          if (lines.length === 0) {
            if (claim.backorders?.length) claim = await finishAllocation(claim, epoch, [], []);
            return { backordered: false };
          }
          const replica = (await Promise.all(lines.map((l) => deps.stock.levels(l.partNumber)))).flat();
          const levels = withObservedAvailability(replica, observed);
          const plan = planAllocation({ lines, stock: levels, homeRegion: claim.homeRegion });
          const planId = `${claimId}#v${claim.version}`;
          claim = await updateClaim(deps.claims.underEpoch(epoch), claimId, (c) =>
            c.allocationPlan
              ? undefined
              : {
                  ...c,
                  allocationPlan: { planId, reservations: plan.reservations, backorders: plan.backorders },
                },
          );
        }
        const plan = claim.allocationPlan!;
        try {
          for (const r of plan.reservations)
            await deps.stock.reserve({ ...r, claimId, requestId: plan.planId });
        } catch (err) {
          if (!(err instanceof InsufficientStockError) || attempt >= MAX_PLANS) throw err;
          observed.set(observedKey(err.warehouseId, err.partNumber), err.availableQuantity);
          await abandonPlan(claim, epoch);
          continue;
        }
        const done = await finishAllocation(claim, epoch, plan.reservations, plan.backorders);
        if (done.failure) {
          // The claim was compensated while this task ran (the technician branch failed): give the parts back.
          for (const r of plan.reservations)
            await deps.stock.cancelRequest({ ...r, claimId, requestId: plan.planId });
          throw new Error(`claim ${claimId} failed while its parts were being reserved`);
        }
        return { backordered: (done.backorders ?? []).length > 0 };
      }
    },

    /**
     * A backordered claim waits for a restock: it joins each missing part's queue (ordered by filing
     * time: first come, first served) and parks its task token. If the stock came back before it got
     * here, it resumes at once and allocates again.
     */
    async awaitRestock(input: StepInput & { taskToken: string }): Promise<{ waiting: boolean }> {
      const claim = await loadClaim(deps, input.claimId);
      await deps.waits.park(claim.claimId, 'restock', input.taskToken);
      await deps.backorders.join(claim, claim.backorders ?? []);
      if (await servableNow(claim.backorders ?? [])) {
        await deps.waits.resume(claim.claimId, 'restock', { restocked: true });
        return { waiting: false };
      }
      return { waiting: true };
    },
  };
}
