import { InsufficientStockError, type Warehouse, type WarehouseStock } from '../../domain/stock.ts';
import { type GuardedTable, TransactionFailedError } from './guarded-table.ts';
import { toModel } from './item.ts';
import { keys } from './keys.ts';
import { GLOBAL_INDEX } from './table-schema.ts';

/**
 * Stock per warehouse and part (DESIGN §3, §4). Every change is one transaction in the
 * warehouse's home region, sent to that region's endpoint:
 * - the stock item keeps `onHand`, `reserved` and `available` (= onHand − reserved, stored because
 *   a condition cannot subtract), and `available >= :q` guards every reservation: never oversell;
 * - a reservation item per (warehouse, part, claim) is created or deleted in the same transaction,
 *   so a retried reserve or release finds it (or its absence) and changes nothing twice.
 */
export class DynamoStockLedger {
  private warehouseCache: Map<string, Warehouse> | undefined;

  constructor(
    /** The global table as seen from this region (reads). */
    private readonly local: GuardedTable,
    /** The global table written in a given region (the warehouse's home). */
    private readonly tableIn: (region: string) => GuardedTable,
  ) {}

  async warehouses(): Promise<Warehouse[]> {
    if (!this.warehouseCache) {
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

  /** The level in the warehouse's own region (consistent). */
  async level(warehouseId: string, partNumber: string): Promise<WarehouseStock | undefined> {
    const region = await this.regionOf(warehouseId);
    const item = await this.tableIn(region).get(keys.stock(warehouseId, partNumber), true);
    return item
      ? { warehouseId, partNumber, region, onHand: Number(item.onHand), reserved: Number(item.reserved) }
      : undefined;
  }

  /**
   * Promises `quantity` units to the claim. `requestId` names the allocation plan it belongs to:
   * the same request twice reserves once; a later plan (after a restock) adds to the claim's
   * reservation in that warehouse.
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
      await this.tableIn(region).transact([
        {
          update: {
            key: keys.stock(warehouseId, partNumber),
            homeRegion: region,
            expression: 'SET reserved = reserved + :q, available = available - :q',
            values: { ':q': quantity },
          },
          condition: { expression: 'available >= :q' },
        },
        {
          update: {
            key: keys.reservation(warehouseId, partNumber, claimId),
            homeRegion: region,
            expression:
              'SET #type = :type, warehouseId = :w, partNumber = :p, claimId = :c, quantity = if_not_exists(quantity, :zero) + :q, reservedAt = :at ADD requestIds :rids',
            names: { '#type': 'type' },
            values: {
              ':type': 'Reservation',
              ':w': warehouseId,
              ':p': partNumber,
              ':c': claimId,
              ':zero': 0,
              ':q': quantity,
              ':at': new Date().toISOString(),
              ':rids': new Set([requestId]),
            },
          },
          condition: {
            expression: 'attribute_not_exists(requestIds) OR NOT contains(requestIds, :rid)',
            values: { ':rid': requestId },
          },
        },
      ]);
    } catch (err) {
      if (!(err instanceof TransactionFailedError)) throw err;
      const [stock, reservation] = err.reasons;
      // This request was reserved before: a retried call.
      if (reservation?.code === 'ConditionalCheckFailed') return;
      if (stock?.code === 'ConditionalCheckFailed') {
        throw new InsufficientStockError(
          warehouseId,
          partNumber,
          quantity,
          Number(stock.item?.available ?? 0),
        );
      }
      throw err;
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
      await this.tableIn(region).transact([
        {
          update: {
            key: keys.reservation(warehouseId, partNumber, claimId),
            homeRegion: region,
            expression: 'SET quantity = quantity - :q DELETE requestIds :rids',
            values: { ':q': quantity, ':rids': new Set([requestId]) },
          },
          condition: { expression: 'contains(requestIds, :rid)', values: { ':rid': requestId } },
        },
        {
          update: {
            key: keys.stock(warehouseId, partNumber),
            homeRegion: region,
            expression: 'SET reserved = reserved - :q, available = available + :q',
            values: { ':q': quantity },
          },
        },
      ]);
    } catch (err) {
      if (err instanceof TransactionFailedError && err.reasons[0]?.code === 'ConditionalCheckFailed') return;
      throw err;
    }
  }

  /** What the claim holds in a warehouse now (0 when nothing), read in the warehouse's region. */
  async reservedFor(warehouseId: string, partNumber: string, claimId: string): Promise<number> {
    const region = await this.regionOf(warehouseId);
    const item = await this.tableIn(region).get(keys.reservation(warehouseId, partNumber, claimId), true);
    return Number(item?.quantity ?? 0);
  }

  /** Releases whatever the claim holds of a part in a warehouse (compensation); a no-op when nothing. */
  async releaseAll(warehouseId: string, partNumber: string, claimId: string): Promise<number> {
    const held = await this.reservedFor(warehouseId, partNumber, claimId);
    if (held > 0) await this.settle(warehouseId, partNumber, claimId, 0, held);
    return held;
  }

  /**
   * Ends a claim's reservation: `consume` units were fitted (they leave stock), `release` units go
   * back on the shelf. Their sum must equal what was reserved. A second call is a no-op.
   */
  async settle(
    warehouseId: string,
    partNumber: string,
    claimId: string,
    consume: number,
    release: number,
  ): Promise<void> {
    const region = await this.regionOf(warehouseId);
    const table = this.tableIn(region);
    try {
      await table.transact([
        {
          delete: { key: keys.reservation(warehouseId, partNumber, claimId), homeRegion: region },
          condition: {
            expression: 'attribute_exists(pk) AND quantity = :total',
            values: { ':total': consume + release },
          },
        },
        {
          update: {
            key: keys.stock(warehouseId, partNumber),
            homeRegion: region,
            expression: 'SET onHand = onHand - :c, reserved = reserved - :t, available = available + :r',
            values: { ':c': consume, ':t': consume + release, ':r': release },
          },
        },
      ]);
    } catch (err) {
      if (!(err instanceof TransactionFailedError)) throw err;
      const [reservation] = err.reasons;
      // No reservation left: settled or released before (a retried call).
      if (reservation?.code === 'ConditionalCheckFailed' && !reservation.item) return;
      throw err;
    }
  }

  release(warehouseId: string, partNumber: string, quantity: number, claimId: string): Promise<void> {
    return this.settle(warehouseId, partNumber, claimId, 0, quantity);
  }

  consume(warehouseId: string, partNumber: string, quantity: number, claimId: string): Promise<void> {
    return this.settle(warehouseId, partNumber, claimId, quantity, 0);
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
