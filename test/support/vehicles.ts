import { monthsLater } from '../../domain/calendar.ts';
import { DynamoVehicleRepository } from '../../functions/data/reference-repositories.ts';
import type { Runtime } from '../../local/runtime.ts';

/**
 * Registers ICE vehicles delivered 10 months ago (in warranty), each in its market's home region,
 * through the vehicle repository: one per claim, so that no claim looks like a duplicate of another.
 */
export async function registerVehicles(
  runtime: Runtime,
  vehicles: readonly { vin: string; market: string; region: string }[],
): Promise<void> {
  const deliveryDate = monthsLater(new Date().toISOString().slice(0, 10), -10);
  for (let i = 0; i < vehicles.length; i += 20) {
    await Promise.all(
      vehicles.slice(i, i + 20).map(({ vin, market, region }) =>
        new DynamoVehicleRepository(runtime.globalTableIn(region)).put({
          vin,
          model: 'Corsa 1.5 CVT',
          modelYear: Number(deliveryDate.slice(0, 4)),
          deliveryDate,
          market,
          warrantyPlan: 'standard',
          powertrain: 'ICE',
          homeRegion: region,
        }),
      ),
    );
  }
}
