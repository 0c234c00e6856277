import { auditEntry, MasterDataError, sameRecord } from '../../domain/master-data/audit.ts';
import { type WarehouseDraft, warehouseFrom } from '../../domain/master-data/catalogue.ts';
import type { StockRow } from '../../domain/master-data/imports.ts';
import type { Warehouse } from '../../domain/stock.ts';
import { indexKeys, keys } from '../data/keys.ts';
import { type Change, fieldsOf, recordOf } from '../data/master-data-store.ts';
import { regionOfMarket } from './markets.ts';
import type { Actor, MasterDataContext } from './master-data-context.ts';

/** Warehouses and their stock levels, written in the warehouse's region. */

// Pure, as the schemas are: a function that never reads these records leaves the schema out (issue 18).
export const WAREHOUSE_FIELDS = fieldsOf<Warehouse>()([
  'warehouseId',
  'name',
  'region',
  'market',
  'transitDays',
]);

export const warehouseNotFound = (warehouseId: string) =>
  new MasterDataError('notFound', `no warehouse ${warehouseId}`, { parameter: 'warehouseId' });

export async function findWarehouse(
  ctx: MasterDataContext,
  warehouseId: string,
): Promise<Warehouse | undefined> {
  return recordOf<Warehouse>(await ctx.store.find(keys.warehouse(warehouseId)), WAREHOUSE_FIELDS);
}

export async function putWarehouse(
  ctx: MasterDataContext,
  warehouseId: string,
  draft: WarehouseDraft,
  actor: Actor,
): Promise<{ warehouse: Warehouse; created: boolean }> {
  if (draft.market && !(await regionOfMarket(ctx, draft.market)))
    throw new MasterDataError('invalid', `no market ${draft.market}`, { pointer: '/market' });
  // The region is checked before anything is read there.
  warehouseFrom(warehouseId, draft, { regions: ctx.regions });
  const local = await findWarehouse(ctx, warehouseId);
  const home = local?.region ?? draft.region;
  const read = await ctx.store.read(home, keys.warehouse(warehouseId));
  const existing = recordOf<Warehouse>(read, WAREHOUSE_FIELDS);
  const warehouse = warehouseFrom(warehouseId, draft, {
    regions: ctx.regions,
    ...(existing ? { existing } : {}),
  });
  if (existing && sameRecord(existing, warehouse)) return { warehouse, created: false };
  await ctx.store.write(
    home,
    [{ key: keys.warehouse(warehouseId), read, put: { ...warehouse }, type: 'Warehouse' }],
    [
      auditEntry({
        entity: 'warehouse',
        entityId: warehouseId,
        action: existing ? 'changed' : 'created',
        at: ctx.now(),
        actor,
        before: existing,
        after: warehouse,
      }),
    ],
    { by: actor.id },
  );
  return { warehouse, created: !existing };
}

export interface StockLevelView {
  partNumber: string;
  onHand: number;
  reserved: number;
  available: number;
}

const levelOf = (i: Record<string, unknown>): StockLevelView => ({
  partNumber: String(i.partNumber),
  onHand: Number(i.onHand),
  reserved: Number(i.reserved ?? 0),
  available: Number(i.available ?? Number(i.onHand) - Number(i.reserved ?? 0)),
});

export async function getWarehouse(ctx: MasterDataContext, warehouseId: string) {
  const found = await findWarehouse(ctx, warehouseId);
  if (!found) throw warehouseNotFound(warehouseId);
  // Read where it is written, so a change made a moment ago is what is shown.
  const warehouse =
    recordOf<Warehouse>(await ctx.store.read(found.region, keys.warehouse(warehouseId)), WAREHOUSE_FIELDS) ??
    found;
  const stock = (
    await ctx.store.partition(`WAREHOUSE#${warehouseId}`, { prefix: 'STOCK#', homeRegion: warehouse.region })
  )
    .map(levelOf)
    .sort((a, b) => a.partNumber.localeCompare(b.partNumber));
  return { ...warehouse, stock };
}

/** The stock level of a part in a warehouse where it is written, or undefined if not carried. */
export async function stockAtHome(ctx: MasterDataContext, warehouse: Warehouse, partNumber: string) {
  const read = await ctx.store.read(warehouse.region, keys.stock(warehouse.warehouseId, partNumber));
  return { read, level: read ? levelOf(read) : undefined };
}

/**
 * A stock take: the count on hand. A part the warehouse did not carry starts with this level; a
 * carried one keeps its reservations (claims hold them) and gets this count, which must not be
 * below what is reserved. The update is conditional on that, so a reservation made meanwhile is
 * never lost.
 */
export function stockTakeChange(
  warehouse: Warehouse,
  row: StockRow,
  read: Record<string, unknown> | undefined,
): Change {
  const key = keys.stock(warehouse.warehouseId, row.partNumber);
  if (!read)
    return {
      key,
      read: undefined,
      type: 'Stock',
      put: {
        ...indexKeys.stockByPart(row.partNumber, warehouse.region, warehouse.warehouseId),
        warehouseId: warehouse.warehouseId,
        partNumber: row.partNumber,
        region: warehouse.region,
        onHand: row.onHand,
        reserved: 0,
        available: row.onHand,
        // Counted in: on hand = received − consumed from here on (the region runbook checks it).
        received: row.onHand,
        consumed: 0,
        reservations: {},
      },
    };
  return {
    key,
    read,
    update: {
      // A count's difference is received (or written off, negative); conditional on the level read,
      // so a unit fitted meanwhile is not counted twice.
      expression: 'SET onHand = :n, available = :n - reserved, received = if_not_exists(received, :was) + :d',
      values: { ':n': row.onHand, ':was': Number(read.onHand), ':d': row.onHand - Number(read.onHand) },
      condition: {
        expression: 'reserved <= :n AND onHand = :was',
        values: { ':n': row.onHand, ':was': Number(read.onHand) },
      },
    },
  };
}
