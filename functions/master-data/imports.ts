import type { AuditEntry } from '../../domain/master-data/audit.ts';
import { auditEntry, MasterDataError } from '../../domain/master-data/audit.ts';
import { partFrom } from '../../domain/master-data/catalogue.ts';
import {
  type ImportKind,
  readPartRows,
  readStockRows,
  readTechnicianRows,
} from '../../domain/master-data/imports.ts';
import type { Warehouse } from '../../domain/stock.ts';
import {
  type CsvRecord,
  listedRowErrors,
  type RowError,
  sortRowErrors,
} from '../../domain/vehicle-import.ts';
import { keys } from '../data/keys.ts';
import { type Change, MAX_TRANSACTION_ITEMS } from '../data/master-data-store.ts';
import { CsvFormatError, readCsv } from '../shared/csv.ts';
import { existingOperations, planPart } from './catalogue.ts';
import type { Actor, MasterDataContext } from './master-data-context.ts';
import { planTechnician } from './network.ts';
import { findWarehouse, stockAtHome, stockTakeChange } from './warehouses.ts';

/**
 * CSV imports of parts, technicians and stock (the rules of each file in
 * domain/master-data/imports.ts): every row is read and checked against what is stored before
 * anything is written; a file with any problem writes nothing and answers every problem by row
 * and column. Then the rows are written in their home region, in transactions of up to 100 items
 * (each record with its audit entry). A transaction is all or nothing, a file of many is not: if one
 * fails part-way, the same file sent again completes it (rows already as the file says are left).
 */

export class ImportRejectedError extends Error {
  constructor(
    readonly errors: RowError[],
    readonly omitted: number,
  ) {
    const total = errors.length + omitted;
    super(
      `${total} ${total === 1 ? 'problem' : 'problems'} in the file${omitted ? ` (the first ${errors.length} listed)` : ''}; ` +
        'nothing was imported: fix the rows and send the whole file again',
    );
    this.name = 'ImportRejectedError';
  }
}

export interface ImportResult {
  readonly kind: ImportKind;
  /** Rows of the file now as it says: created + changed + unchanged. */
  readonly imported: number;
  readonly created: number;
  readonly changed: number;
  readonly unchanged: number;
}

interface PlannedRow {
  readonly row: number;
  readonly home: string;
  readonly changes: Change[];
  readonly audit: AuditEntry[];
  readonly created: boolean;
}

function recordsOf(csv: string): { header: CsvRecord; records: CsvRecord[] } {
  let all: CsvRecord[];
  try {
    all = readCsv(csv);
  } catch (err) {
    if (err instanceof CsvFormatError)
      throw new ImportRejectedError([{ row: err.line, column: '', detail: err.message }], 0);
    throw err;
  }
  const [header, ...records] = all;
  if (!header)
    throw new ImportRejectedError(
      [{ row: 1, column: '', detail: 'the file is empty; the first line is the header' }],
      0,
    );
  return { header, records };
}

const reject = (errors: RowError[]) => {
  const { listed, omitted } = listedRowErrors(sortRowErrors(errors));
  return new ImportRejectedError(listed, omitted);
};

/** A rule broken by one row, as that row's error under the column its field names. */
function rowErrorOf(row: number, err: unknown, columnOf: (pointer: string) => string): RowError {
  if (err instanceof MasterDataError) {
    const pointer = err.field && 'pointer' in err.field ? err.field.pointer : '';
    return { row, column: columnOf(pointer), detail: err.message };
  }
  throw err;
}

const firstSegment = (pointer: string) => pointer.split('/')[1] ?? '';

/** Writes the planned rows, per home region, as many rows per transaction as fit. */
async function writePlanned(ctx: MasterDataContext, planned: readonly PlannedRow[], actor: Actor) {
  const byHome = new Map<string, PlannedRow[]>();
  for (const p of planned) if (p.changes.length) byHome.set(p.home, [...(byHome.get(p.home) ?? []), p]);
  for (const [home, rows] of byHome) {
    let batch: PlannedRow[] = [];
    const size = (b: PlannedRow[]) => b.reduce((n, r) => n + r.changes.length + r.audit.length, 0);
    const flush = async () => {
      if (batch.length === 0) return;
      await ctx.store.write(
        home,
        batch.flatMap((r) => r.changes),
        batch.flatMap((r) => r.audit),
        { by: actor.id },
      );
      batch = [];
    };
    for (const r of rows) {
      if (size(batch) + r.changes.length + r.audit.length > MAX_TRANSACTION_ITEMS) await flush();
      batch.push(r);
    }
    await flush();
  }
}

const resultOf = (kind: ImportKind, total: number, planned: readonly PlannedRow[]): ImportResult => {
  const written = planned.filter((p) => p.changes.length > 0);
  const created = written.filter((p) => p.created).length;
  return {
    kind,
    imported: total,
    created,
    changed: written.length - created,
    unchanged: total - written.length,
  };
};

