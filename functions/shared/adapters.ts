import type { Clock } from '../../domain/ports.ts';
import type { BackOfficeDependencies } from '../back-office/dependencies.ts';
import { DynamoBackorderQueue } from '../data/backorder-queue.ts';
import { DynamoCampaignRegister } from '../data/campaign-register.ts';
import { ClaimIndex } from '../data/claim-index.ts';
import { DynamoClaimRepository } from '../data/claim-repository.ts';
import { DynamoFleet } from '../data/fleet.ts';
import { FollowUpStore } from '../data/follow-up-store.ts';
import { GuardedTable } from '../data/guarded-table.ts';
import { IdempotencyKeyStore } from '../data/idempotency-keys.ts';
import { DynamoQualityLedger } from '../data/quality-ledger.ts';
import {
  DynamoPartnerRepository,
  DynamoPartsCatalog,
  DynamoVehicleRepository,
} from '../data/reference-repositories.ts';
import { RegionalStore } from '../data/regional-store.ts';
import { DynamoStockLedger } from '../data/stock-ledger.ts';
import { tableNames } from '../data/table-schema.ts';
import { DynamoTechnicianRepository } from '../data/technician-repository.ts';
import { VehicleRegistry } from '../data/vehicle-registry.ts';
import { DynamoWarrantyPlanRepository } from '../data/warranty-plan-repository.ts';
import { WriterClocks } from '../data/writer-clocks.ts';
import type { CustomerLinkDependencies } from '../follow-up/customer-links.ts';
import { liveMasterData } from '../master-data/live.ts';
import { executionRefs } from '../stepfunctions/execution-refs.ts';
import type { DispatchDeps } from '../webhooks/dispatch.ts';
import { WebhookEndpointStore } from '../webhooks/endpoint-store.ts';
import { PartnerEventStore } from '../webhooks/partner-event-store.ts';
import type { PartnerWebhookDependencies } from '../webhooks/partner-webhook.ts';
import { urlPolicyFromEnv } from '../webhooks/url-policy.ts';
import { requestKeyCheck } from './api-key-check.ts';
import { businessMetrics } from './business-metrics.ts';
import { cached } from './cache.ts';
import { dynamo, dynamoIn, thisRegion } from './clients.ts';
import { linkSecret, linkSettings } from './link-secret.ts';
import { logger } from './logger.ts';
import { MARKETS_ENV, parseMarketRegions } from './market-regions.ts';
import { onFirstUse } from './on-first-use.ts';
import { perRegion } from './per-region.ts';

/**
 * The real adapters, wired once per container from the environment (CDK sets it in AWS; the local
 * runtime sets the same variables in each simulated region's worker). Handlers hand `adapters` to
 * the factories of the lifecycle, back-office and follow-up modules; nothing else imports this file.
 */

export { logger };

const env = (name: string) => () => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export const settings = {
  region: thisRegion,
  primaryRegion: process.env.CLAIMFLOW_PRIMARY_REGION ?? thisRegion,
  regions: (process.env.CLAIMFLOW_REGIONS ?? thisRegion).split(',').filter(Boolean),
  /** Market → the export region that serves it (from the config, through `CLAIMFLOW_MARKETS`). */
  marketRegions: parseMarketRegions(process.env[MARKETS_ENV]),
  tables: tableNames(),
  stateMachineArn: env('CLAIMFLOW_STATE_MACHINE_ARN'),
  maintenanceStateMachineArn: env('CLAIMFLOW_MAINTENANCE_STATE_MACHINE_ARN'),
};

const clock: Clock = { now: () => new Date() };

// Loaded on first use: most functions never touch Step Functions or SES (see on-first-use.ts).
const stepFunctionsAdapters = () => import('./step-functions-adapters.ts');

const ownerCache = new Map();
const globalTable = new GuardedTable(dynamo, settings.tables.global, thisRegion, { ownerCache });
/** The global table written in `region` (an item's home), through that region's endpoint. */
const globalTableIn = perRegion(
  thisRegion,
  globalTable,
  (region) => new GuardedTable(dynamoIn(region), settings.tables.global, region, { ownerCache }),
);
/**
 * The global table as written for items homed in `homeRegion` by whichever region writes for it now
 * (its owner record): the home region itself, or the region it failed over to.
 */
async function writerFor(homeRegion: string): Promise<GuardedTable> {
  const owner = await globalTable.ownerOf(homeRegion);
  return globalTableIn(owner.writerRegion);
}

const regional = new RegionalStore(dynamo, settings.tables.regional);
const regionalIn = perRegion(
  thisRegion,
  regional,
  (r) => new RegionalStore(dynamoIn(r), settings.tables.regional),
);

