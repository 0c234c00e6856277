import { serveBackorders } from '../../domain/allocation.ts';
import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import type { LifecycleDependencies } from './dependencies.ts';

/**
 * A warehouse receives stock (back office). Waiting claims are resumed oldest first, as many as the
 * new stock serves in full (`serveBackorders`); each then reserves in its own allocation run.
 */
export function restockWarehouseAction(deps: Pick<LifecycleDependencies, 'stock' | 'backorders' | 'waits'>) {
  return async function restockWarehouse(input: {
    warehouseId: string;
    partNumber: string;
    quantity: number;
  }): Promise<{ resumed: string[] }> {
    await deps.stock.restock(input.warehouseId, input.partNumber, input.quantity);
    return serveRestockQueue(deps)(input.warehouseId, input.partNumber);
  };
}

/**
 * A warehouse has more of a part than before (a restock, a stock count): the claims waiting for it
 * are resumed, oldest first, as many as the stock serves in full.
 */
export function serveRestockQueue(deps: Pick<LifecycleDependencies, 'stock' | 'backorders' | 'waits'>) {
  return async (warehouseId: string, partNumber: string): Promise<{ resumed: string[] }> => {
    const input = { warehouseId, partNumber };
    const waiting = await deps.backorders.waiting(input.partNumber);
    const levels = await deps.stock.levels(input.partNumber);
    // Read the restocked warehouse in its own region: this region's replica may not have the restock yet.
    const fresh = await deps.stock.level(input.warehouseId, input.partNumber);
    const current = levels.map((l) => (fresh && l.warehouseId === fresh.warehouseId ? fresh : l));
    const filled = new Map<string, number>();
    for (const f of serveBackorders(waiting, current))
      filled.set(f.claimId, (filled.get(f.claimId) ?? 0) + f.quantity);
    const resumed: string[] = [];
    for (const w of [...waiting].sort(
      (a, b) => a.since.localeCompare(b.since) || a.claimId.localeCompare(b.claimId),
    )) {
      if ((filled.get(w.claimId) ?? 0) < w.quantity) continue;
      if (!homeRegionOfClaimId(w.claimId)) continue;
      if (await deps.waits.resume(w.claimId, 'restock', { restocked: true })) resumed.push(w.claimId);
    }
    return { resumed };
  };
}
