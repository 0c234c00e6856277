import { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '../../domain/ports.ts';
import { DynamoClaimRepository } from '../data/claim-repository.ts';
import { FollowUpStore } from '../data/follow-up-store.ts';
import { GuardedTable } from '../data/guarded-table.ts';
import {
  DynamoCatalogRepository,
  DynamoPartnerRepository,
  DynamoVehicleRepository,
} from '../data/reference-repositories.ts';
import { RegionalStore } from '../data/regional-store.ts';
import { DynamoStockLedger } from '../data/stock-ledger.ts';
import { tableNames } from '../data/table-schema.ts';
import { DynamoTechnicianRepository } from '../data/technician-repository.ts';
import { DynamoWarrantyPlanRepository } from '../data/warranty-plan-repository.ts';
import { cached } from './cache.ts';
import { dynamo, dynamoIn, thisRegion } from './clients.ts';
import { MARKETS_ENV, parseMarketRegions } from './market-regions.ts';

/**
 * The adapters every handler uses, wired once per container from the environment (CDK sets it in
 * AWS; the local runtime sets the same variables in each simulated region's worker).
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'claimflow' });

export const settings = {
  region: thisRegion,
  primaryRegion: process.env.CLAIMFLOW_PRIMARY_REGION ?? thisRegion,
  regions: (process.env.CLAIMFLOW_REGIONS ?? thisRegion).split(',').filter(Boolean),
  /** Market → the export region that serves it (from the config, through `CLAIMFLOW_MARKETS`). */
  marketRegions: parseMarketRegions(process.env[MARKETS_ENV]),
  tables: tableNames(),
};

export const clock: Clock = { now: () => new Date() };

const ownerCache = new Map();
export const globalTable = new GuardedTable(dynamo, settings.tables.global, thisRegion, { ownerCache });
const tables = new Map<string, GuardedTable>([[thisRegion, globalTable]]);
/** The global table written in `region` (an item's home), through that region's endpoint. */
export function globalTableIn(region: string): GuardedTable {
  let t = tables.get(region);
  if (!t) {
    t = new GuardedTable(dynamoIn(region), settings.tables.global, region, { ownerCache });
    tables.set(region, t);
  }
  return t;
}

export const regional = new RegionalStore(dynamo, settings.tables.regional);
export const regionalIn = (region: string) =>
  region === thisRegion ? regional : new RegionalStore(dynamoIn(region), settings.tables.regional);

/** Claims of this region, written under the caller's ownership epoch when one is given. */
export const claimsRepo = (epoch?: number) => new DynamoClaimRepository(globalTable.withEpoch(epoch));
export const partners = new DynamoPartnerRepository(globalTable);
export const vehicles = new DynamoVehicleRepository(globalTable);
export const catalog = new DynamoCatalogRepository(globalTable);
export const stock = new DynamoStockLedger(globalTable, globalTableIn);
export const technicians = new DynamoTechnicianRepository(globalTable);
export const followUp = new FollowUpStore(globalTable);
export const warrantyPlans = new DynamoWarrantyPlanRepository(globalTable);

/**
 * The global table as written for items homed in `homeRegion` by whichever region writes for it now
 * (its owner record): the home region itself, or the region it failed over to.
 */
export async function writerFor(homeRegion: string): Promise<GuardedTable> {
  const owner = await globalTable.ownerOf(homeRegion);
  return globalTableIn(owner.writerRegion);
}

// Reference data read by every task: cached per container (see cache.ts for why and how long).
const MINUTE = 60_000;
partners.get = cached(MINUTE, (id: string) => id, partners.get.bind(partners));
catalog.getParts = cached(
  5 * MINUTE,
  (ids: readonly string[]) => [...ids].sort().join(','),
  catalog.getParts.bind(catalog),
);
catalog.getLaborOperations = cached(
  5 * MINUTE,
  (codes: readonly string[]) => [...codes].sort().join(','),
  catalog.getLaborOperations.bind(catalog),
);
technicians.listByCentre = cached(MINUTE, (id: string) => id, technicians.listByCentre.bind(technicians));
// A new plan version takes effect from its day on (never reaching back), so a minute's delay is harmless.
warrantyPlans.versions = cached(MINUTE, (id: string) => id, warrantyPlans.versions.bind(warrantyPlans));
