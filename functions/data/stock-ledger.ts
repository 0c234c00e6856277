import { InsufficientStockError, type Warehouse, type WarehouseStock } from '../../domain/stock.ts';
import { ConditionFailedError, type GuardedTable } from './guarded-table.ts';
import { toModel } from './item.ts';
import { keys } from './keys.ts';
import { GLOBAL_INDEX } from './table-schema.ts';

/**
 * Stock per warehouse and part (DESIGN §3, §4). Every change is ONE conditional update of the
 * stock item, in the warehouse's home region, sent to that region's endpoint:
 * - the item keeps `onHand`, `reserved` and `available` (= onHand − reserved, stored because a
 *   condition cannot subtract), and `available >= :q` guards every reservation: never oversell;
 * - the item's `reservations` map holds one entry per claim and request (`<claimId>|<requestId>`
 *   → units): a retried reserve finds its entry and changes nothing; settling removes the claim's
 *   entries in the same update that moves the counters, so it happens once.
 * One item, one write: concurrent claims on a part are serialized by DynamoDB itself, with none of
 * the conflicts that transactions across items would have under load.
 */
export class DynamoStockLedger {
  private warehouseCache: Map<string, Warehouse> | undefined;
  private warehousesReadAt = 0;

  constructor(
    /** The global table as seen from this region (reads). */
    private readonly local: GuardedTable,
    /** The global table written in a given region (the warehouse's home). */
    private readonly tableIn: (region: string) => GuardedTable,
  ) {}

