import type { Region } from './region.ts';
import { available, type Backorder, type Reservation, type WarehouseStock } from './stock.ts';

/**
 * Parts allocation (DESIGN §4), in order of preference:
 * 1. the whole order from one warehouse of the claim's home region (one shipment, local writes);
 * 2. else each part from home-region warehouses, fullest first (fewest shipments);
 * 3. else the rest from other regions' warehouses, fullest first;
 * 4. else backorder what is left until restock.
 * Ties go to the warehouse id (then region) that sorts first, so the same input gives the same plan.
 * The plan never asks a warehouse for more than it has available; the ledger's conditional
 * reserve enforces it again at write time, since stock may move between reading and writing.
 */

export interface OrderLine {
  readonly partNumber: string;
  readonly quantity: number;
}

export type AllocationStrategy = 'single-home-warehouse' | 'split-home-region' | 'cross-region' | 'backorder';

export interface AllocationPlan {
  readonly reservations: Reservation[];
  readonly backorders: Backorder[];
  /** The furthest preference the plan had to fall back to. */
  readonly strategy: AllocationStrategy;
}

export interface AllocationInput {
  readonly lines: readonly OrderLine[];
  readonly stock: readonly WarehouseStock[];
  readonly homeRegion: Region;
}

/** Units needed per part, in order of first appearance. */
function demandByPart(lines: readonly OrderLine[]): Map<string, number> {
  const demand = new Map<string, number>();
  for (const { partNumber, quantity } of lines) {
    if (!Number.isSafeInteger(quantity) || quantity < 0) {
      throw new RangeError(`quantity of ${partNumber} must be a non-negative integer, got ${quantity}`);
    }
    if (quantity > 0) demand.set(partNumber, (demand.get(partNumber) ?? 0) + quantity);
  }
  return demand;
}

interface Source {
  readonly warehouseId: string;
  readonly region: Region;
  readonly partNumber: string;
  available: number;
}

const byFullestThenId = (a: Source, b: Source): number =>
  b.available - a.available || a.warehouseId.localeCompare(b.warehouseId) || a.region.localeCompare(b.region);

function sourcesOf(stock: readonly WarehouseStock[]): Source[] {
  return stock
    .map((l) => ({
      warehouseId: l.warehouseId,
      region: l.region,
      partNumber: l.partNumber,
      available: available(l),
    }))
    .filter((s) => s.available > 0);
}

/** The home warehouse that holds the whole order, the one with most of it on the shelf first. */
function singleHomeWarehouse(demand: Map<string, number>, home: Source[]): string | undefined {
  const warehouses = [...new Set(home.map((s) => s.warehouseId))].sort();
  const candidates = warehouses
    .map((warehouseId) => {
      const here = home.filter((s) => s.warehouseId === warehouseId);
      const has = (part: string, need: number) =>
        here.some((s) => s.partNumber === part && s.available >= need);
      const holdsAll = [...demand].every(([part, need]) => has(part, need));
      const depth = here.filter((s) => demand.has(s.partNumber)).reduce((sum, s) => sum + s.available, 0);
      return { warehouseId, holdsAll, depth };
    })
    .filter((c) => c.holdsAll)
    .sort((a, b) => b.depth - a.depth || a.warehouseId.localeCompare(b.warehouseId));
  return candidates[0]?.warehouseId;
}

export function planAllocation({ lines, stock, homeRegion }: AllocationInput): AllocationPlan {
  const demand = demandByPart(lines);
  const sources = sourcesOf(stock);
  const home = sources.filter((s) => s.region === homeRegion);

  if (demand.size === 0) return { reservations: [], backorders: [], strategy: 'single-home-warehouse' };
  const whole = singleHomeWarehouse(demand, home);
  if (whole !== undefined) {
    const reservations = [...demand].map(([partNumber, quantity]) => ({
      warehouseId: whole,
      region: homeRegion,
      partNumber,
      quantity,
    }));
    return { reservations, backorders: [], strategy: 'single-home-warehouse' };
  }

  const reservations: Reservation[] = [];
  const backorders: Backorder[] = [];
  let strategy: AllocationStrategy = 'split-home-region';
  const fallBackTo = (s: AllocationStrategy) => {
    const order: AllocationStrategy[] = [
      'single-home-warehouse',
      'split-home-region',
      'cross-region',
      'backorder',
    ];
    if (order.indexOf(s) > order.indexOf(strategy)) strategy = s;
  };

  for (const [partNumber, needed] of demand) {
    let missing = needed;
    const take = (candidates: Source[]) => {
      for (const source of candidates.filter((s) => s.partNumber === partNumber).sort(byFullestThenId)) {
        if (missing === 0) break;
        const quantity = Math.min(missing, source.available);
        reservations.push({ warehouseId: source.warehouseId, region: source.region, partNumber, quantity });
        missing -= quantity;
      }
    };
    take(home);
    if (missing > 0) {
      take(sources.filter((s) => s.region !== homeRegion));
      if (reservations.some((r) => r.partNumber === partNumber && r.region !== homeRegion))
        fallBackTo('cross-region');
    }
    if (missing > 0) {
      backorders.push({ partNumber, quantity: missing });
      fallBackTo('backorder');
    }
  }
  return { reservations, backorders, strategy };
}

