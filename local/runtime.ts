import './node20-support.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { GuardedTable } from '../functions/data/guarded-table.ts';
import { globalTableSchema, REPLICATION_STAMP_ATTRIBUTE } from '../functions/data/table-schema.ts';
import { formatMarketRegions, MARKETS_ENV } from '../functions/shared/market-regions.ts';
import { type Config, defaultConfig, mailConfigurationSetName, regionNames } from '../infra/config.ts';
import { renderClaimLifecycle } from './claim-lifecycle-asl.ts';
import { CONSOLE_DIST } from './console-build.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb/dynamodb-local.ts';
import { LOCAL_ACCESS_KEY } from './dynamodb/dynamodb-local-connection.ts';
import { type ReplicatingProxy, startReplicatingProxy } from './dynamodb/replicating-proxy.ts';
import { ensureTables } from './dynamodb/tables.ts';
import type { Endpoints } from './endpoints.ts';
import type { ConsoleConfigJson } from './gateway/console-files.ts';
import { type PartnerGateway, startPartnerGateway } from './gateway/gateway.ts';
import { type IdentityProvider, startIdentityProvider } from './identity/identity-provider.ts';
import { type LambdaRuntime, startLambdaRuntime } from './lambda/lambda-runtime.ts';
import { localLinkSecret } from './link-secret.ts';
import { renderMaintenanceReminder } from './maintenance-reminder-asl.ts';
import { localWebhookRetry, startSchedules } from './schedules.ts';
import { seedDemoData } from './seed/seed.ts';
import { type Outbox, startOutbox } from './ses/outbox.ts';
import {
  LOCAL_ACCOUNT_ID,
  type StepFunctionsService,
  startStepFunctionsService,
} from './stepfunctions/index.ts';

/**
 * The embedded runtime behind `npm start` and the integration tests: DynamoDB Local with one
 * database per configured region, the replicating proxy in front of it, tables, demo data, and the
 * machine-readable `endpoints.json` (DESIGN §6). Later parts add the Step Functions service, the
 * gateway, the outbox and the console here.
 */

export interface RuntimeOptions {
  /** Where everything is kept (`.claimflow/` for `npm start`); restarting on it keeps all data. */
  dataDir: string;
  config?: Config;
  /** Keep DynamoDB Local's data in memory only (tests that need a blank slate). */
  inMemory?: boolean;
  replicationLagMs?: number;
  seed?: boolean;
  /**
   * How fast workflow time runs: Wait states, task timeouts and retry backoff are multiplied by it
   * (1 = real time). The demo default makes a claim's whole life take well under a minute.
   */
  timeScale?: number;
  /** Handlers' log level (Powertools); quiet by default so `npm start` output stays readable. */
  logLevel?: string;
  /**
   * `record-only` registers ClaimLifecycle as a single Pass state: executions are started, named and
   * listed as usual but do no work. For benchmarks that measure intake apart from the workflow it
   * starts (bench/intake.ts); the handlers and their environment are the same.
   */
  workflow?: 'claim-lifecycle' | 'record-only';
  /** The DynamoDB proxy meters consumed capacity (`network.capacity()`; `npm run bench cost`). */
  meterCapacity?: boolean;
}

const RECORD_ONLY_DEFINITION = {
  Comment: 'ClaimLifecycle stand-in: records executions, runs nothing (RuntimeOptions.workflow)',
  StartAt: 'Recorded',
  States: { Recorded: { Type: 'Pass', End: true } },
};

/** A day of workflow time takes about 4.3 s: survey (3 days) and its reminder (7 more) in ~45 s. */
export const DEMO_TIME_SCALE = 1 / 20_000;
export const CLAIM_LIFECYCLE = 'ClaimLifecycle';
export const stateMachineArn = (region: string) =>
  `arn:aws:states:${region}:${LOCAL_ACCOUNT_ID}:stateMachine:${CLAIM_LIFECYCLE}`;
