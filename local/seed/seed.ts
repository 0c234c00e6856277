import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monthsLater } from '../../domain/calendar.ts';
import { initialOwnerRecord } from '../../domain/region.ts';
import { makeVin } from '../../domain/vin.ts';
import type { GuardedTable } from '../../functions/data/guarded-table.ts';
import { indexKeys, keys } from '../../functions/data/keys.ts';
import { type Config, regionOfMarket } from '../../infra/config.ts';
import { demoLaborOperations, demoParts } from './demo-catalogue.ts';
import { demoPartners } from './demo-partners.ts';
import { demoStock, demoWarehouses } from './demo-stock.ts';
import { demoVehicleSpecs, type Powertrain, VIN_PREFIX, type WarrantyState } from './demo-vehicles.ts';

export interface DemoSummary {
  partners: { partnerId: string; name: string; market: string; region: string; apiKey: string }[];
  demo: {
    vehicles: {
      vin: string;
      market: string;
      powertrain: Powertrain;
      warranty: WarrantyState;
      suggestedOdometerKm: number;
    }[];
    parts: { partNumber: string; category: string; name: string }[];
    laborOperations: { code: string; hours: number; description: string }[];
  };
  /** Whether this start wrote the demo data (false: it was already there). */
  seeded: boolean;
}

const SEED_NAME = 'demo-v1';

/**
 * Demo API keys are derived from a secret made on first start and kept in the data folder, so
 * `npm start` can print them every time while the tables hold only their SHA-256 hashes.
 */
function localSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'local-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey).digest('hex');

const demoApiKey = (secret: Buffer, partnerId: string) =>
  `cfk_${createHmac('sha256', secret).update(partnerId).digest('base64url').slice(0, 32)}`;

/**
 * Writes the demo world once: every item with its home region, loaded into every replica, then a
 * marker written in the primary region through the guard. A second start finds the marker and writes
 * nothing; an interrupted first start writes it all again (every write is a plain put).
 */
export async function seedDemoData(opts: {
  config: Config;
  dataDir: string;
  globalTableIn: (region: string) => GuardedTable;
  /**
   * Loads items into every region's replica at once, as an import into a new global table would:
   * the items carry their home region and epoch, so the ownership guard governs them afterwards.
   */
  loadReplicas: (items: Record<string, unknown>[]) => Promise<void>;
  seed: boolean;
  today?: string;
}): Promise<DemoSummary> {
  const { config } = opts;
  const secret = localSecret(opts.dataDir);
  const marketRegion = (m: string) => regionOfMarket(m, config);
  const markets = config.regions.flatMap((r) => r.markets.map((m) => m.code));
  const { partners, technicians } = demoPartners(marketRegion);
  const vehicleSpecs = demoVehicleSpecs(markets);
  const vehicles = vehicleSpecs.map((spec, i) => ({
    spec,
    vin: makeVin(VIN_PREFIX[spec.powertrain], 100_000 + i),
  }));

  const summary: DemoSummary = {
    partners: partners.map((p) => ({
      partnerId: p.partnerId,
      name: p.name,
      market: p.market,
      region: p.homeRegion,
      apiKey: demoApiKey(secret, p.partnerId),
    })),
    demo: {
      vehicles: vehicles.map(({ spec, vin }) => ({
        vin,
        market: spec.market,
        powertrain: spec.powertrain,
        warranty: spec.warranty,
        suggestedOdometerKm: spec.suggestedOdometerKm,
      })),
      parts: demoParts.map((p) => ({ partNumber: p.partNumber, category: p.category, name: p.name })),
      laborOperations: demoLaborOperations.map((o) => ({
        code: o.code,
        hours: o.hours,
        description: o.description,
      })),
    },
    seeded: false,
  };

  const primary = opts.globalTableIn(config.primaryRegion);
  if (!opts.seed || (await primary.get(keys.seedMarker(SEED_NAME), true))) return summary;

  const now = new Date().toISOString();
  const today = opts.today ?? now.slice(0, 10);
  const puts: {
    region: string;
    item: Record<string, unknown> & { pk: string; sk: string; homeRegion: string };
  }[] = [];
  const add = (region: string, item: Record<string, unknown> & { pk: string; sk: string }) =>
    puts.push({ region, item: { ...item, homeRegion: region, updatedAt: now } });

  for (const r of config.regions) {
    const owner = initialOwnerRecord(r.region);
    // Owner records are HQ's: the primary region writes them (the failover runbook runs there).
    add(config.primaryRegion, {
      ...keys.ownerRecord(r.region),
      type: 'OwnerRecord',
      region: owner.homeRegion,
      writerRegion: owner.writerRegion,
      epoch: owner.epoch,
    });
  }
  for (const p of partners) {
    add(p.homeRegion, { ...keys.partner(p.partnerId), type: 'Partner', ...p });
    add(p.homeRegion, {
      ...keys.apiKey(hashApiKey(demoApiKey(secret, p.partnerId))),
      type: 'ApiKey',
      partnerId: p.partnerId,
      label: 'demo key',
      createdAt: now,
    });
  }
  for (const t of technicians)
    add(t.homeRegion, { ...keys.technician(t.centreId, t.technicianId), type: 'Technician', ...t });
  for (const part of demoParts)
    add(config.primaryRegion, { ...keys.part(part.partNumber), type: 'Part', ...part });
  for (const op of demoLaborOperations)
    add(config.primaryRegion, { ...keys.laborOperation(op.code), type: 'LaborOperation', ...op });
  const warehouseRegion = new Map(demoWarehouses.map((w) => [w.warehouseId, w.region]));
  for (const w of demoWarehouses)
    add(w.region, { ...keys.warehouse(w.warehouseId), type: 'Warehouse', ...w });
  for (const s of demoStock()) {
    const region = warehouseRegion.get(s.warehouseId)!;
    add(region, {
      ...keys.stock(s.warehouseId, s.partNumber),
      ...indexKeys.stockByPart(s.partNumber, region, s.warehouseId),
      type: 'Stock',
      warehouseId: s.warehouseId,
      partNumber: s.partNumber,
      region,
      onHand: s.onHand,
      reserved: 0,
      available: s.onHand,
      reservations: {},
    });
  }
  for (const { spec, vin } of vehicles) {
    const deliveryDate = monthsLater(today, -spec.ageMonths);
    const region = marketRegion(spec.market);
    add(region, {
      ...keys.vehicle(vin),
      type: 'Vehicle',
      vin,
      model: spec.model,
      modelYear: Number(deliveryDate.slice(0, 4)),
      deliveryDate,
      market: spec.market,
      warrantyPlan: 'standard',
      powertrain: spec.powertrain,
    });
  }

  // The initial load goes to every replica directly (one bulk write per 25 items and region):
  // seeding through the replicated write path took ~11 s of a cold start, this takes ~1 s.
  await opts.loadReplicas(puts.map(({ item }) => ({ ...item, ownerEpoch: 1 })));
  await primary.put({
    ...keys.seedMarker(SEED_NAME),
    homeRegion: config.primaryRegion,
    type: 'SeedMarker',
    seededAt: now,
  });
  return { ...summary, seeded: true };
}
