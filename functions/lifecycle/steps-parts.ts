import {
  backorderReason,
  type OrderLine,
  observedKey,
  planAllocation,
  serveBackorders,
  type WaitingBackorder,
  withObservedAvailability,
} from '../../domain/allocation.ts';
import { allowedQuantity, type Claim, payableLines, transition } from '../../domain/claim.ts';
import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import { available, type Backorder, InsufficientStockError, type Reservation } from '../../domain/stock.ts';
import { updateClaim } from '../data/claim-repository.ts';
import { keys } from '../data/keys.ts';
import { claimsRepo, globalTable, regional, stock } from '../shared/context.ts';
import type { TaskInput } from '../shared/workflow-task.ts';
import { systemChange } from './change.ts';
import { loadClaim } from './steps-decision.ts';
import { resumeClaim } from './task-tokens.ts';

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

/**
 * Reserves the claim's parts (DESIGN §4): one home-region warehouse, else a split, else another
 * region, else a backorder for the rest. The plan is saved on the claim before any stock is
 * touched, and each reservation is keyed by the plan, so a retried task finishes the same plan.
 * If a warehouse turns out to have less than this region's replica showed (another region
 * reserved meanwhile), the plan's reservations are released and it plans again with the level the
 * refusal reported: the replica may still show the old one for a while (replication lag).
 */
export async function allocateParts({ claimId, epoch }: TaskInput): Promise<{ backordered: boolean }> {
  const repo = claimsRepo(epoch);
  const observed = new Map<string, number>();
  for (let attempt = 1; ; attempt++) {
    let claim = await loadClaim(claimId, epoch);
    if (!claim.allocationPlan) {
      const lines = outstandingParts(claim);
      if (lines.length === 0) {
        if (claim.backorders?.length) claim = await finishAllocation(claim, epoch, [], []);
        return { backordered: false };
      }
      const replica = (await Promise.all(lines.map((l) => stock.levels(l.partNumber)))).flat();
      const levels = withObservedAvailability(replica, observed);
      const plan = planAllocation({ lines, stock: levels, homeRegion: claim.homeRegion });
      const planId = `${claimId}#v${claim.version}`;
      claim = await updateClaim(repo, claimId, (c) =>
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
        await stock.reserve(r.warehouseId, r.partNumber, r.quantity, claimId, plan.planId);
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
        await stock.undoRequest(r.warehouseId, r.partNumber, claimId, plan.planId, r.quantity);
      throw new Error(`claim ${claimId} failed while its parts were being reserved`);
    }
    return { backordered: (done.backorders ?? []).length > 0 };
  }
}

/** Gives back what a failed plan reserved (each reservation knows the plans that made it) and forgets the plan. */
async function abandonPlan(claim: Claim, epoch: number): Promise<void> {
  const plan = claim.allocationPlan!;
  for (const r of plan.reservations)
    await stock.undoRequest(r.warehouseId, r.partNumber, claim.claimId, plan.planId, r.quantity);
  await updateClaim(claimsRepo(epoch), claim.claimId, (c) =>
    c.allocationPlan?.planId === plan.planId ? { ...c, allocationPlan: undefined } : undefined,
  );
}

async function finishAllocation(
  claim: Claim,
  epoch: number,
  reserved: Reservation[],
  backorders: Backorder[],
): Promise<Claim> {
  const saved = await updateClaim(claimsRepo(epoch), claim.claimId, (c) => {
    if (c.allocationPlan?.planId !== claim.allocationPlan?.planId || c.failure) return undefined;
    let next: Claim = {
      ...c,
      reservations: [...(c.reservations ?? []), ...reserved],
      backorders,
      allocationPlan: undefined,
    };
    if (backorders.length > 0 && c.status === 'APPROVED') {
      next = transitionTo(next, 'AWAITING_PARTS', backorderReason(backorders));
    }
    return next;
  });
  // Leave the restock queue once nothing is missing any more.
  if (backorders.length === 0) await leaveRestockQueue(saved);
  return saved;
}

const transitionTo = (claim: Claim, to: Claim['status'], reason: string) =>
  transition(claim, to, systemChange(reason));

/** Takes the claim out of every restock queue it joined (idempotent). */
export async function leaveRestockQueue(claim: Claim): Promise<void> {
  const res = await globalTable.query({
    IndexName: undefined,
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': `CLAIMQUEUE#${claim.claimId}` },
  });
  for (const entry of res.items) {
    await globalTable
      .delete(keys.backorder(String(entry.partNumber), claim.filedAt, claim.claimId), claim.homeRegion)
      .catch(() => undefined);
    await globalTable
      .delete({ pk: String(entry.pk), sk: String(entry.sk) }, claim.homeRegion)
      .catch(() => undefined);
  }
}

/**
 * A backordered claim waits for a restock: it joins each missing part's queue (ordered by filing
 * time: first come, first served) and parks its task token. If the stock came back before it got
 * here, it resumes at once and allocates again.
 */
export async function awaitRestock(input: TaskInput & { taskToken: string }): Promise<{ waiting: boolean }> {
  const claim = await loadClaim(input.claimId, input.epoch);
  await regional.putTaskToken(claim.claimId, 'restock', input.taskToken);
  for (const b of claim.backorders ?? []) {
    const entry = {
      claimId: claim.claimId,
      partNumber: b.partNumber,
      quantity: b.quantity,
      since: claim.filedAt,
      homeRegion: claim.homeRegion,
      type: 'Backorder',
    };
    await globalTable.put({ ...keys.backorder(b.partNumber, claim.filedAt, claim.claimId), ...entry });
    await globalTable.put({ pk: `CLAIMQUEUE#${claim.claimId}`, sk: b.partNumber, ...entry });
  }
  if (await servableNow(claim.backorders ?? [])) {
    await resumeClaim(claim.claimId, 'restock', { restocked: true });
    return { waiting: false };
  }
  return { waiting: true };
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
    const warehouses = await stock.levels(b.partNumber);
    const levels = await Promise.all(warehouses.map((w) => stock.level(w.warehouseId, b.partNumber)));
    const total = levels.reduce((n, l) => n + (l ? available(l) : 0), 0);
    if (total < b.quantity) return false;
  }
  return true;
}

