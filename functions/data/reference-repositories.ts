import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { keyAdmits } from '../../domain/master-data/api-keys.ts';
import type { LaborOperation, Part } from '../../domain/part.ts';
import type { Partner } from '../../domain/partner.ts';
import type { CatalogRepository, PartnerRepository, VehicleRepository } from '../../domain/ports.ts';
import type { Vehicle } from '../../domain/vehicle.ts';
import type { GuardedTable, Key } from './guarded-table.ts';
import { toModel } from './item.ts';
import { keys } from './keys.ts';

/** Partners, vehicles and the parts catalogue: read from the local replica, written in their home region. */
export class DynamoPartnerRepository implements PartnerRepository {
  constructor(private readonly table: GuardedTable) {}

  async get(partnerId: string): Promise<Partner | undefined> {
    return toModel<Partner>(await this.table.get(keys.partner(partnerId)));
  }

  async list(): Promise<Partner[]> {
    // Partners are few (tens per exporter); they live under one index-free prefix per id, so the
    // list comes from the API-key-free registry item written with each partner.
    const res = await this.table.query({
      IndexName: undefined,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': 'PARTNERS' },
    });
    const ids = res.items.map((i) => String(i.partnerId));
    const partners = await Promise.all(ids.map((id) => this.get(id)));
    return partners.filter((p): p is Partner => p !== undefined);
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
    await this.table.put({ ...keys.vehicle(vehicle.vin), type: 'Vehicle', ...vehicle });
  }
}

async function batchGet<T>(table: GuardedTable, itemKeys: Key[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < itemKeys.length; i += 100) {
    let request: Record<string, { Keys: Key[] }> | undefined = {
      [table.tableName]: { Keys: itemKeys.slice(i, i + 100) },
    };
    while (request && Object.keys(request).length > 0) {
      const res = await table.doc.send(new BatchGetCommand({ RequestItems: request }));
      out.push(...((res.Responses?.[table.tableName] ?? []) as T[]));
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return out;
}

export class DynamoCatalogRepository implements CatalogRepository {
  constructor(private readonly table: GuardedTable) {}

  async getParts(partNumbers: readonly string[]): Promise<Map<string, Part>> {
    const unique = [...new Set(partNumbers)];
    const items = await batchGet<Record<string, unknown>>(
      this.table,
      unique.map((p) => keys.part(p)),
    );
    return new Map(items.map((i) => toModel<Part>(i)!).map((p) => [p.partNumber, p]));
  }

  async getLaborOperations(codes: readonly string[]): Promise<Map<string, LaborOperation>> {
    const unique = [...new Set(codes)];
    const items = await batchGet<Record<string, unknown>>(
      this.table,
      unique.map((c) => keys.laborOperation(c)),
    );
    return new Map(items.map((i) => toModel<LaborOperation>(i)!).map((o) => [o.code, o]));
  }
}
