import { StockItemMissingError, type StockLedger, type StockRequest } from '../../domain/ports.ts';
import { InsufficientStockError, type Warehouse, type WarehouseStock } from '../../domain/stock.ts';
import { type Attributes, type Condition, ConditionFailedError, type GuardedTable } from './guarded-table.ts';
import { toModel } from './item.ts';
import { keys } from './keys.ts';
import { queryAll } from './table-reads.ts';
import { GLOBAL_INDEX } from './table-schema.ts';

/** A stock item as the back office lists it: the counters and how many claims hold units. */
export interface StockLine {
  readonly partNumber: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  /** Claims holding units here (entries of the item's reservations map). */
  readonly claimsHolding: number;
}

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
export class DynamoStockLedger implements StockLedger {
  private warehouseCache: Map<string, Warehouse> | undefined;
  private warehousesReadAt = 0;

  constructor(
    /** The global table as seen from this region (reads). */
    private readonly local: GuardedTable,
    /** The global table read in a given region (a warehouse opened there moments ago). */
    private readonly tableIn: (region: string) => GuardedTable,
    /** Every region, where a warehouse opened moments ago may be read before it replicates here. */
    private readonly regions: readonly string[],
    /**
     * The global table of the region that writes a home region's items now: the warehouse's own
     * region, or the one it was evacuated to (its owner record), where the write is checked.
     */
    private readonly writerFor: (homeRegion: string) => Promise<GuardedTable>,
  ) {}

