import { type IsoDate, isIsoDate } from './calendar.ts';
import { POWERTRAINS, type Vehicle, VehicleSchema } from './vehicle.ts';
import { validateVin } from './vin.ts';

/**
 * The vehicle registry import (back office, when vehicles ship): a CSV file with one vehicle per
 * row, checked in full before anything is written. Every problem names the line of the file the
 * user sees in an editor (the header is line 1) and the column, so a file with a hundred mistakes
 * is fixed in one pass. A file with any problem registers nothing.
 *
 * Columns are the vehicle model's fields (`domain/vehicle.ts`); `homeRegion` is not a column: it
 * follows from the market (the region that serves it), so a file cannot put a vehicle in the
 * wrong region.
 */

export const VEHICLE_CSV_COLUMNS = [
  'vin',
  'market',
  'model',
  'modelYear',
  'powertrain',
  'warrantyPlan',
  'deliveryDate',
] as const;
export type VehicleCsvColumn = (typeof VEHICLE_CSV_COLUMNS)[number];

/** Rows per file: a shipment manifest is at most a few thousand vehicles; more is split. */
export const MAX_IMPORT_ROWS = 5_000;
/** Problems listed in one answer; the count of the rest is given in words. */
export const MAX_LISTED_ROW_ERRORS = 500;

/** The first model year the registry accepts (the schema's lower bound). */
const FIRST_MODEL_YEAR = 1980;

/** One problem in the file: `row` is the line number (header = 1), `column` a header name or ''. */
export interface RowError {
  readonly row: number;
  readonly column: string;
  readonly detail: string;
}

/** A record as the CSV parser read it: its cells and the line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface ImportRow {
  readonly row: number;
  readonly vehicle: Vehicle;
}

export interface ReadRowsInput {
  readonly header: CsvRecord;
  readonly records: readonly CsvRecord[];
  /** The export region that serves a market, or undefined for a market no region serves. */
  readonly regionOfMarket: (market: string) => string | undefined;
  /** The markets any region serves, for the message about an unknown one. */
  readonly knownMarkets: readonly string[];
  /** The warranty plans with at least one version (the plan registry). */
  readonly knownPlans: readonly string[];
  /** Today (UTC): a delivery cannot be later. */
  readonly today: IsoDate;
}

const columnOrder = (column: string) => {
  const i = (VEHICLE_CSV_COLUMNS as readonly string[]).indexOf(column);
  return i === -1 ? VEHICLE_CSV_COLUMNS.length : i;
};

/** Errors in file order: by row, then by column as the header lists them. */
export const sortRowErrors = (errors: readonly RowError[]): RowError[] =>
  [...errors].sort((a, b) => a.row - b.row || columnOrder(a.column) - columnOrder(b.column));

/** Where each expected column is in the header, or the header's problems. */
export function readHeader(
  header: CsvRecord,
): { ok: true; index: Record<VehicleCsvColumn, number> } | { ok: false; errors: RowError[] } {
  const errors: RowError[] = [];
  const index: Partial<Record<VehicleCsvColumn, number>> = {};
  const expected = new Map(VEHICLE_CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));
  header.cells.forEach((cell, i) => {
    const name = cell.trim();
    const column = expected.get(name.toLowerCase());
    if (!column) {
      errors.push({
        row: header.line,
        column: name,
        detail:
          name === ''
            ? `column ${i + 1} has no name; the header must be ${VEHICLE_CSV_COLUMNS.join(',')}`
            : `unknown column ${JSON.stringify(name)}; the columns are ${VEHICLE_CSV_COLUMNS.join(', ')}`,
      });
      return;
    }
    if (index[column] !== undefined) {
      errors.push({ row: header.line, column, detail: `column ${column} appears twice in the header` });
      return;
    }
    index[column] = i;
  });
  for (const column of VEHICLE_CSV_COLUMNS)
    if (index[column] === undefined && !errors.some((e) => e.column === column))
      errors.push({ row: header.line, column, detail: `the header has no column ${column}` });
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, index: index as Record<VehicleCsvColumn, number> };
}

