import type { FleetVehicle } from '../../domain/quality/rates.ts';
import type { GuardedTable } from './guarded-table.ts';
import { keys } from './keys.ts';
import { queryAll } from './table-reads.ts';
import { GLOBAL_INDEX } from './table-schema.ts';

/**
 * A market's registered fleet, one Query of index byPartner (`FLEET#<market>`, sorted by model,
 * year and VIN; see `keys.fleetIndex`), reading only what the rates and campaigns need. The
 * vehicle registry is the denominator of every failure rate.
 */
export class DynamoFleet {
  constructor(private readonly table: GuardedTable) {}

  async ofMarket(market: string, model?: string): Promise<FleetVehicle[]> {
    const { gsi1pk } = keys.fleetIndex({ market, model: '', modelYear: 0, vin: '' });
    const { items } = await queryAll<FleetVehicle>(this.table, {
      IndexName: GLOBAL_INDEX.byPartner,
      KeyConditionExpression: model ? 'gsi1pk = :p AND begins_with(gsi1sk, :m)' : 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': gsi1pk, ...(model ? { ':m': `${model}#` } : {}) },
      ProjectionExpression: 'vin, model, modelYear, market, deliveryDate',
    });
    return items;
  }
}
