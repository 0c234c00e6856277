import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monthsLater } from '../../domain/calendar.ts';
import { initialOwnerRecord } from '../../domain/region.ts';
import { makeVin } from '../../domain/vin.ts';
import type { GuardedTable } from '../../functions/data/guarded-table.ts';
import { keys } from '../../functions/data/keys.ts';
import { type Config, regionOfMarket } from '../../infra/config.ts';
import { demoLaborOperations, demoParts } from './demo-catalogue.ts';
import { demoPartners } from './demo-partners.ts';
import { demoVehicleSpecs, type Powertrain, VIN_PREFIX, type WarrantyState } from './demo-vehicles.ts';
import { DEMO_PLAN_ID, onboardDemoNetwork, onboardReferenceData, seedContext } from './onboarding.ts';

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

/** v2: the network is onboarded through the master-data operations (v1 loaded it directly). */
const SEED_NAME = 'demo-v2';
const SEED_V1 = 'demo-v1';

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

/** The demo key's id: fixed per partner, so a second run of the seed finds it issued. */
const demoKeyId = (partnerId: string) =>
  `key-demo${createHash('sha256').update(partnerId).digest('hex').slice(0, 16)}`;

/**
 * Writes the demo world once. Markets, the warranty plan, labour operations, parts and prices,
 * warehouses and stock, partners with their keys and centres, technicians: onboarded through the
 * master-data operations the back office uses (local/seed/onboarding.ts), every write guarded,
 * audited and replicated. Owner records (the failover runbook's) and the vehicles (the registry,
 * which arrives with each shipment) are loaded into every replica at once. A marker written last in
 * the primary region makes a second start write nothing; an interrupted first start runs it all
 * again (each step leaves what is already there).
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
  const { partners } = demoPartners(marketRegion);
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
  const ctx = seedContext({
    config,
    globalTableIn: opts.globalTableIn,
    demoApiKey: (partnerId) => demoApiKey(secret, partnerId),
    demoKeyId,
  });
  // A data folder seeded before master data was kept as data: it gains the markets and the plan
  // its vehicles name, and keeps everything else as it is.
  if (await primary.get(keys.seedMarker(SEED_V1), true)) {
    await onboardReferenceData(ctx, config);
    await primary.put({
      ...keys.seedMarker(SEED_NAME),
      homeRegion: config.primaryRegion,
      type: 'SeedMarker',
      seededAt: now,
    });
    return summary;
  }

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
  await opts.loadReplicas(puts.map(({ item }) => ({ ...item, ownerEpoch: 1 })));
  puts.length = 0;

  await onboardDemoNetwork(ctx, config, marketRegion, today);

  for (const { spec, vin } of vehicles) {
    const deliveryDate = monthsLater(today, -spec.ageMonths);
    const region = marketRegion(spec.market);
    const modelYear = Number(deliveryDate.slice(0, 4));
    add(region, {
      ...keys.vehicle(vin),
      ...keys.fleetIndex({ market: spec.market, model: spec.model, modelYear, vin }),
      type: 'Vehicle',
      vin,
      model: spec.model,
      modelYear,
      deliveryDate,
      market: spec.market,
      warrantyPlan: DEMO_PLAN_ID,
      powertrain: spec.powertrain,
    });
  }

  // The vehicles go to every replica directly (one bulk write per 25 items and region), as a
  // registry imported into a new global table would.
  await opts.loadReplicas(puts.map(({ item }) => ({ ...item, ownerEpoch: 1 })));
  await primary.put({
    ...keys.seedMarker(SEED_NAME),
    homeRegion: config.primaryRegion,
    type: 'SeedMarker',
    seededAt: now,
  });
  return { ...summary, seeded: true };
}
