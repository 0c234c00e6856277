import type { z } from 'zod/mini';
import { type Part, PartNumberSchema } from '../part.ts';
import { WarehouseIdSchema } from '../stock.ts';
import { TechnicianIdSchema, type TechnicianSkill } from '../technician.ts';
import { type CsvRecord, isBlankRecord, type RowError, sortRowErrors } from '../vehicle-import.ts';
import { type PartDraft, PartDraftSchema } from './catalogue.ts';
import { type TechnicianDraft, TechnicianDraftSchema } from './technicians.ts';

/**
 * CSV imports of master data, like the vehicle import: every row checked before anything is
 * written, every problem named by its line (the header is 1) and column, the whole file or
 * nothing. A cell holding a list separates its items with `;`.
 *
 * - parts: `partNumber,name,category,supplier,laborOperations,price.JPY,price.NPR,…` (one price
 *   column per currency, an empty cell: not priced in it);
 * - technicians: `technicianId,name,centreId,skills,certifications,workingDays`, certifications
 *   as `skill:expiresOn` (`ev-high-voltage:2027-03-31`), an empty workingDays: every day the centre
 *   opens; leave is kept as it is (it is not a column);
 * - stock: `warehouseId,partNumber,onHand`: the count on hand (a stock take; a new pair starts
 *   the warehouse carrying the part).
 */