  async warehouses(): Promise<Warehouse[]> {
    // Warehouses are opened by the back office now and then: a minute-old list is fresh enough.
    if (!this.warehouseCache || Date.now() - this.warehousesReadAt > 60_000) {
      this.warehousesReadAt = Date.now();
      const res = await this.local.query({
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'WAREHOUSES' },
      });
      this.warehouseCache = new Map(
        res.items.map((i) => toModel<Warehouse>(i)!).map((w) => [w.warehouseId, w]),
      );
    }
    return [...this.warehouseCache.values()];
  }

  private async regionOf(warehouseId: string): Promise<string> {
    await this.warehouses();
    // A warehouse opened since the list was read (back office): read the list again once.
    if (!this.warehouseCache?.has(warehouseId)) {
      this.warehouseCache = undefined;
      await this.warehouses();
    }
    const w = this.warehouseCache?.get(warehouseId);
    if (!w) throw new Error(`unknown warehouse ${warehouseId}`);
    return w.region;
  }

  /** Levels of a part in every warehouse, from this region's replica (may lag other regions). */
  async levels(partNumber: string): Promise<WarehouseStock[]> {
    const res = await this.local.query({
      IndexName: GLOBAL_INDEX.byPart,
      KeyConditionExpression: 'gsi4pk = :p',
      ExpressionAttributeValues: { ':p': `PART#${partNumber}` },
    });
    return res.items.map((i) => ({
      warehouseId: String(i.warehouseId),
      partNumber: String(i.partNumber),
      region: String(i.region),
      onHand: Number(i.onHand),
      reserved: Number(i.reserved),
    }));
  }

  private async stockItem(warehouseId: string, partNumber: string) {
    const region = await this.regionOf(warehouseId);
    const item = await this.tableIn(region).get(keys.stock(warehouseId, partNumber), true);
    return { region, item };
  }

  /** The level in the warehouse's own region (consistent). */
  async level(warehouseId: string, partNumber: string): Promise<WarehouseStock | undefined> {
    const { region, item } = await this.stockItem(warehouseId, partNumber);
    return item
      ? { warehouseId, partNumber, region, onHand: Number(item.onHand), reserved: Number(item.reserved) }
      : undefined;
  }

  /**
   * Promises `quantity` units to the claim. `requestId` names the allocation plan it belongs to:
   * the same request twice reserves once; a later plan (after a restock) adds another entry.
   */
  async reserve(
    warehouseId: string,
    partNumber: string,
    quantity: number,
    claimId: string,
    requestId: string,
  ): Promise<void> {
    const region = await this.regionOf(warehouseId);
    try {
      await this.tableIn(region).update({
        key: keys.stock(warehouseId, partNumber),
        homeRegion: region,
        expression: 'SET reserved = reserved + :q, available = available - :q, reservations.#entry = :q',
        names: { '#entry': entryKey(claimId, requestId) },
        values: { ':q': quantity },
        condition: { expression: 'available >= :q AND attribute_not_exists(reservations.#entry)' },
      });
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      const entries = err.current?.reservations as Record<string, number> | undefined;
      // This request was reserved before: a retried call.
      if (entries?.[entryKey(claimId, requestId)] !== undefined) return;
      throw new InsufficientStockError(
        warehouseId,
        partNumber,
        quantity,
        Number(err.current?.available ?? 0),
      );
    }
  }

  /** Takes back one request's reservation (a plan abandoned half-way); a no-op if it never landed. */
  async undoRequest(
    warehouseId: string,
    partNumber: string,
    claimId: string,
    requestId: string,
    quantity: number,
  ): Promise<void> {
    const region = await this.regionOf(warehouseId);
    try {
      await this.tableIn(region).update({
        key: keys.stock(warehouseId, partNumber),
        homeRegion: region,
        expression: 'SET reserved = reserved - :q, available = available + :q REMOVE reservations.#entry',
        names: { '#entry': entryKey(claimId, requestId) },
        values: { ':q': quantity },
        condition: { expression: 'reservations.#entry = :q' },
      });
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
    }
  }

  /** What the claim holds in a warehouse now (0 when nothing), read in the warehouse's region. */
  async reservedFor(warehouseId: string, partNumber: string, claimId: string): Promise<number> {
    const { item } = await this.stockItem(warehouseId, partNumber);
    return claimEntries(item, claimId).reduce((n, [, q]) => n + q, 0);
  }

  /**
   * Ends a claim's reservation: `consume` units were fitted (they leave stock), `release` units go
   * back on the shelf; their sum is everything the claim holds there. A second call is a no-op.
   */
  async settle(
    warehouseId: string,
    partNumber: string,
    claimId: string,
    consume: number,
    release: number,
  ): Promise<void> {
    const { region, item } = await this.stockItem(warehouseId, partNumber);
    const entries = claimEntries(item, claimId);
    if (entries.length === 0) return; // settled or released before: a retried call
    const held = entries.reduce((n, [, q]) => n + q, 0);
    if (consume + release !== held) {
      throw new Error(
        `claim ${claimId} holds ${held} of ${partNumber} in ${warehouseId}, not ${consume + release}`,
      );
    }
    const names = Object.fromEntries(entries.map(([k], i) => [`#e${i}`, k]));
    try {
      await this.tableIn(region).update({
        key: keys.stock(warehouseId, partNumber),
        homeRegion: region,
        expression: `SET onHand = onHand - :c, reserved = reserved - :t, available = available + :r REMOVE ${entries
          .map((_, i) => `reservations.#e${i}`)
          .join(', ')}`,
        names,
        values: { ':c': consume, ':t': held, ':r': release },
        condition: {
          expression: entries.map((_, i) => `attribute_exists(reservations.#e${i})`).join(' AND '),
        },
      });
    } catch (err) {
      // Someone settled these entries between the read and the write: nothing left to do.
      if (!(err instanceof ConditionFailedError)) throw err;
    }
  }

  release(warehouseId: string, partNumber: string, quantity: number, claimId: string): Promise<void> {
    return this.settle(warehouseId, partNumber, claimId, 0, quantity);
  }

  consume(warehouseId: string, partNumber: string, quantity: number, claimId: string): Promise<void> {
    return this.settle(warehouseId, partNumber, claimId, quantity, 0);
  }

  /** Releases whatever the claim holds of a part in a warehouse (compensation); a no-op when nothing. */
  async releaseAll(warehouseId: string, partNumber: string, claimId: string): Promise<number> {
    const held = await this.reservedFor(warehouseId, partNumber, claimId);
    if (held > 0) await this.settle(warehouseId, partNumber, claimId, 0, held);
    return held;
  }

  async restock(warehouseId: string, partNumber: string, quantity: number): Promise<void> {
    const region = await this.regionOf(warehouseId);
    await this.tableIn(region).update({
      key: keys.stock(warehouseId, partNumber),
      homeRegion: region,
      expression: 'SET onHand = onHand + :q, available = available + :q',
      values: { ':q': quantity },
      condition: { expression: 'attribute_exists(pk)' },
    });
  }
}

const entryKey = (claimId: string, requestId: string) => `${claimId}|${requestId}`;

function claimEntries(item: Record<string, unknown> | undefined, claimId: string): [string, number][] {
  const map = (item?.reservations ?? {}) as Record<string, number>;
  return Object.entries(map)
    .filter(([k]) => k.startsWith(`${claimId}|`))
    .map(([k, q]) => [k, Number(q)]);
}