  async warehouses(): Promise<Warehouse[]> {
    // Warehouses are opened by the back office now and then: a minute-old list is fresh enough.
    if (!this.warehouseCache || Date.now() - this.warehousesReadAt > 60_000) {
      this.warehousesReadAt = Date.now();
      const res = await queryAll(this.local, {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.warehouse('').pk },
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
    const w = this.warehouseCache?.get(warehouseId) ?? (await this.warehouseAtHome(warehouseId));
    if (!w) throw new Error(`unknown warehouse ${warehouseId}`);
    return w.region;
  }

  /**
   * A warehouse not yet replicated to this region (opened moments ago in its home, e.g. by a stock
   * import that then serves the claims waiting for its parts): read in each region, consistently.
   */
  private async warehouseAtHome(warehouseId: string): Promise<Warehouse | undefined> {
    for (const region of this.regions) {
      const w = toModel<Warehouse>(await this.tableIn(region).get(keys.warehouse(warehouseId), true));
      if (w?.region === region) {
        this.warehouseCache?.set(warehouseId, w);
        return w;
      }
    }
    return undefined;
  }

  /** Levels of a part in every warehouse, from this region's replica (may lag other regions). */
  async levels(partNumber: string): Promise<WarehouseStock[]> {
    const res = await queryAll(this.local, {
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

  /** A warehouse's stock items, from this region's replica. */
  async stockOf(warehouseId: string): Promise<StockLine[]> {
    const { items } = await queryAll(this.local, {
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': keys.stock(warehouseId, '').pk, ':s': keys.stock('', '').sk },
    });
    return items.map((s) => ({
      partNumber: String(s.partNumber),
      onHand: Number(s.onHand),
      reserved: Number(s.reserved),
      available: Number(s.available ?? Number(s.onHand) - Number(s.reserved)),
      claimsHolding: new Set(Object.keys(entriesOf(s)).map((k) => k.split('|')[0])).size,
    }));
  }

  private async stockItem(warehouseId: string, partNumber: string) {
    const region = await this.regionOf(warehouseId);
    const item = await (await this.writerFor(region)).get(keys.stock(warehouseId, partNumber), true);
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
   * The one write every change is: an update of the stock item in the warehouse's region, under
   * `condition`. Returns the stored item when the condition refused it, undefined when it passed.
   */
  private async change(
    warehouseId: string,
    partNumber: string,
    update: { expression: string; names?: Record<string, string>; values: Attributes; condition: Condition },
  ): Promise<Attributes | undefined> {
    const region = await this.regionOf(warehouseId);
    try {
      await (await this.writerFor(region)).update({
        key: keys.stock(warehouseId, partNumber),
        homeRegion: region,
        ...update,
      });
      return undefined;
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      return err.current ?? {};
    }
  }

  /**
   * Promises the units to the claim. `requestId` names the allocation plan it belongs to: the same
   * request twice reserves once; a later plan (after a restock) adds another entry.
   */
  async reserve(r: StockRequest): Promise<void> {
    const entry = entryKey(r.claimId, r.requestId);
    const refused = await this.change(r.warehouseId, r.partNumber, {
      expression: 'SET reserved = reserved + :q, available = available - :q, reservations.#entry = :q',
      names: { '#entry': entry },
      values: { ':q': r.quantity },
      condition: { expression: 'available >= :q AND attribute_not_exists(reservations.#entry)' },
    });
    // Refused because this request was reserved before (a retried call): nothing to do.
    if (!refused || entriesOf(refused)[entry] !== undefined) return;
    throw new InsufficientStockError(r.warehouseId, r.partNumber, r.quantity, Number(refused.available ?? 0));
  }

  /** Takes back one request's reservation (a plan abandoned half-way); a no-op if it never landed. */
  async cancelRequest(r: StockRequest): Promise<void> {
    await this.change(r.warehouseId, r.partNumber, {
      expression: 'SET reserved = reserved - :q, available = available + :q REMOVE reservations.#entry',
      names: { '#entry': entryKey(r.claimId, r.requestId) },
      values: { ':q': r.quantity },
      condition: { expression: 'reservations.#entry = :q' },
    });
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
    const { item } = await this.stockItem(warehouseId, partNumber);
    const entries = claimEntries(item, claimId);
    if (entries.length === 0) return; // settled or released before: a retried call
    const held = entries.reduce((n, [, q]) => n + q, 0);
    if (consume + release !== held) {
      throw new Error(
        `claim ${claimId} holds ${held} of ${partNumber} in ${warehouseId}, not ${consume + release}`,
      );
    }
    // A refusal means someone settled these entries between the read and the write: nothing left to do.
    await this.change(warehouseId, partNumber, {
      // consumed counts what was fitted, so on hand = received − consumed can be checked (the region
      // runbook's invariants); a level from before the counters starts them from what it holds now.
      expression: `SET onHand = onHand - :c, reserved = reserved - :t, available = available + :r, received = if_not_exists(received, onHand), #consumed = if_not_exists(#consumed, :zero) + :c REMOVE ${entries
        .map((_, i) => `reservations.#e${i}`)
        .join(', ')}`,
      // CONSUMED is one of DynamoDB's reserved words.
      names: { '#consumed': 'consumed', ...Object.fromEntries(entries.map(([k], i) => [`#e${i}`, k])) },
      values: { ':c': consume, ':t': held, ':r': release, ':zero': 0 },
      condition: {
        expression: entries.map((_, i) => `attribute_exists(reservations.#e${i})`).join(' AND '),
      },
    });
  }

  /** Releases whatever the claim holds of a part in a warehouse (compensation); a no-op when nothing. */
  async releaseAll(warehouseId: string, partNumber: string, claimId: string): Promise<number> {
    const held = await this.reservedFor(warehouseId, partNumber, claimId);
    if (held > 0) await this.settle(warehouseId, partNumber, claimId, 0, held);
    return held;
  }

  async restock(warehouseId: string, partNumber: string, quantity: number): Promise<void> {
    const refused = await this.change(warehouseId, partNumber, {
      expression:
        'SET onHand = onHand + :q, available = available + :q, received = if_not_exists(received, onHand) + :q',
      values: { ':q': quantity },
      condition: { expression: 'attribute_exists(pk)' },
    });
    if (refused) throw new StockItemMissingError(warehouseId, partNumber);
  }
}

const entryKey = (claimId: string, requestId: string) => `${claimId}|${requestId}`;

const entriesOf = (item: Attributes | undefined) => (item?.reservations ?? {}) as Record<string, number>;

function claimEntries(item: Attributes | undefined, claimId: string): [string, number][] {
  return Object.entries(entriesOf(item))
    .filter(([k]) => k.startsWith(`${claimId}|`))
    .map(([k, q]) => [k, Number(q)]);
}