/** A record every cell of which is blank (a spreadsheet's trailing `,,,,,,` lines): not a row. */
export const isBlankRecord = (record: CsvRecord): boolean => record.cells.every((c) => c.trim() === '');

/** One row's vehicle, or what is wrong with each of its cells. */
function readRow(
  record: CsvRecord,
  index: Record<VehicleCsvColumn, number>,
  input: ReadRowsInput,
): { ok: true; vehicle: Vehicle } | { ok: false; errors: RowError[] } {
  const row = record.line;
  if (record.cells.length !== input.header.cells.length)
    return {
      ok: false,
      errors: [
        {
          row,
          column: '',
          detail: `the row has ${record.cells.length} fields and the header ${input.header.cells.length}; check for a stray or missing comma (or quote the value)`,
        },
      ],
    };
  const errors: RowError[] = [];
  const cell = (c: VehicleCsvColumn) => (record.cells[index[c]] ?? '').trim();
  const fail = (column: VehicleCsvColumn, detail: string) => {
    errors.push({ row, column, detail });
    return undefined;
  };
  const required = (c: VehicleCsvColumn) => cell(c) || fail(c, `${c} is empty`);

  const vin = required('vin');
  if (vin !== undefined) {
    const check = validateVin(vin);
    if (!check.ok) fail('vin', check.reason);
  }

  const market = required('market');
  let homeRegion: string | undefined;
  if (market !== undefined) {
    homeRegion = input.regionOfMarket(market);
    if (!homeRegion)
      fail(
        'market',
        `unknown market ${JSON.stringify(market)}; the markets served are ${input.knownMarkets.join(', ')}`,
      );
  }

  const model = required('model');
  if (model !== undefined && model.length > 100) fail('model', 'model must be at most 100 characters');

  const powertrain = required('powertrain');
  if (powertrain !== undefined && !(POWERTRAINS as readonly string[]).includes(powertrain))
    fail(
      'powertrain',
      `powertrain must be one of ${POWERTRAINS.join(', ')}, not ${JSON.stringify(powertrain)}`,
    );

  const plan = required('warrantyPlan');
  if (plan !== undefined && !input.knownPlans.includes(plan))
    fail(
      'warrantyPlan',
      `warrantyPlan must be one of ${input.knownPlans.join(', ') || '(no plan yet: create one first)'}, not ${JSON.stringify(plan)}`,
    );

  const deliveryDate = required('deliveryDate');
  if (deliveryDate !== undefined) {
    if (!isIsoDate(deliveryDate))
      fail(
        'deliveryDate',
        `deliveryDate must be a calendar date written YYYY-MM-DD, not ${JSON.stringify(deliveryDate)}`,
      );
    else if (deliveryDate > input.today)
      fail(
        'deliveryDate',
        `deliveryDate ${deliveryDate} is in the future; the warranty starts on the day the customer takes delivery`,
      );
    else if (deliveryDate < `${FIRST_MODEL_YEAR}-01-01`)
      fail('deliveryDate', `deliveryDate must be ${FIRST_MODEL_YEAR}-01-01 or later`);
  }

  const year = required('modelYear');
  let modelYear: number | undefined;
  if (year !== undefined) {
    if (!/^\d{4}$/.test(year))
      fail('modelYear', `modelYear must be a year such as 2025, not ${JSON.stringify(year)}`);
    else {
      modelYear = Number(year);
      const deliveryYear =
        deliveryDate && isIsoDate(deliveryDate) ? Number(deliveryDate.slice(0, 4)) : undefined;
      if (modelYear < FIRST_MODEL_YEAR) fail('modelYear', `modelYear must be ${FIRST_MODEL_YEAR} or later`);
      // Model years run ahead of the calendar (a 2026 model is sold from mid-2025), never by two years.
      else if (deliveryYear !== undefined && modelYear > deliveryYear + 1)
        fail('modelYear', `modelYear ${modelYear} is more than a year after the delivery in ${deliveryYear}`);
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  const parsed = VehicleSchema.safeParse({
    vin,
    model,
    modelYear,
    deliveryDate,
    market,
    warrantyPlan: plan,
    powertrain,
    homeRegion,
  });
  // The checks above cover every rule of the schema; this only guards against the two drifting.
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ row, column: String(i.path[0] ?? ''), detail: i.message })),
    };
  return { ok: true, vehicle: parsed.data };
}