const claims = new DynamoClaimRepository(globalTable);
const partners = new DynamoPartnerRepository(globalTable);
const partsCatalog = new DynamoPartsCatalog(globalTable);
const technicians = new DynamoTechnicianRepository(globalTable);
const stock = new DynamoStockLedger(globalTable, globalTableIn, settings.regions, writerFor);
const followUp = new FollowUpStore(globalTable, writerFor);

// Reference data read by every task: cached per container (see cache.ts for why and how long).
const MINUTE = 60_000;
partners.get = cached(MINUTE, (id: string) => id, partners.get.bind(partners));
partsCatalog.getParts = cached(
  5 * MINUTE,
  (ids: readonly string[]) => [...ids].sort().join(','),
  partsCatalog.getParts.bind(partsCatalog),
);
partsCatalog.getLaborOperations = cached(
  5 * MINUTE,
  (codes: readonly string[]) => [...codes].sort().join(','),
  partsCatalog.getLaborOperations.bind(partsCatalog),
);
technicians.listByCentre = cached(MINUTE, (id: string) => id, technicians.listByCentre.bind(technicians));
const warrantyPlans = new DynamoWarrantyPlanRepository(globalTable);
// A new plan version takes effect from its day on (never reaching back), so a minute's delay is harmless.
warrantyPlans.versions = cached(MINUTE, (id: string) => id, warrantyPlans.versions.bind(warrantyPlans));

/** Master data as the back-office routes and the vehicle import read and write it. */
export const masterData = liveMasterData({
  writerFor,
  local: globalTable,
  clock,
  regions: settings.regions,
  primaryRegion: settings.primaryRegion,
  marketRegions: settings.marketRegions,
});

/** The home regions' clocks: stamped by the dispatcher's runs, read by the back office's claim reads. */
export const writerClocks = new WriterClocks(globalTable, thisRegion);

export const adapters: BackOfficeDependencies & CustomerLinkDependencies = {
  region: thisRegion,
  regions: settings.regions,
  marketRegions: settings.marketRegions,
  clock,
  claims,
  owners: globalTable,
  partners,
  vehicles: new DynamoVehicleRepository(globalTable),
  partsCatalog,
  warrantyPlans,
  masterData,
  stock,
  stockLines: stock,
  backorders: new DynamoBackorderQueue(globalTable),
  technicians,
  leases: regional,
  once: regional,
  idempotencyKeys: new IdempotencyKeyStore(globalTable, clock.now),
  waits: onFirstUse(() => stepFunctionsAdapters().then((m) => m.workflowWaits(regionalIn, globalTable))),
  workflows: onFirstUse(() =>
    stepFunctionsAdapters().then((m) =>
      m.claimWorkflows({
        lifecycle: settings.stateMachineArn,
        maintenanceReminder: settings.maintenanceStateMachineArn,
      }),
    ),
  ),
  emails: followUp,
  followUp,
  mailer: onFirstUse(() => import('./ses-mail-adapter.ts').then((m) => m.sesMailer())),
  linkSettings,
  linkSecret,
  metrics: businessMetrics,
  quality: new DynamoQualityLedger(globalTable),
  campaigns: new DynamoCampaignRegister(globalTable),
  fleet: new DynamoFleet(globalTable),
  log: logger,
  claimIndex: new ClaimIndex(globalTable),
  claimReads: claims,
  executions: onFirstUse(
    () => stepFunctionsAdapters().then((m) => m.claimExecutions(globalTable, settings.stateMachineArn)),
    // Names only: a redrive picks its run without loading the Step Functions client.
    executionRefs(thisRegion, settings.stateMachineArn),
  ),
  vehicleRegistry: new VehicleRegistry(writerFor),
  writerClocks,
};

/** The partner's webhook as the partner API and the back office set and read it. */
export const webhookAdapters: PartnerWebhookDependencies = {
  region: thisRegion,
  clock,
  partners,
  webhookEndpoints: new WebhookEndpointStore(globalTable),
  partnerEvents: new PartnerEventStore(globalTable),
  urlPolicy: urlPolicyFromEnv(),
};

/** What the scheduled dispatcher reads and writes: the due events of the home regions it writes for now. */
export const webhookDispatch: DispatchDeps = {
  table: globalTable,
  homeRegions: async () => {
    const owners = await Promise.all(
      settings.regions.map(async (r) => [r, await globalTable.ownerOf(r)] as const),
    );
    return owners.filter(([, owner]) => owner.writerRegion === thisRegion).map(([r]) => r);
  },
  now: () => clock.now(),
  onError: (eventId, err) => logger.error('webhook delivery not recorded', { eventId, err: String(err) }),
};

/** The partner behind an API key (the authorizer's reads). */
export const partnerIdForKeyHash = (sha256Hex: string) => partners.partnerIdForKeyHash(sha256Hex);

/** Every partner route's uncached check of its key and partner (functions/shared/api-key-check.ts). */
export const apiKeyCheck = requestKeyCheck(globalTable, () => clock.now());