/** The follow-up's second workflow: one maintenance reminder, started when a claim closes. */
export const MAINTENANCE_REMINDER = 'MaintenanceReminder';
export const maintenanceReminderArn = (region: string) =>
  `arn:aws:states:${region}:${LOCAL_ACCOUNT_ID}:stateMachine:${MAINTENANCE_REMINDER}`;

export interface Runtime {
  readonly config: Config;
  readonly endpoints: Endpoints;
  readonly dynamodbLocal: DynamoDbLocal;
  readonly network: ReplicatingProxy;
  readonly lambda: LambdaRuntime;
  readonly stepFunctions: StepFunctionsService;
  readonly outbox: Outbox;
  /** The local API Gateway: the partner API per region. */
  readonly partnerApi: PartnerGateway;
  /** The local stand-in for the staff user pool: login and JWKS. */
  readonly identity: IdentityProvider;
  /** A document client for one region, through the replicating proxy (as a handler there would have). */
  dynamoIn(region: string): DynamoDBDocumentClient;
  /** The global table as a writer in `region` sees it (every write guarded). */
  globalTableIn(region: string): GuardedTable;
  /** Milliseconds from the start of startup to the end of each step. */
  readonly timings: Record<string, number>;
  /** Whether this start wrote the demo data (false when an earlier start already had). */
  readonly seeded: boolean;
  stop(): Promise<void>;
}

