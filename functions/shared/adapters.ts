import type { Clock } from '../../domain/ports.ts';
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
import type { fileClaimAction } from '../lifecycle/file-claim.ts';
import type { partnerClaims } from '../lifecycle/partner-claims.ts';
import { liveMasterData } from '../master-data/live.ts';
import { executionRefs } from '../stepfunctions/execution-refs.ts';
import type { DispatchDeps } from '../webhooks/dispatch.ts';
import { WebhookEndpointStore } from '../webhooks/endpoint-store.ts';
import { PartnerEventStore } from '../webhooks/partner-event-store.ts';
import type { PartnerWebhookDependencies } from '../webhooks/partner-webhook.ts';
import { urlPolicyFromEnv } from '../webhooks/url-policy.ts';
import { requestKeyCheck } from './api-key-check.ts';
import { cached } from './cache.ts';
import { dynamo, dynamoIn, thisRegion } from './clients.ts';
import { linkSecret, linkSettings } from './link-secret.ts';
import { logger } from './logger.ts';
import { MARKETS_ENV, parseMarketRegions } from './market-regions.ts';
import { onFirstUse } from './on-first-use.ts';
import { perRegion } from './per-region.ts';

/**
 * The real adapters, wired once per container from the environment (CDK sets it in AWS; the local
 * runtime sets the same variables in each simulated region's worker). Handlers hand them to the
 * factories of the lifecycle, back-office and follow-up modules; nothing but handlers (and
 * all-adapters.ts) imports this file.
 *
 * Every adapter is its own export, and every value here is built in an expression marked `@__PURE__`:
 * a handler that imports `emails` and `claimReads` gets a bundle without the stock ledger, the
 * master-data store or the webhook stores, and its container builds none of them (cold start, issue
 * 18). all-adapters.ts gathers them in one object for the workflow tasks, whose steps read many. A
 * new adapter is one more pure export, never a statement that runs at import.
 */

export { logger };

const env = (name: string) => () => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export const settings = /* @__PURE__ */ (() => ({
  region: thisRegion,
  primaryRegion: process.env.CLAIMFLOW_PRIMARY_REGION ?? thisRegion,
  regions: (process.env.CLAIMFLOW_REGIONS ?? thisRegion).split(',').filter(Boolean),
  /** Market → the export region that serves it (from the config, through `CLAIMFLOW_MARKETS`). */
  marketRegions: parseMarketRegions(process.env[MARKETS_ENV]),
  tables: tableNames(),
  stateMachineArn: env('CLAIMFLOW_STATE_MACHINE_ARN'),
  maintenanceStateMachineArn: env('CLAIMFLOW_MAINTENANCE_STATE_MACHINE_ARN'),
}))();

export const region = thisRegion;
export const regions = settings.regions;
export const marketRegions = settings.marketRegions;
export const clock: Clock = { now: () => new Date() };
export { linkSecret, linkSettings };
export const log = logger;

// Loaded on first use: most functions never touch Step Functions or SES (see on-first-use.ts).
const stepFunctionsAdapters = () => import('./step-functions-adapters.ts');

const ownerCache = new Map();
const globalTable = /* @__PURE__ */ (() =>
  new GuardedTable(dynamo, settings.tables.global, thisRegion, { ownerCache }))();
