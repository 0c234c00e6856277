import type { Vehicle } from '../../domain/vehicle.ts';
import { REGISTERED_FIELDS } from '../../domain/vehicle-import.ts';
import { type GuardedTable, TransactionFailedError } from './guarded-table.ts';
import { keys } from './keys.ts';
import { getMany } from './table-reads.ts';

/** Written only if the VIN is new, or registered with exactly this data (a concurrent identical import). */
const absentOrSame = (v: Vehicle) => ({
  expression: `attribute_not_exists(pk) OR (${REGISTERED_FIELDS.map((f) => `#${f} = :${f}`).join(' AND ')})`,
  names: Object.fromEntries(REGISTERED_FIELDS.map((f) => [`#${f}`, f])),
  values: Object.fromEntries(REGISTERED_FIELDS.map((f) => [`:${f}`, v[f]])),
});

/** DynamoDB's limit per TransactWriteItems. */
export const VEHICLES_PER_BATCH = 100;

/**
 * The vehicle registry as the bulk import writes it: each vehicle in its market's home region,
 * through the region that writes for that home now (like a reservation of another region's stock).
 */
export class VehicleRegistry {
  constructor(private readonly writerFor: (homeRegion: string) => Promise<GuardedTable>) {}

  /** What the registry holds for these VINs of one home region, read consistently where they are written. */
  async registered(homeRegion: string, vins: readonly string[]): Promise<Vehicle[]> {
    const table = await this.writerFor(homeRegion);
    return getMany<Vehicle>(
      table,
      vins.map((vin) => keys.vehicle(vin)),
      { consistent: true },
    );
  }

  /**
   * Registers up to 100 vehicles of one home region in one transaction, each only if its VIN is new
   * or registered with the same data: all or nothing. Returns the vehicles refused because their VIN
   * is registered with other data (then nothing of the batch was written).
   */
  async registerBatch(homeRegion: string, vehicles: readonly Vehicle[]): Promise<Vehicle[]> {
    const table = await this.writerFor(homeRegion);
    try {
      await table.transact(
        vehicles.map((vehicle) => ({
          put: { ...keys.vehicle(vehicle.vin), ...keys.fleetIndex(vehicle), type: 'Vehicle', ...vehicle },
          condition: absentOrSame(vehicle),
        })),
      );
      return [];
    } catch (err) {
      if (!(err instanceof TransactionFailedError)) throw err;
      const refused = err.reasons.flatMap((r, i) =>
        r.code === 'ConditionalCheckFailed' ? [vehicles[i]!] : [],
      );
      if (refused.length === 0) throw err;
      return refused;
    }
  }
}
