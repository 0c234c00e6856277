import { monthsLater } from '../domain/calendar.ts';
import { makeVin } from '../domain/vin.ts';
import { DynamoVehicleRepository } from '../functions/data/reference-repositories.ts';
import type { Runtime } from '../local/runtime.ts';
import type { Scenario } from './cost.ts';

/** What the cost bench sets up before a phase: vehicles to claim on, and stock emptied for the cross-region path. */

/** One vehicle per claim, in warranty or not as the scenario says (set-up, not measured). */
export async function registerVehicles(
  rt: Runtime,
  s: Scenario,
  firstSerial: number,
  count: number,
): Promise<string[]> {
  const vins = Array.from({ length: count }, (_, i) => makeVin('JCFCB18A', firstSerial + i));
  const vehicles = new DynamoVehicleRepository(rt.globalTableIn(s.partner.region));
  const deliveryDate = monthsLater(new Date().toISOString().slice(0, 10), -s.deliveredMonthsAgo);
  for (const vin of vins)
    await vehicles.put({
      vin,
      model: 'Corsa 1.5 CVT',
      modelYear: Number(deliveryDate.slice(0, 4)),
      deliveryDate,
      market: s.partner.market,
      warrantyPlan: 'standard',
      powertrain: 'ICE',
      homeRegion: s.partner.region,
    });
  await rt.network.settled();
  return vins;
}

/** Sets a part's stock to nothing in some warehouses (set-up, not measured). */
export async function emptyStock(
  rt: Runtime,
  partNumber: string,
  warehouses: readonly { warehouseId: string; region: string }[],
) {
  for (const { warehouseId, region } of warehouses)
    await rt.globalTableIn(region).update({
      key: { pk: `WAREHOUSE#${warehouseId}`, sk: `STOCK#${partNumber}` },
      homeRegion: region,
      expression: 'SET onHand = reserved, available = :zero',
      values: { ':zero': 0 },
    });
}