/** The global table written in `region` (an item's home), through that region's endpoint. */
const globalTableIn = /* @__PURE__ */ perRegion(
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

const regional = /* @__PURE__ */ (() => new RegionalStore(dynamo, settings.tables.regional))();
/** Leases and once-only records: the regional table, never replicated. */
export const leases = regional;
export const once = regional;
const regionalIn = /* @__PURE__ */ perRegion(
  thisRegion,
  regional,
  (r) => new RegionalStore(dynamoIn(r), settings.tables.regional),
);

// Reference data read by every task: cached per container (see cache.ts for why and how long).
const MINUTE = 60_000;

function cachedPartners() {
  const partners = new DynamoPartnerRepository(globalTable);
  partners.get = cached(MINUTE, (id: string) => id, partners.get.bind(partners));
  return partners;
}

function cachedPartsCatalog() {
  const catalog = new DynamoPartsCatalog(globalTable);
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
  return catalog;
}

function cachedTechnicians() {
  const technicians = new DynamoTechnicianRepository(globalTable);
  technicians.listByCentre = cached(MINUTE, (id: string) => id, technicians.listByCentre.bind(technicians));
  return technicians;
}

function cachedWarrantyPlans() {
  const plans = new DynamoWarrantyPlanRepository(globalTable);
  // A new plan version takes effect from its day on (never reaching back), so a minute's delay is harmless.
  plans.versions = cached(MINUTE, (id: string) => id, plans.versions.bind(plans));
  return plans;
}

export const claims = /* @__PURE__ */ new DynamoClaimRepository(globalTable);
export const claimReads = claims;
export const owners = globalTable;
export const partners = /* @__PURE__ */ cachedPartners();
export const vehicles = /* @__PURE__ */ new DynamoVehicleRepository(globalTable);
export const partsCatalog = /* @__PURE__ */ cachedPartsCatalog();
export const technicians = /* @__PURE__ */ cachedTechnicians();
export const warrantyPlans = /* @__PURE__ */ cachedWarrantyPlans();
export const stock = /* @__PURE__ */ (() =>
  new DynamoStockLedger(globalTable, globalTableIn, settings.regions, writerFor))();
export const followUp = /* @__PURE__ */ new FollowUpStore(globalTable, writerFor);
export const emails = followUp;
export const stockLines = stock;
export const backorders = /* @__PURE__ */ new DynamoBackorderQueue(globalTable);
export const idempotencyKeys = /* @__PURE__ */ (() => new IdempotencyKeyStore(globalTable, clock.now))();
export const quality = /* @__PURE__ */ new DynamoQualityLedger(globalTable);
export const campaigns = /* @__PURE__ */ new DynamoCampaignRegister(globalTable);
export const fleet = /* @__PURE__ */ new DynamoFleet(globalTable);
export const claimIndex = /* @__PURE__ */ new ClaimIndex(globalTable);
export const vehicleRegistry = /* @__PURE__ */ new VehicleRegistry(writerFor);

/** Master data as the back-office routes and the vehicle import read and write it. */
export const masterData = /* @__PURE__ */ (() =>
  liveMasterData({
    writerFor,
    local: globalTable,
    clock,
    regions: settings.regions,
    primaryRegion: settings.primaryRegion,
    marketRegions: settings.marketRegions,
  }))();

/** The home regions' clocks: stamped by the dispatcher's runs, read by the back office's claim reads. */
export const writerClocks = /* @__PURE__ */ new WriterClocks(globalTable, thisRegion);

export const waits = /* @__PURE__ */ onFirstUse(() =>
  stepFunctionsAdapters().then((m) => m.workflowWaits(regionalIn, globalTable)),
);
export const workflows = /* @__PURE__ */ onFirstUse(() =>
  stepFunctionsAdapters().then((m) =>
    m.claimWorkflows({
      lifecycle: settings.stateMachineArn,
      maintenanceReminder: settings.maintenanceStateMachineArn,
    }),
  ),
);
export const executions = /* @__PURE__ */ (() =>
  onFirstUse(
    () => stepFunctionsAdapters().then((m) => m.claimExecutions(globalTable, settings.stateMachineArn)),
    // Names only: a redrive picks its run without loading the Step Functions client.
    executionRefs(thisRegion, settings.stateMachineArn),
  ))();
export const mailer = /* @__PURE__ */ onFirstUse(() =>
  import('./ses-mail-adapter.ts').then((m) => m.sesMailer()),
);

/** What `partnerClaims` reads: the partner routes that read claims, take repair reports, answer coverage. */
export const partnerClaimPorts = {
  region: thisRegion,
  clock,
  claims,
  partners,
  owners,
  vehicles,
  waits,
  warrantyPlans,
} satisfies Parameters<typeof partnerClaims>[0];

/**
 * What filing a claim writes, but for its business metric: the routes that file add `metrics` from
 * business-metrics.ts, which only the functions that count carry.
 */
export const claimFilingPorts = {
  region: thisRegion,
  clock,
  claims,
  partners,
  owners,
  idempotencyKeys,
  workflows,
} satisfies Omit<Parameters<typeof fileClaimAction>[0], 'metrics'>;

/** What the customers' signed-link pages use (`customerLinks`). */
export const customerLinkPorts: CustomerLinkDependencies = {
  clock,
  claims,
  partners,
  technicians,
  emails,
  followUp,
  linkSecret,
};

/** The partner's webhook as the partner API and the back office set and read it. */
export const webhookEndpoints = /* @__PURE__ */ new WebhookEndpointStore(globalTable);
export const partnerEvents = /* @__PURE__ */ new PartnerEventStore(globalTable);
export const webhookAdapters: PartnerWebhookDependencies = {
  region: thisRegion,
  clock,
  partners,
  webhookEndpoints,
  partnerEvents,
  urlPolicy: /* @__PURE__ */ urlPolicyFromEnv(),
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
export const apiKeyCheck = /* @__PURE__ */ requestKeyCheck(globalTable, () => clock.now());
