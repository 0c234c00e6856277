import type { Vehicle } from '../../domain/vehicle.ts';
import {
  compareWithRegistry,
  type ImportRow,
  listedRowErrors,
  type RowError,
  readVehicleRows,
  sortRowErrors,
} from '../../domain/vehicle-import.ts';
import { VEHICLES_PER_BATCH } from '../data/vehicle-registry.ts';
import {
  VehicleImportConflictError,
  VehicleImportIncompleteError,
  VehicleImportRejectedError,
} from '../errors.ts';
import { planIds } from '../master-data/catalogue.ts';
import { marketRegions } from '../master-data/markets.ts';
import { mapLimited } from '../shared/concurrency.ts';
import { CsvFormatError, readCsv } from '../shared/csv.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

export interface VehicleImportResult {
  /** Vehicles of the file now in the registry: created + unchanged. */
  imported: number;
  created: number;
  /** Already registered with the same data (a file sent again after an interrupted import). */
  unchanged: number;
  /** Vehicles created per home region. */
  byRegion: Record<string, number>;
}

const BATCHES_AT_ONCE = 4;

/** Groups by a key, in first-seen order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

/** The file's records, or the one row error that says why it cannot be read. */
function recordsOf(csv: string) {
  let records: ReturnType<typeof readCsv>;
  try {
    records = readCsv(csv);
  } catch (err) {
    if (err instanceof CsvFormatError)
      throw new VehicleImportRejectedError([{ row: err.line, column: '', detail: err.message }], 0);
    throw err;
  }
  const [header, ...rest] = records;
  if (!header)
    throw new VehicleImportRejectedError(
      [{ row: 1, column: '', detail: 'the file is empty; the first line is the header' }],
      0,
    );
  return { header, rest };
}

/**
 * Registers the vehicles of a CSV file (header `vin,market,model,modelYear,powertrain,warrantyPlan,
 * deliveryDate`), all rows checked before anything is written:
 * - any invalid row (format, VIN, market, dates, a VIN twice in the file, a VIN registered with
 *   other data) → VehicleImportRejectedError listing every problem; nothing is written;
 * - otherwise the new vehicles are written in their market's home region (through the region that
 *   writes for it now, like a reservation of another region's stock), in transactions of up to 100
 *   vehicles, each conditional on the VIN being absent or registered identically.
 * Each transaction is all or nothing; the import as a whole is not (5,000 vehicles and several
 * regions cannot be one DynamoDB transaction). If it stops half-way (a region down, a crash), some
 * batches are registered and the caller gets an error: sending the same file again completes it,
 * since rows registered with the same data pass the check and are skipped (`unchanged`).
 */
export function importVehicles(
  deps: Pick<BackOfficeDependencies, 'vehicleRegistry' | 'masterData' | 'clock'>,
) {
  /** What the registry holds for these VINs, read consistently where each is written. */
  async function registered(rows: readonly ImportRow[]): Promise<Map<string, Vehicle>> {
    const found = new Map<string, Vehicle>();
    for (const [home, group] of groupBy(rows, (r) => r.vehicle.homeRegion))
      for (const v of await deps.vehicleRegistry.registered(
        home,
        group.map((r) => r.vehicle.vin),
      ))
        found.set(v.vin, v);
    return found;
  }

  return async (
    csv: string,
    /** When to stop starting batches (epoch ms): past it, VehicleImportIncompleteError rather than a timeout. */
    opts: { deadline?: number } = {},
  ): Promise<VehicleImportResult> => {
    const { header, rest } = recordsOf(csv);
    // The configured markets and those opened since; the plans with a version (master data).
    const [markets, plans] = await Promise.all([marketRegions(deps.masterData), planIds(deps.masterData)]);
    if (markets.size === 0) throw new Error('CLAIMFLOW_MARKETS is not set: no market → region mapping');
    const read = readVehicleRows({
      header,
      records: rest,
      regionOfMarket: (m) => markets.get(m),
      knownMarkets: [...markets.keys()],
      knownPlans: plans,
      today: deps.clock.now().toISOString().slice(0, 10),
    });
    const compared = compareWithRegistry(read.rows, await registered(read.rows));
    const errors = sortRowErrors([...read.errors, ...compared.errors]);
    if (errors.length > 0) {
      const { listed, omitted } = listedRowErrors(errors);
      throw new VehicleImportRejectedError(listed, omitted);
    }

    const batches = [...groupBy(compared.create, (r) => r.vehicle.homeRegion)].flatMap(([home, group]) =>
      Array.from({ length: Math.ceil(group.length / VEHICLES_PER_BATCH) }, (_, i) => ({
        home,
        rows: group.slice(i * VEHICLES_PER_BATCH, (i + 1) * VEHICLES_PER_BATCH),
      })),
    );
    let written = 0;
    let late = false;
    const conflicts: RowError[] = [];
    await mapLimited(batches, BATCHES_AT_ONCE, async ({ home, rows }) => {
      if (late || (opts.deadline !== undefined && Date.now() > opts.deadline)) {
        late = true;
        return;
      }
      const refused = new Set(
        (
          await deps.vehicleRegistry.registerBatch(
            home,
            rows.map((r) => r.vehicle),
          )
        ).map((v) => v.vin),
      );
      if (refused.size === 0) written += rows.length;
      for (const r of rows.filter((row) => refused.has(row.vehicle.vin)))
        conflicts.push({
          row: r.row,
          column: 'vin',
          detail: `VIN ${r.vehicle.vin} was registered with other data while this import ran`,
        });
    });
    if (conflicts.length > 0) throw new VehicleImportConflictError(sortRowErrors(conflicts), written);
    if (late) throw new VehicleImportIncompleteError(written, compared.create.length);

    const byRegion: Record<string, number> = {};
    for (const r of compared.create)
      byRegion[r.vehicle.homeRegion] = (byRegion[r.vehicle.homeRegion] ?? 0) + 1;
    return {
      imported: compared.create.length + compared.unchanged.length,
      created: compared.create.length,
      unchanged: compared.unchanged.length,
      byRegion,
    };
  };
}