/**
 * A warehouse receives stock (back office). Waiting claims are resumed oldest first, as many as
 * the new stock serves in full (`serveBackorders`); each then reserves in its own allocation run.
 */
export async function restockWarehouse(input: {
  warehouseId: string;
  partNumber: string;
  quantity: number;
}): Promise<{ resumed: string[] }> {
  await stock.restock(input.warehouseId, input.partNumber, input.quantity);
  return serveRestockQueue(input.warehouseId, input.partNumber);
}

/**
 * A warehouse has more of a part than before (a restock, a stock count): the claims waiting for it
 * are resumed, oldest first, as many as the stock serves in full.
 */
export async function serveRestockQueue(
  warehouseId: string,
  partNumber: string,
): Promise<{ resumed: string[] }> {
  const input = { warehouseId, partNumber };
  const queue = await globalTable.query({
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': `BACKORDER#${input.partNumber}` },
  });
  const waiting: WaitingBackorder[] = queue.items.map((i) => ({
    claimId: String(i.claimId),
    partNumber: String(i.partNumber),
    quantity: Number(i.quantity),
    homeRegion: String(i.homeRegion),
    since: String(i.since),
  }));
  const levels = await stock.levels(input.partNumber);
  // Read the restocked warehouse in its own region: this region's replica may not have the restock yet.
  const fresh = await stock.level(input.warehouseId, input.partNumber);
  const current = levels.map((l) => (fresh && l.warehouseId === fresh.warehouseId ? fresh : l));
  const fills = serveBackorders(waiting, current);
  const filled = new Map<string, number>();
  for (const f of fills) filled.set(f.claimId, (filled.get(f.claimId) ?? 0) + f.quantity);
  const resumed: string[] = [];
  for (const w of [...waiting].sort(
    (a, b) => a.since.localeCompare(b.since) || a.claimId.localeCompare(b.claimId),
  )) {
    if ((filled.get(w.claimId) ?? 0) < w.quantity) continue;
    if (!homeRegionOfClaimId(w.claimId)) continue;
    if (await resumeClaim(w.claimId, 'restock', { restocked: true })) resumed.push(w.claimId);
  }
  return { resumed };
}