/**
 * The levels a plan starts from, corrected by what refused reservations showed: a refusal carries
 * the warehouse's level read in its own region at that moment, fresher than this region's replica
 * (which lags other regions' writes). Only ever lowers what a warehouse offers, so a plan made
 * again does not ask the same warehouse for units it was just told are gone.
 */
export function withObservedAvailability(
  stock: readonly WarehouseStock[],
  observed: ReadonlyMap<string, number>,
): WarehouseStock[] {
  return stock.map((level) => {
    const seen = observed.get(observedKey(level.warehouseId, level.partNumber));
    if (seen === undefined || seen >= available(level)) return level;
    return { ...level, reserved: level.onHand - Math.max(0, seen) };
  });
}

export const observedKey = (warehouseId: string, partNumber: string): string =>
  `${warehouseId}|${partNumber}`;

// ── Restock: first come, first served ───────────────────────────────────────────────────────

export interface WaitingBackorder extends Backorder {
  readonly claimId: string;
  /** The claim's home region: its warehouses serve it first. */
  readonly homeRegion: Region;
  /** When the claim started waiting; earlier is served first. */
  readonly since: string;
}

export interface BackorderFill extends Reservation {
  readonly claimId: string;
}

/**
 * Which waiting claims a restock serves: oldest first (claim id breaks a tie), each taking what
 * it still needs, from its home region's warehouses first. A younger claim never takes stock an
 * older one is waiting for, even if it would be fully served by it (first come, first served).
 */
export function serveBackorders(
  waiting: readonly WaitingBackorder[],
  stock: readonly WarehouseStock[],
): BackorderFill[] {
  const shelves = sourcesOf(stock).map((s) => ({ ...s }));
  const queue = [...waiting].sort(
    (a, b) => a.since.localeCompare(b.since) || a.claimId.localeCompare(b.claimId),
  );
  const fills: BackorderFill[] = [];
  for (const claim of queue) {
    let missing = claim.quantity;
    const candidates = shelves
      .filter((s) => s.partNumber === claim.partNumber && s.available > 0)
      .sort(
        (a, b) =>
          Number(b.region === claim.homeRegion) - Number(a.region === claim.homeRegion) ||
          byFullestThenId(a, b),
      );
    for (const shelf of candidates) {
      if (missing === 0) break;
      const quantity = Math.min(missing, shelf.available);
      fills.push({
        claimId: claim.claimId,
        warehouseId: shelf.warehouseId,
        region: shelf.region,
        partNumber: claim.partNumber,
        quantity,
      });
      shelf.available -= quantity;
      missing -= quantity;
    }
  }
  return fills;
}

/**
 * The audit-trail reason of the move to AWAITING_PARTS: `backordered: 2 × EVB-MODULE-48, 1 × …`.
 * The trail is the lasting record of which parts a claim had to wait for (the claim's `backorders`
 * empties once they arrive), so the parts fill rate reads it back with `backorderedPartsOf`.
 */
export const backorderReason = (backorders: readonly Backorder[]): string =>
  `backordered: ${backorders.map((b) => `${b.quantity} × ${b.partNumber}`).join(', ')}`;

/** The parts named in a `backorderReason`, or none when the text is not one. */
export function backorderedPartsOf(reason: string): string[] {
  if (!reason.startsWith('backordered: ')) return [];
  return reason
    .slice('backordered: '.length)
    .split(', ')
    .map((entry) => /^\d+ × (.+)$/.exec(entry)?.[1])
    .filter((p): p is string => p !== undefined);
}
