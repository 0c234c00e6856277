import { keyAdmits } from '../../domain/master-data/api-keys.ts';
import type { LaborOperation, Part } from '../../domain/part.ts';
import type { Partner } from '../../domain/partner.ts';
import type { PartnerRepository, PartsCatalog, VehicleRepository } from '../../domain/ports.ts';
import type { Vehicle } from '../../domain/vehicle.ts';
import type { GuardedTable } from './guarded-table.ts';
import { toModel } from './item.ts';
import { keys } from './keys.ts';
import { getMany, queryAll } from './table-reads.ts';

/** Partners, vehicles and the parts catalogue: read from the local replica, written in their home region. */
export class DynamoPartnerRepository implements PartnerRepository {
  constructor(private readonly table: GuardedTable) {}

  async get(partnerId: string): Promise<Partner | undefined> {
    return toModel<Partner>(await this.table.get(keys.partner(partnerId)));
  }

  /** Partners are few (tens per exporter): they share one partition, read with one Query. */
  async list(): Promise<Partner[]> {
    const { items } = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.partner('').pk },
    });
    return items.map((i) => toModel<Partner>(i)!);
  }

  /**
   * The partner an API key belongs to, by the key's SHA-256 (keys are never stored in clear), if
   * the key is live (not revoked, not expired) and the partner active. Read uncached: the caller
   * (the authorizer) keeps its own cache.
   */
  async partnerIdForKeyHash(sha256Hex: string, now = new Date()): Promise<string | undefined> {
    const item = await this.table.get(keys.apiKey(sha256Hex));
    if (!item) return undefined;
    const partner = await this.table.get(keys.partner(String(item.partnerId)));
    return keyAdmits(item, partner, now) ? String(item.partnerId) : undefined;
  }
}

export class DynamoVehicleRepository implements VehicleRepository {
  constructor(private readonly table: GuardedTable) {}

  async get(vin: string): Promise<Vehicle | undefined> {
    return toModel<Vehicle>(await this.table.get(keys.vehicle(vin)));
  }

  async put(vehicle: Vehicle): Promise<void> {
    await this.table.put({
      ...keys.vehicle(vehicle.vin),
      ...keys.fleetIndex(vehicle),
      type: 'Vehicle',
      ...vehicle,
    });
  }
}

export class DynamoPartsCatalog implements PartsCatalog {
  constructor(private readonly table: GuardedTable) {}

  private async byKey<T>(ids: readonly string[], key: (id: string) => { pk: string; sk: string }) {
    const items = await getMany(this.table, [...new Set(ids)].map(key));
    return items.map((i) => toModel<T>(i)!);
  }

  async getParts(partNumbers: readonly string[]): Promise<Map<string, Part>> {
    const parts = await this.byKey<Part>(partNumbers, keys.part);
    return new Map(parts.map((p) => [p.partNumber, p]));
  }

  async getLaborOperations(codes: readonly string[]): Promise<Map<string, LaborOperation>> {
    const operations = await this.byKey<LaborOperation>(codes, keys.laborOperation);
    return new Map(operations.map((o) => [o.code, o]));
  }
}
