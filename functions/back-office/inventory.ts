import type { StockLine } from '../data/stock-ledger.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

export type InventoryItem = Omit<StockLine, 'claimsHolding'> & {
  name?: string;
  category?: string;
  /** Claims holding units here (entries of the stock item's reservations map). */
  reservedFor: number;
};

export interface WaitingClaim {
  claimId: string;
  homeRegion: string;
  quantity: number;
  since: string;
}

export interface Inventory {
  region: string;
  warehouses: {
    warehouseId: string;
    region: string;
    name: string;
    market?: string;
    items: InventoryItem[];
  }[];
  /** The restock queue of every part these warehouses carry: claims (of any region) waiting, oldest first. */
  backorders: {
    partNumber: string;
    name?: string;
    category?: string;
    quantity: number;
    claims: WaitingClaim[];
  }[];
}

/**
 * A region's warehouses and their stock (one Query per warehouse), and the restock queue of each
 * part they carry (one Query per part). A queue entry counts while its claim still waits for parts
 * (AWAITING_PARTS), with what it still lacks: a claim that failed or was cancelled may leave its
 * entry behind.
 */
export function inventory(
  deps: Pick<BackOfficeDependencies, 'stock' | 'stockLines' | 'partsCatalog' | 'backorders' | 'claimReads'>,
) {
  return async (region: string): Promise<Inventory> => {
    const warehouses = (await deps.stock.warehouses())
      .filter((w) => w.region === region)
      .sort((a, b) => a.warehouseId.localeCompare(b.warehouseId));
    const levels = await Promise.all(warehouses.map((w) => deps.stockLines.stockOf(w.warehouseId)));
    const partNumbers = [...new Set(levels.flat().map((i) => i.partNumber))].sort();
    const parts = partNumbers.length ? await deps.partsCatalog.getParts(partNumbers) : new Map();
    const described = (partNumber: string) => {
      const part = parts.get(partNumber);
      return part ? { name: part.name, category: part.category } : {};
    };

    const queues = await Promise.all(
      partNumbers.map(async (partNumber) => ({
        partNumber,
        entries: await deps.backorders.waiting(partNumber),
      })),
    );
    const claims = await deps.claimReads.readMany(
      queues.flatMap((q) => q.entries.map((e) => e.claimId)),
      ['status', 'backorders'],
    );
    const backorders = queues
      .map(({ partNumber, entries }) => {
        const waiting: WaitingClaim[] = [];
        for (const e of [...entries].sort(
          (a, b) => a.since.localeCompare(b.since) || a.claimId.localeCompare(b.claimId),
        )) {
          const claim = claims.get(e.claimId);
          if (claim?.status !== 'AWAITING_PARTS') continue;
          const lacking = (claim.backorders ?? []).find((b) => b.partNumber === partNumber)?.quantity ?? 0;
          if (lacking > 0)
            waiting.push({ claimId: e.claimId, homeRegion: e.homeRegion, quantity: lacking, since: e.since });
        }
        return {
          partNumber,
          ...described(partNumber),
          quantity: waiting.reduce((n, w) => n + w.quantity, 0),
          claims: waiting,
        };
      })
      .filter((b) => b.claims.length > 0);

    return {
      region,
      warehouses: warehouses.map((w, i) => ({
        warehouseId: w.warehouseId,
        region: w.region,
        name: w.name,
        ...(w.market ? { market: w.market } : {}),
        items: (levels[i] ?? [])
          .map(({ claimsHolding, ...line }) => ({
            ...line,
            ...described(line.partNumber),
            reservedFor: claimsHolding,
          }))
          .sort((a, b) => a.partNumber.localeCompare(b.partNumber)),
      })),
      backorders,
    };
  };
}
