import type { Claim } from './claim.ts';
import { DEFAULT_RESTOCK_DAYS, type Part } from './part.ts';
import { DEFAULT_TRANSIT_DAYS, type Reservation, type Warehouse } from './stock.ts';

const DAY_MS = 24 * 3600 * 1000;

/**
 * When a claim waiting for parts can expect them: from the moment it started waiting, the longest
 * usual restock time of its backordered parts (master data; two weeks when a part has none). An
 * expectation, told to the customer as such, not a promise the workflow keeps.
 */
export function partsExpectedAt(
  claim: Pick<Claim, 'backorders' | 'events' | 'updatedAt'>,
  parts: ReadonlyMap<string, Pick<Part, 'restockDays'>>,
): Date | undefined {
  const waiting = claim.backorders ?? [];
  if (waiting.length === 0) return undefined;
  const since = claim.events.findLast((e) => e.to === 'AWAITING_PARTS')?.at ?? claim.updatedAt;
  const days = Math.max(...waiting.map((b) => parts.get(b.partNumber)?.restockDays ?? DEFAULT_RESTOCK_DAYS));
  return new Date(Date.parse(since) + days * DAY_MS);
}

/**
 * When the parts a claim holds are at its service centre: a warehouse of the claim's region
 * delivers the day they were reserved; another region's after its transit time (master data,
 * DEFAULT_TRANSIT_DAYS when it has none). The technician is booked for no earlier than this.
 */
export function partsArriveAt(
  reservations: readonly Pick<Reservation, 'warehouseId' | 'region'>[],
  warehouses: readonly Pick<Warehouse, 'warehouseId' | 'transitDays'>[],
  centreRegion: string,
  reservedAt: Date,
): Date {
  const transit = new Map(warehouses.map((w) => [w.warehouseId, w.transitDays ?? DEFAULT_TRANSIT_DAYS]));
  const days = Math.max(
    0,
    ...reservations
      .filter((r) => r.region !== centreRegion)
      .map((r) => transit.get(r.warehouseId) ?? DEFAULT_TRANSIT_DAYS),
  );
  return new Date(reservedAt.getTime() + days * DAY_MS);
}