/** Runs `fn` over `items`, a few at a time (each reads a handful of items where they are written). */
async function eachLimited<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R>,
  concurrency = 8,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

export async function importParts(ctx: MasterDataContext, csv: string, actor: Actor): Promise<ImportResult> {
  const { header, records } = recordsOf(csv);
  const read = readPartRows(header, records);
  const operations = await existingOperations(
    ctx,
    read.rows.flatMap((r) => r.value.laborOperations ?? []),
  );
  const errors = [...read.errors];
  const planned: PlannedRow[] = [];
  await eachLimited(read.rows, async ({ row, value }) => {
    try {
      const part = partFrom(
        value.partNumber,
        { ...value, supplier: value.supplier ?? '', laborOperations: value.laborOperations ?? [] },
        operations,
      );
      const p = await planPart(ctx, part, actor);
      planned.push({ row, home: ctx.primaryRegion, ...p });
    } catch (err) {
      errors.push(rowErrorOf(row, err, (pointer) => firstSegment(pointer)));
    }
  });
  if (errors.length) throw reject(errors);
  await writePlanned(ctx, planned, actor);
  return resultOf('parts', read.rows.length, planned);
}

export async function importTechnicians(
  ctx: MasterDataContext,
  csv: string,
  actor: Actor,
): Promise<ImportResult> {
  const { header, records } = recordsOf(csv);
  const read = readTechnicianRows(header, records);
  const errors = [...read.errors];
  const planned: PlannedRow[] = [];
  await eachLimited(read.rows, async ({ row, value }) => {
    try {
      const p = await planTechnician(ctx, value.technicianId, value.draft, { keepLeave: true, actor });
      planned.push({ row, home: p.home, changes: p.changes, audit: p.audit, created: p.created });
    } catch (err) {
      errors.push(rowErrorOf(row, err, (pointer) => firstSegment(pointer)));
    }
  });
  if (errors.length) throw reject(errors);
  await writePlanned(ctx, planned, actor);
  return resultOf('technicians', read.rows.length, planned);
}

/**
 * The stock of the file. `raised` is called after the write for each warehouse and part whose
 * available units went up, so the claims waiting for that part are served as by a restock.
 */
export async function importStock(
  ctx: MasterDataContext,
  csv: string,
  actor: Actor,
  opts: { raised?: (warehouseId: string, partNumber: string) => Promise<unknown> } = {},
): Promise<ImportResult & { raised: number }> {
  const { header, records } = recordsOf(csv);
  const read = readStockRows(header, records);
  const errors = [...read.errors];
  const warehouses = new Map<string, Warehouse | undefined>();
  for (const id of new Set(read.rows.map((r) => r.value.warehouseId)))
    warehouses.set(id, await findWarehouse(ctx, id));
  const parts = new Set(
    (
      await eachLimited([...new Set(read.rows.map((r) => r.value.partNumber))], async (n) =>
        (await ctx.store.read(ctx.primaryRegion, keys.part(n))) ? n : undefined,
      )
    ).filter(Boolean),
  );
  const planned: PlannedRow[] = [];
  const raised: { warehouseId: string; partNumber: string }[] = [];
  await eachLimited(read.rows, async ({ row, value }) => {
    const warehouse = warehouses.get(value.warehouseId);
    if (!warehouse) {
      errors.push({
        row,
        column: 'warehouseId',
        detail: `no warehouse ${value.warehouseId}; create it first`,
      });
      return;
    }
    if (!parts.has(value.partNumber)) {
      errors.push({ row, column: 'partNumber', detail: `no part ${value.partNumber} in the catalogue` });
      return;
    }
    const { read: stored, level } = await stockAtHome(ctx, warehouse, value.partNumber);
    if (level && value.onHand < level.reserved) {
      errors.push({
        row,
        column: 'onHand',
        detail: `${level.reserved} of ${value.partNumber} are reserved for claims in ${value.warehouseId}; onHand must be at least that`,
      });
      return;
    }
    if (level && level.onHand === value.onHand) {
      planned.push({ row, home: warehouse.region, changes: [], audit: [], created: false });
      return;
    }
    if (!level || value.onHand > level.onHand) raised.push(value);
    planned.push({
      row,
      home: warehouse.region,
      created: !level,
      changes: [stockTakeChange(warehouse, value, stored)],
      audit: [
        auditEntry({
          entity: 'stock',
          entityId: `${value.warehouseId}:${value.partNumber}`,
          action: level ? 'counted' : 'created',
          at: ctx.now(),
          actor,
          ...(level ? { before: { onHand: level.onHand, reserved: level.reserved } } : {}),
          after: { onHand: value.onHand, reserved: level?.reserved ?? 0 },
        }),
      ],
    });
  });
  if (errors.length) throw reject(errors);
  await writePlanned(ctx, planned, actor);
  for (const r of raised) await opts.raised?.(r.warehouseId, r.partNumber);
  return { ...resultOf('stock', read.rows.length, planned), raised: raised.length };
}