/**
 * Every row of the file as a vehicle, or every problem of the file: the header, each cell, and a
 * VIN listed twice (the second row is the error, naming the first).
 */
export function readVehicleRows(input: ReadRowsInput): { rows: ImportRow[]; errors: RowError[] } {
  const header = readHeader(input.header);
  if (!header.ok) return { rows: [], errors: header.errors };
  const records = input.records.filter((r) => !isBlankRecord(r));
  if (records.length === 0)
    return {
      rows: [],
      errors: [{ row: input.header.line, column: '', detail: 'the file has a header but no vehicles' }],
    };
  if (records.length > MAX_IMPORT_ROWS) {
    const first = records[MAX_IMPORT_ROWS] as CsvRecord;
    return {
      rows: [],
      errors: [
        {
          row: first.line,
          column: '',
          detail: `a file holds at most ${MAX_IMPORT_ROWS} vehicles and this one ${records.length}; split it`,
        },
      ],
    };
  }
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const firstRowOfVin = new Map<string, number>();
  for (const record of records) {
    const read = readRow(record, header.index, input);
    const vin = (record.cells[header.index.vin] ?? '').trim();
    const earlier = vin ? firstRowOfVin.get(vin) : undefined;
    if (earlier !== undefined)
      errors.push({ row: record.line, column: 'vin', detail: `VIN ${vin} is also on row ${earlier}` });
    else if (vin) firstRowOfVin.set(vin, record.line);
    if (!read.ok) errors.push(...read.errors);
    else if (earlier === undefined) rows.push({ row: record.line, vehicle: read.vehicle });
  }
  return { rows, errors: sortRowErrors(errors) };
}

/** What a registration is besides its VIN: a VIN registered again must carry the same of each. */
export const REGISTERED_FIELDS = VEHICLE_CSV_COLUMNS.filter(
  (c): c is Exclude<VehicleCsvColumn, 'vin'> => c !== 'vin',
);

/**
 * The rows against what the registry already holds: a VIN registered with the same data is
 * `unchanged` (so sending a file again, after an interrupted import, completes it), with other data
 * an error per differing column (an import registers vehicles; it never changes one).
 */
export function compareWithRegistry(
  rows: readonly ImportRow[],
  registered: ReadonlyMap<string, Vehicle>,
): { create: ImportRow[]; unchanged: ImportRow[]; errors: RowError[] } {
  const create: ImportRow[] = [];
  const unchanged: ImportRow[] = [];
  const errors: RowError[] = [];
  for (const r of rows) {
    const existing = registered.get(r.vehicle.vin);
    if (!existing) {
      create.push(r);
      continue;
    }
    const differs = REGISTERED_FIELDS.filter((c) => String(existing[c]) !== String(r.vehicle[c]));
    if (differs.length === 0) unchanged.push(r);
    else
      for (const c of differs)
        errors.push({
          row: r.row,
          column: c,
          detail: `VIN ${r.vehicle.vin} is registered with ${c} ${JSON.stringify(existing[c])}, this row says ${JSON.stringify(r.vehicle[c])}; an import does not change a registered vehicle`,
        });
  }
  return { create, unchanged, errors: sortRowErrors(errors) };
}

/** At most MAX_LISTED_ROW_ERRORS errors, and how many were left out. */
export function listedRowErrors(errors: readonly RowError[]): { listed: RowError[]; omitted: number } {
  return {
    listed: errors.slice(0, MAX_LISTED_ROW_ERRORS),
    omitted: Math.max(0, errors.length - MAX_LISTED_ROW_ERRORS),
  };
}