export const localCredentials = { accessKeyId: LOCAL_ACCESS_KEY, secretAccessKey: LOCAL_ACCESS_KEY };

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const mark = (name: string) => {
    timings[name] = Math.round(performance.now() - t0);
  };
  const config = opts.config ?? defaultConfig;
  const regions = regionNames(config);
  mkdirSync(opts.dataDir, { recursive: true });

  const dynamodbLocal = await startDynamoDbLocal({
    dataDir: opts.inMemory ? undefined : join(opts.dataDir, 'dynamodb'),
    databases: { accessKey: LOCAL_ACCESS_KEY, regions },
  });
  mark('dynamodbLocal');
  let network: ReplicatingProxy;
  try {
    network = await startReplicatingProxy({
      backendUrl: dynamodbLocal.url,
      regions,
      globalTable: config.tables.global,
      keyAttributes: [globalTableSchema.partitionKey, globalTableSchema.sortKey],
      stampAttribute: REPLICATION_STAMP_ATTRIBUTE,
      lagMs: opts.replicationLagMs ?? 100,
      queueFile: opts.inMemory ? undefined : join(opts.dataDir, 'replication-queue.json'),
      meterCapacity: opts.meterCapacity,
    });
  } catch (err) {
    await dynamodbLocal.stop();
    throw err;
  }
  mark('proxy');

  const raw = new Map<string, DynamoDBClient>();
  const docs = new Map<string, DynamoDBDocumentClient>();
  const rawIn = (region: string) => {
    let c = raw.get(region);
    if (!c) {
      c = new DynamoDBClient({ region, endpoint: network.url, credentials: localCredentials });
      raw.set(region, c);
    }
    return c;
  };
  const dynamoIn = (region: string) => {
    let d = docs.get(region);
    if (!d) {
      d = DynamoDBDocumentClient.from(rawIn(region), { marshallOptions: { removeUndefinedValues: true } });
      docs.set(region, d);
    }
    return d;
  };
  const globalTableIn = (region: string) => new GuardedTable(dynamoIn(region), config.tables.global, region);

  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
    await network.stop();
    for (const c of raw.values()) c.destroy();
    await dynamodbLocal.stop();
  };

  try {
    await Promise.all(regions.map((r) => ensureTables(rawIn(r), config.tables)));
    mark('tables');
    const backend = (region: string) =>
      DynamoDBDocumentClient.from(
        new DynamoDBClient({ region, endpoint: dynamodbLocal.url, credentials: localCredentials }),
        { marshallOptions: { removeUndefinedValues: true } },
      );
    const loadReplicas = async (items: Record<string, unknown>[]) => {
      const stamp = `${String(Date.now()).padStart(15, '0')}.000000@seed`;
      await Promise.all(
        regions.map(async (region) => {
          const db = backend(region);
          for (let i = 0; i < items.length; i += 25) {
            let request: BatchWriteCommandInput['RequestItems'] = {
              [config.tables.global]: items.slice(i, i + 25).map((item) => ({
                PutRequest: { Item: { ...item, [REPLICATION_STAMP_ATTRIBUTE]: stamp } },
              })),
            };
            while (request && Object.keys(request).length > 0) {
              const res: { UnprocessedItems?: BatchWriteCommandInput['RequestItems'] } = await db.send(
                new BatchWriteCommand({ RequestItems: request }),
              );
              request = res.UnprocessedItems;
            }
          }
          db.destroy();
        }),
      );
    };
    const summary = await seedDemoData({
      loadReplicas,
      config,
      dataDir: opts.dataDir,
      globalTableIn,
      seed: opts.seed ?? true,
    });
    mark('seed');

    const timeScale = opts.timeScale ?? DEMO_TIME_SCALE;
    // The Step Functions service may resume executions the moment it starts; their tasks wait
    // here until the Lambda workers are up.
    let lambdaStarted!: (l: LambdaRuntime) => void;
    const lambdaReady = new Promise<LambdaRuntime>((resolve) => {
      lambdaStarted = resolve;
    });
    // A bounce or complaint at the outbox goes to record-bounce in the sending region, as SES's
    // configuration set event destination → EventBridge → Lambda does in AWS.
    const outbox = await startOutbox({
      file: join(opts.dataDir, 'outbox.jsonl'),
      onEvent: async (event) =>
        (await lambdaReady).invoke({ region: event.region, functionName: 'record-bounce', payload: event }),
    });
    stoppers.push(() => outbox.stop());
    const stepFunctions = await startStepFunctionsService({
      dataDir: join(opts.dataDir, 'stepfunctions'),
      regions,
      stateMachines: [
        {
          name: CLAIM_LIFECYCLE,
          definition: opts.workflow === 'record-only' ? RECORD_ONLY_DEFINITION : renderClaimLifecycle(config),
        },
        { name: MAINTENANCE_REMINDER, definition: renderMaintenanceReminder(config) },
      ],
      invokeFunction: async (req) => (await lambdaReady).invoke(req),
      timeScale,
    });
    stoppers.push(() => stepFunctions.stop());
    mark('stepFunctions');
    // The gateway starts before the Lambda workers: its URLs are the base of the signed links in
    // emails (CLAIMFLOW_PUBLIC_URL: the public pages, catalog kind public-page); until the workers are
    // up its requests wait, as the Step Functions tasks do.
    // The console's config.json names URLs known only once the gateway and identity provider are up.
    let consoleConfig: ConsoleConfigJson | undefined;
    let staffPool: IdentityProvider | undefined;
    const partnerApi = await startPartnerGateway({
      regions,
      lambda: { invoke: async (req) => (await lambdaReady).invoke(req) },
      accountId: LOCAL_ACCOUNT_ID,
      consoleRegion: config.primaryRegion,
      consoleFiles: { dir: CONSOLE_DIST, config: () => consoleConfig },
      // The back-office routes' authorizer accepts the local identity provider's tokens, as the CDK
      // API's accepts the staff pool's.
      staffPool: () => staffPool,
    });
    stoppers.push(() => partnerApi.stop());
    mark('gateway');
    const linkSecret = localLinkSecret(opts.dataDir);
    // The console is served by the primary region's gateway port: its origin is the one CORS allows.
    const consoleOrigin = new URL(partnerApi.urls[config.primaryRegion]!).origin;
    const identity = await startIdentityProvider({ dataDir: opts.dataDir, consoleOrigin });
    stoppers.push(() => identity.stop());
    staffPool = identity;
    mark('identity');
    consoleConfig = {
      primaryRegion: config.primaryRegion,
      regions: Object.fromEntries(regions.map((r) => [r, { backofficeApi: partnerApi.urls[r]! }])),
      identity: { kind: 'local', url: identity.url },
    };
    const lambda = await startLambdaRuntime({
      regions,
      environment: (region) => ({
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_ACCESS_KEY_ID: LOCAL_ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY: LOCAL_ACCESS_KEY,
        AWS_ENDPOINT_URL_DYNAMODB: network.url,
        AWS_ENDPOINT_URL_SFN: stepFunctions.url,
        AWS_ENDPOINT_URL_SESV2: outbox.url,
        CLAIMFLOW_TABLE: config.tables.global,
        CLAIMFLOW_REGIONAL_TABLE: config.tables.regional,
        CLAIMFLOW_PRIMARY_REGION: config.primaryRegion,
        CLAIMFLOW_REGIONS: regions.join(','),
        [MARKETS_ENV]: formatMarketRegions(config.regions),
        CLAIMFLOW_STATE_MACHINE_ARN: stateMachineArn(region),
        CLAIMFLOW_MAINTENANCE_STATE_MACHINE_ARN: maintenanceReminderArn(region),
        CLAIMFLOW_MAIL_FROM: config.mail.fromAddress,
        CLAIMFLOW_SES_CONFIGURATION_SET: mailConfigurationSetName(config),
        CLAIMFLOW_LINK_SECRET: linkSecret,
        CLAIMFLOW_PUBLIC_URL: partnerApi.urls[region]!,
        CLAIMFLOW_SURVEY_LINK_DAYS: String(config.mail.surveyLinkDays),
        CLAIMFLOW_LINK_DAYS: String(config.mail.linkDays),
        // A partner's test receiver on this machine is a loopback URL: allowed here, never in AWS.
        CLAIMFLOW_WEBHOOK_ALLOW_LOOPBACK: 'true',
        CLAIMFLOW_WEBHOOK_RETRY: JSON.stringify(localWebhookRetry(timeScale)),
        POWERTOOLS_SERVICE_NAME: 'claimflow',
        POWERTOOLS_LOG_LEVEL: opts.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
        // Business metrics are EMF lines on stdout, for CloudWatch: off here unless asked for.
        POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      }),
    });
    lambdaStarted(lambda);
    stoppers.push(() => lambda.stop());
    mark('lambda');
    const schedules = startSchedules({
      regions,
      timeScale,
      invoke: (region, functionName) => lambda.invoke({ region, functionName, payload: {} }),
      onError: (spec, region, err) => console.error(`${spec.name} in ${region}: ${(err as Error).message}`),
    });
    stoppers.push(() => schedules.stop());

    const endpoints: Endpoints = {
      regions: Object.fromEntries(
        regions.map((r) => [
          r,
          {
            partnerApi: partnerApi.urls[r]!,
            dynamodb: `${network.url}/`,
            sfn: `${stepFunctions.url}/`,
            ses: `${outbox.url}/`,
            backofficeApi: partnerApi.urls[r]!,
          },
        ]),
      ),
      network: `${network.url}/_claimflow/network`,
      outbox: `${outbox.url}/outbox`,
      stateMachines: Object.fromEntries(regions.map((r) => [r, stateMachineArn(r)])),
      maintenanceReminders: Object.fromEntries(regions.map((r) => [r, maintenanceReminderArn(r)])),
      maintenanceReminderAfterSeconds: config.workflow.maintenanceReminderAfterSeconds,
      timeScale,
      partners: summary.partners,
      demo: summary.demo,
      console: `${partnerApi.urls[config.primaryRegion]!}console`,
      backoffice: {
        urls: Object.fromEntries(regions.map((r) => [r, partnerApi.urls[r]!])),
        identity: identity.url,
        users: identity.users.map((u) => ({ ...u })),
      },
    };
    writeFileSync(join(opts.dataDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);
    mark('ready');
    return {
      config,
      endpoints,
      dynamodbLocal,
      network,
      lambda,
      stepFunctions,
      outbox,
      partnerApi,
      identity,
      dynamoIn,
      globalTableIn,
      timings,
      seeded: summary.seeded,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