export const IMPORT_KINDS = ['parts', 'technicians', 'stock'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const MAX_MASTER_DATA_ROWS = 2_000;

export const PART_COLUMNS = ['partNumber', 'name', 'category', 'supplier', 'laborOperations'] as const;
export const PRICE_COLUMN = /^price\.([A-Z]{3})$/;
export const TECHNICIAN_COLUMNS = [
  'technicianId',
  'name',
  'centreId',
  'skills',
  'certifications',
  'workingDays',
] as const;
export const STOCK_COLUMNS = ['warehouseId', 'partNumber', 'onHand'] as const;

export interface Row<T> {
  readonly row: number;
  readonly key: string;
  readonly value: T;
}

export interface ReadResult<T> {
  readonly rows: Row<T>[];
  readonly errors: RowError[];
}

type Cells = Record<string, string>;

/** The header's columns: the fixed ones each once, plus the dynamic ones `dynamic` matches. */
function readHeader(
  header: CsvRecord,
  fixed: readonly string[],
  optional: readonly string[],
  dynamic?: RegExp,
): { ok: true; columns: string[] } | { ok: false; errors: RowError[] } {
  const errors: RowError[] = [];
  const columns: string[] = [];
  const byLower = new Map(fixed.map((c) => [c.toLowerCase(), c]));
  header.cells.forEach((cell, i) => {
    const name = cell.trim();
    const column = byLower.get(name.toLowerCase()) ?? (dynamic?.test(name) ? name : undefined);
    if (!column) {
      errors.push({
        row: header.line,
        column: name,
        detail:
          name === ''
            ? `column ${i + 1} has no name`
            : `unknown column ${JSON.stringify(name)}; the columns are ${fixed.join(', ')}${dynamic ? ` and ${dynamic.source}` : ''}`,
      });
      return;
    }
    if (columns.includes(column)) {
      errors.push({ row: header.line, column, detail: `column ${column} appears twice in the header` });
      return;
    }
    columns.push(column);
  });
  for (const c of fixed)
    if (!columns.includes(c) && !optional.includes(c) && !errors.some((e) => e.column === c))
      errors.push({ row: header.line, column: c, detail: `the header has no column ${c}` });
  return errors.length ? { ok: false, errors } : { ok: true, columns };
}

const list = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** The rows of a file as cells by column, or the file's structural problems. */
function readRecords(
  header: CsvRecord,
  records: readonly CsvRecord[],
  fixed: readonly string[],
  optional: readonly string[],
  dynamic?: RegExp,
): { ok: true; rows: { row: number; cells: Cells }[] } | { ok: false; errors: RowError[] } {
  const head = readHeader(header, fixed, optional, dynamic);
  if (!head.ok) return head;
  const data = records.filter((r) => !isBlankRecord(r));
  if (data.length === 0)
    return {
      ok: false,
      errors: [{ row: header.line, column: '', detail: 'the file has a header but no rows' }],
    };
  if (data.length > MAX_MASTER_DATA_ROWS)
    return {
      ok: false,
      errors: [
        {
          row: (data[MAX_MASTER_DATA_ROWS] as CsvRecord).line,
          column: '',
          detail: `a file holds at most ${MAX_MASTER_DATA_ROWS} rows and this one ${data.length}; split it`,
        },
      ],
    };
  const errors: RowError[] = [];
  const rows: { row: number; cells: Cells }[] = [];
  for (const r of data) {
    if (r.cells.length !== header.cells.length) {
      errors.push({
        row: r.line,
        column: '',
        detail: `the row has ${r.cells.length} fields and the header ${header.cells.length}; check for a stray or missing comma (or quote the value)`,
      });
      continue;
    }
    const cells: Cells = {};
    head.columns.forEach((c, i) => {
      cells[c] = (r.cells[i] ?? '').trim();
    });
    rows.push({ row: r.line, cells });
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

/** Zod issues of one row as row errors, each under the column its path starts in. */
function issuesOf(
  row: number,
  error: z.core.$ZodError,
  columnOf: (path: PropertyKey[]) => string,
): RowError[] {
  return error.issues.map((i) => ({ row, column: columnOf(i.path), detail: i.message }));
}

/** Rows whose key appeared on an earlier row: an error on the later one, naming the first. */
function duplicates<T>(rows: readonly Row<T>[], column: string, what: string): RowError[] {
  const first = new Map<string, number>();
  const errors: RowError[] = [];
  for (const r of rows) {
    const earlier = first.get(r.key);
    if (earlier !== undefined)
      errors.push({ row: r.row, column, detail: `${what} ${r.key} is also on row ${earlier}` });
    else first.set(r.key, r.row);
  }
  return errors;
}

const wholeNumber = (cell: string): number | string => (/^\d{1,15}$/.test(cell) ? Number(cell) : cell);

export function readPartRows(header: CsvRecord, records: readonly CsvRecord[]): ReadResult<Part> {
  const read = readRecords(header, records, PART_COLUMNS, [], PRICE_COLUMN);
  if (!read.ok) return { rows: [], errors: read.errors };
  const rows: Row<Part>[] = [];
  const errors: RowError[] = [];
  for (const { row, cells } of read.rows) {
    const number = PartNumberSchema.safeParse(cells.partNumber);
    if (!number.success) errors.push(...issuesOf(row, number.error, () => 'partNumber'));
    const prices: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(cells)) {
      const currency = PRICE_COLUMN.exec(column)?.[1];
      if (currency && cell !== '') prices[currency] = wholeNumber(cell);
    }
    const draft = PartDraftSchema.safeParse({
      name: cells.name,
      category: cells.category,
      supplier: cells.supplier,
      laborOperations: list(cells.laborOperations),
      prices,
    });
    if (!draft.success)
      errors.push(
        ...issuesOf(row, draft.error, (path) =>
          path[0] === 'prices' && path[1] !== undefined ? `price.${String(path[1])}` : String(path[0] ?? ''),
        ),
      );
    if (number.success && draft.success)
      rows.push({ row, key: number.data, value: { partNumber: number.data, ...(draft.data as PartDraft) } });
  }
  errors.push(...duplicates(rows, 'partNumber', 'part'));
  return { rows: rows.filter((r) => !errors.some((e) => e.row === r.row)), errors: sortRowErrors(errors) };
}

export interface TechnicianRow {
  readonly technicianId: string;
  readonly draft: TechnicianDraft;
}

export function readTechnicianRows(
  header: CsvRecord,
  records: readonly CsvRecord[],
): ReadResult<TechnicianRow> {
  const read = readRecords(header, records, TECHNICIAN_COLUMNS, ['workingDays']);
  if (!read.ok) return { rows: [], errors: read.errors };
  const rows: Row<TechnicianRow>[] = [];
  const errors: RowError[] = [];
  for (const { row, cells } of read.rows) {
    const id = TechnicianIdSchema.safeParse(cells.technicianId);
    if (!id.success) errors.push(...issuesOf(row, id.error, () => 'technicianId'));
    const certifications: unknown[] = [];
    for (const item of list(cells.certifications)) {
      const [skill, expiresOn, ...rest] = item.split(':').map((s) => s.trim());
      if (!skill || !expiresOn || rest.length > 0) {
        errors.push({
          row,
          column: 'certifications',
          detail: `${JSON.stringify(item)} is not skill:expiresOn, such as ev-high-voltage:2027-03-31`,
        });
        continue;
      }
      certifications.push({ skill, expiresOn });
    }
    const days = list(cells.workingDays);
    const draft = TechnicianDraftSchema.safeParse({
      name: cells.name,
      centreId: cells.centreId,
      skills: list(cells.skills) as TechnicianSkill[],
      certifications,
      ...(days.length ? { workingDays: days } : {}),
    });
    if (!draft.success) errors.push(...issuesOf(row, draft.error, (path) => String(path[0] ?? '')));
    if (id.success && draft.success)
      rows.push({ row, key: id.data, value: { technicianId: id.data, draft: draft.data } });
  }
  errors.push(...duplicates(rows, 'technicianId', 'technician'));
  return { rows: rows.filter((r) => !errors.some((e) => e.row === r.row)), errors: sortRowErrors(errors) };
}

export interface StockRow {
  readonly warehouseId: string;
  readonly partNumber: string;
  readonly onHand: number;
}

export const MAX_ON_HAND = 10_000_000;

export function readStockRows(header: CsvRecord, records: readonly CsvRecord[]): ReadResult<StockRow> {
  const read = readRecords(header, records, STOCK_COLUMNS, []);
  if (!read.ok) return { rows: [], errors: read.errors };
  const rows: Row<StockRow>[] = [];
  const errors: RowError[] = [];
  for (const { row, cells } of read.rows) {
    const warehouse = WarehouseIdSchema.safeParse(cells.warehouseId);
    if (!warehouse.success) errors.push(...issuesOf(row, warehouse.error, () => 'warehouseId'));
    const part = PartNumberSchema.safeParse(cells.partNumber);
    if (!part.success) errors.push(...issuesOf(row, part.error, () => 'partNumber'));
    const onHand = cells.onHand ?? '';
    const count = /^\d{1,8}$/.test(onHand) ? Number(onHand) : undefined;
    if (count === undefined || count > MAX_ON_HAND)
      errors.push({
        row,
        column: 'onHand',
        detail: `onHand must be a whole number from 0 to ${MAX_ON_HAND}, not ${JSON.stringify(onHand)}`,
      });
    if (warehouse.success && part.success && count !== undefined && count <= MAX_ON_HAND)
      rows.push({
        row,
        key: `${warehouse.data} ${part.data}`,
        value: { warehouseId: warehouse.data, partNumber: part.data, onHand: count },
      });
  }
  errors.push(...duplicates(rows, 'partNumber', 'warehouse and part'));
  return { rows: rows.filter((r) => !errors.some((e) => e.row === r.row)), errors: sortRowErrors(errors) };
}
