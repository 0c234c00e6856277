import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../domain/calendar.ts';
import type { Claim } from '../domain/claim.ts';
import { homeRegionOfClaimId } from '../domain/claim-id.ts';
import { CLAIM_PATHS, type ClaimPath, claimPathOf } from '../domain/claim-paths.ts';
import { PRICES } from '../domain/cost-model.ts';
import { defaultConfig } from '../infra/config.ts';
import { type Runtime, startRuntime } from '../local/runtime.ts';
import { demoWarehouses } from '../local/seed/demo-stock.ts';
import { BILL_LINES, type Bill, billOf, mixBill, perClaim, totalUsd, type Usage } from './cost-figures.ts';
import { between, call, counters, executionsSince, sleep } from './cost-measure.ts';
import {
  addLambdaTime,
  fmt,
  type LambdaTimes,
  LINE_LABELS,
  printLambdaByFunction,
  printTable,
  printWritesByIndex,
  sumKind,
  usd,
  writeMeasuredPathCosts,
} from './cost-report.ts';
import { emptyStock, registerVehicles } from './cost-setup.ts';
import { directClient } from './dynamodb-work.ts';

/**
 * `npm run bench cost` (issue 18): what a claim costs in AWS at list prices, measured on the
 * embedded runtime `npm start` runs (three regions, DynamoDB Local, the local Step Functions
 * service, the Lambda workers, the gateway, the outbox). One phase per path of the realistic mix:
 * CLAIMS_PER_PATH claims filed through the partner API and driven to their end as partners and
 * staff would (the repair reported, a review decided, a warehouse restocked, over HTTP), until every
 * execution they caused has ended (ClaimLifecycle, the maintenance reminder, any other machine) and
 * replication has settled. Then, per phase:
 * - state transitions: from GetExecutionHistory of every execution started in the phase;
 * - Lambda: invocations and billed duration the worker host measured × the function's configured
 *   memory (functions/catalog.ts); the init phase is not counted (cold starts are rare at volume);
 * - DynamoDB: units as the replicating proxy metered them (local/dynamodb/capacity-meter.ts);
 * - API Gateway: requests the gateway routed; emails: recipients in the outbox.
 * The runtime's background (scheduled functions polling) is measured over an idle window first and
 * taken off pro rata. The bench's own polling reads DynamoDB Local directly and is not counted.
 */

const CLAIMS_PER_PATH = Number(process.env.BENCH_CLAIMS_PER_PATH ?? 8);
const TARGET_USD_PER_1000 = 1.0;
/** The mix the total is quoted for (claims per 100): most claims are covered and approved at once. */
export const CLAIM_MIX: Readonly<Record<ClaimPath, number>> = {
  'in-warranty': 60,
  'in-review': 15,
  rejected: 10,
  backordered: 5,
  'cross-region-parts': 10,
};
// A day of workflow time lasts 0.86 s: a review is decided well inside its 48 h, a repair reported
// well before its first reminder (7 days).
const TIME_SCALE = 1e-5;
const DAY = 86_400;
// A Wait state is one transition however long it waits: the maintenance reminder (182 days) waits
// 7 days here so that a phase ends in seconds, costing the same.
const config = {
  ...defaultConfig,
  workflow: { ...defaultConfig.workflow, maintenanceReminderAfterSeconds: 7 * DAY },
};
const IDLE_MS = 6_000;
const FILING_GAP_MS = 500;
const JP = 'ap-northeast-1';
const SOUTH_ASIA = 'ap-south-1';

export interface Scenario {
  path: ClaimPath;
  partner: { market: string; region: string };
  deliveredMonthsAgo: number;
  line: { partNumber: string; quantity: number; laborOperation: string; laborHours: number };
  /** Where the bench restocks the part when the claim waits for it. */
  restockAt?: string;
}

const SCENARIOS: readonly Scenario[] = [
  {
    path: 'in-warranty',
    partner: { market: 'JP', region: JP },
    deliveredMonthsAgo: 10,
    line: { partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 },
  },
  {
    // 1.5 × the flat-rate hours: LABOUR_OVER_STANDARD sends it to review.
    path: 'in-review',
    partner: { market: 'JP', region: JP },
    deliveredMonthsAgo: 10,
    line: { partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.8 },
  },
  {
    // Delivered 8 years ago: out of warranty by time.
    path: 'rejected',
    partner: { market: 'JP', region: JP },
    deliveredMonthsAgo: 96,
    line: { partNumber: 'ELE-ALTERNATOR-07', quantity: 1, laborOperation: 'ELE-R07', laborHours: 1.5 },
  },
  {
    // Compressors are out of stock everywhere (set up below) until the bench restocks Yokohama.
    path: 'backordered',
    partner: { market: 'JP', region: JP },
    deliveredMonthsAgo: 10,
    line: { partNumber: 'CLM-COMPRESSOR-11', quantity: 1, laborOperation: 'CLM-R11', laborHours: 3 },
    restockAt: 'WH-YOK',
  },
  {
    // Struts are out of stock in South Asia's warehouses (set up below): reserved in another region.
    path: 'cross-region-parts',
    partner: { market: 'NP', region: SOUTH_ASIA },
    deliveredMonthsAgo: 10,
    line: { partNumber: 'SUS-STRUT-09', quantity: 1, laborOperation: 'SUS-R09', laborHours: 1.6 },
  },
];

/** Files a claim per vehicle and drives each to its end over HTTP; returns the claims as they ended. */
async function driveClaims(
  rt: Runtime,
  s: Scenario,
  vins: readonly string[],
  staffToken: string,
): Promise<Claim[]> {
  const partner = rt.endpoints.partners.find(
    (p) => p.market === s.partner.market && p.region === s.partner.region,
  );
  if (!partner) throw new Error(`no demo partner in ${s.partner.market}`);
  const partnerApi = rt.endpoints.regions[partner.region]!.partnerApi;
  const backOffice = (region: string) => `${rt.endpoints.regions[region]!.backofficeApi}backoffice/v1/`;
  const partnerHeaders = { 'x-api-key': partner.apiKey, 'content-type': 'application/json' };
  const staffHeaders = { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' };
  const today = new Date().toISOString().slice(0, 10);

  // A delivery of stock serves the backorders that wait for it: one restock, a day after every
  // claim of the phase is waiting, with as many parts as they wait for.
  const waiting = new Set<string>();
  const restocked = (async () => {
    if (!s.restockAt) return;
    const deadline = Date.now() + 120_000;
    while (waiting.size < vins.length) {
      if (Date.now() > deadline) throw new Error(`only ${waiting.size} claims came to wait for parts`);
      await sleep(100);
    }
    await sleep(DAY * 1000 * TIME_SCALE);
    await call(
      `${backOffice(partner.region)}warehouses/${s.restockAt}/restock`,
      {
        method: 'POST',
        headers: staffHeaders,
        body: JSON.stringify({ partNumber: s.line.partNumber, quantity: s.line.quantity * vins.length }),
      },
      200,
    );
  })();
  const [ended] = await Promise.all([
    Promise.all(
      vins.map(async (vin, i) => {
        // Claims arrive one after another, not all at once: the handlers' measured durations are
        // then less the wait for one worker thread shared by concurrent invocations.
        await sleep(i * FILING_GAP_MS);
        const filed = await call(
          `${partnerApi}v1/claims`,
          {
            method: 'POST',
            headers: { ...partnerHeaders, 'idempotency-key': `bench-cost-${vin}` },
            body: JSON.stringify({
              vin,
              odometerKm: 21_000,
              failureDate: addDays(today, -2),
              repairOrderNumber: `RO-C${vin.slice(-8)}`,
              customer: { name: 'Bench Customer', email: `cost${i}@example.com`, language: 'en' },
              complaint: 'Cost benchmark claim',
              faultCodes: [],
              lines: [s.line],
            }),
          },
          201,
        );
        const claimId = String(filed.claimId);
        const home = homeRegionOfClaimId(claimId)!;
        const db = directClient(rt.dynamodbLocal.url, home);
        const acted = new Set<string>();
        const deadline = Date.now() + 120_000;
        try {
          for (;;) {
            await sleep(100);
            const { Item } = await db.send(
              new GetCommand({
                TableName: rt.config.tables.global,
                Key: { pk: `CLAIM#${claimId}`, sk: 'CLAIM' },
              }),
            );
            const claim = Item as Claim | undefined;
            const status = claim?.status;
            if (!claim || !status) continue;
            if (claim.failure || status === 'CANCELLED')
              throw new Error(`cost bench claim ${claimId} went ${status}: ${JSON.stringify(claim.failure)}`);
            if (status === 'CLOSED' || status === 'REJECTED') return claim;
            if (Date.now() > deadline) throw new Error(`cost bench claim ${claimId} stuck in ${status}`);
            if (acted.has(status)) continue;
            if (status === 'IN_REVIEW') {
              // The adjuster opens the claim, then approves it.
              await call(`${backOffice(home)}claims/${claimId}`, { headers: staffHeaders }, 200);
              await call(
                `${backOffice(home)}claims/${claimId}/review`,
                {
                  method: 'POST',
                  headers: staffHeaders,
                  body: JSON.stringify({ outcome: 'APPROVED', note: 'labour time checked (cost bench)' }),
                },
                200,
              );
            } else if (status === 'AWAITING_PARTS') {
              waiting.add(claimId);
            } else if (status === 'SCHEDULED') {
              await call(
                `${partnerApi}v1/claims/${claimId}/completion`,
                {
                  method: 'POST',
                  headers: partnerHeaders,
                  body: JSON.stringify({
                    completedAt: new Date().toISOString().slice(0, 19).concat('Z'),
                    partsUsed: [{ partNumber: s.line.partNumber, quantity: s.line.quantity }],
                    laborHours: s.line.laborHours,
                    notes: 'cost bench',
                  }),
                },
                202,
              );
            }
            acted.add(status);
          }
        } finally {
          db.destroy();
        }
      }),
    ),
    restocked,
  ]);
  return ended;
}

export async function run(): Promise<Record<string, number | string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'claimflow-bench-cost-'));
  const rt = await startRuntime({
    dataDir,
    config,
    timeScale: TIME_SCALE,
    replicationLagMs: 100,
    meterCapacity: true,
  });
  try {
    const manager = rt.endpoints.backoffice.users.find((u) => u.role === 'manager')!;
    await emptyStock(rt, 'CLM-COMPRESSOR-11', demoWarehouses);
    await emptyStock(
      rt,
      'SUS-STRUT-09',
      demoWarehouses.filter((w) => w.region === SOUTH_ASIA),
    );
    await rt.network.settled();

    // Warm-up, not measured: a few claims through every path load every handler and warm the JIT,
    // so the first phase's durations are not those of a cold process.
    const warmStart = new Date();
    let serial = 700_000;
    for (const scenario of SCENARIOS) {
      await driveClaims(rt, scenario, await registerVehicles(rt, scenario, serial, 2), manager.token);
      serial += 2;
    }
    for (let i = 0; (await executionsSince(rt, warmStart)).running > 0; i++) {
      if (i > 600) throw new Error('the warm-up claims did not end');
      await sleep(500);
    }
    await rt.network.settled();

    // The background: what the runtime does with no claim in it, over an idle window.
    const idle0 = counters(rt);
    await sleep(IDLE_MS);
    const idle1 = counters(rt);
    const idleMs = idle1.at - idle0.at;

    const perPath = {} as Record<ClaimPath, Bill>;
    // Write units per claim by table and index (every region, replicas included): where they go.
    const writesByIndex = new Map<string, Partial<Record<ClaimPath, number>>>();
    const measured = {} as Record<ClaimPath, { claims: number; executions: number; wrongPath: number }>;
    // Lambda time by function, every path together: which handler's measured duration the GB-seconds come from.
    const lambdaByFunction: LambdaTimes = new Map();
    let claimsMeasured = 0;
    for (const scenario of SCENARIOS) {
      const vins = await registerVehicles(rt, scenario, serial, CLAIMS_PER_PATH);
      serial += CLAIMS_PER_PATH;
      const phaseStart = new Date();
      const before = counters(rt);
      const outboxBefore = new Set(rt.outbox.messages().map((m) => m.messageId));
      const claims = await driveClaims(rt, scenario, vins, manager.token);
      // Every execution the claims caused has ended (the maintenance reminder included).
      let ex = await executionsSince(rt, phaseStart);
      for (let i = 0; ex.running > 0; i++) {
        if (i > 600)
          throw new Error(`${ex.running} executions still running after the ${scenario.path} phase`);
        await sleep(500);
        ex = await executionsSince(rt, phaseStart);
      }
      await rt.network.settled();
      const after = counters(rt);
      const d = between(before, after, [idle0, idle1], idleMs);
      const emailsByRegion = new Map<string, number>();
      for (const m of rt.outbox.messages())
        if (!outboxBefore.has(m.messageId))
          emailsByRegion.set(m.region, (emailsByRegion.get(m.region) ?? 0) + m.to.length);
      const usage: Usage = {
        claims: claims.length,
        executions: ex.executions,
        transitions: ex.transitions,
        ...d,
        emails: [...emailsByRegion].map(([region, recipients]) => ({ region, recipients })),
      };
      console.log(
        `${scenario.path}: ${claims.length} claims, ${ex.executions} executions, ${((after.at - before.at) / 1000).toFixed(1)} s; replicated table units counted ${sumKind(d.capacity, 'replicatedWrite')}, applied by the local replicator ${sumKind(d.capacity, 'replicaApplied')}`,
      );
      perPath[scenario.path] = perClaim(billOf(usage), claims.length);
      for (const l of usage.capacity) {
        if (l.kind !== 'write' && l.kind !== 'replicatedWrite') continue;
        const name = `${l.table}${l.index ? ` / ${l.index}` : ''}`;
        const row = writesByIndex.get(name) ?? {};
        row[scenario.path] = (row[scenario.path] ?? 0) + l.units / claims.length;
        writesByIndex.set(name, row);
      }
      claimsMeasured += claims.length;
      for (const l of usage.lambda) addLambdaTime(lambdaByFunction, l);
      measured[scenario.path] = {
        claims: claims.length,
        executions: ex.executions,
        wrongPath: claims.filter((c) => claimPathOf(c) !== scenario.path).length,
      };
    }
    const mix = mixBill(perPath, CLAIM_MIX);

    const columns = ['per claim', ...CLAIM_PATHS, 'mix'];
    const bills = [...CLAIM_PATHS.map((p) => perPath[p]), mix];
    printTable(
      `Counts per claim (${CLAIMS_PER_PATH} claims per path; mix ${CLAIM_PATHS.map((p) => `${p} ${CLAIM_MIX[p]} %`).join(', ')})`,
      columns,
      [
        [
          'workflow executions',
          ...CLAIM_PATHS.map((p) => fmt(measured[p].executions / measured[p].claims, 2)),
          '',
        ],
        ...BILL_LINES.map((n) => [
          LINE_LABELS[n],
          ...bills.map((b) => fmt(b[n].count, n === 'lambdaGbSeconds' ? 3 : 1)),
        ]),
      ],
    );
    printTable(
      'Dollars per 1,000 claims (list prices, domain/cost-model.ts)',
      ['$ per 1,000 claims', ...CLAIM_PATHS, 'mix'],
      [
        ...BILL_LINES.map((n) => [LINE_LABELS[n], ...bills.map((b) => usd(b[n].usd * 1000))]),
        ['total', ...bills.map((b) => usd(totalUsd(b) * 1000))],
      ],
    );
    printWritesByIndex(writesByIndex, CLAIM_MIX);
    printLambdaByFunction(lambdaByFunction, claimsMeasured);
    console.log('\nPrices:');
    for (const p of Object.values(PRICES)) console.log(`  ${p.unit}: ${p.asOf}, ${p.source}`);
    const wrong = CLAIM_PATHS.filter((p) => measured[p].wrongPath > 0);
    if (wrong.length) console.log(`\nWARNING: claims that did not take their path: ${wrong.join(', ')}`);

    const usdPer1000ByPath = Object.fromEntries(
      CLAIM_PATHS.map((p) => [p, +(totalUsd(perPath[p]) * 1000).toFixed(4)]),
    );
    if (process.env.BENCH_COST_WRITE === '1') writeMeasuredPathCosts(usdPer1000ByPath, CLAIMS_PER_PATH);
    const total = totalUsd(mix) * 1000;
    const replicaCheck = rt.network.capacity();
    return {
      'claims measured': CLAIMS_PER_PATH * CLAIM_PATHS.length,
      ...Object.fromEntries(
        CLAIM_PATHS.map((p) => [`$ per 1,000 claims, ${p}`, +usdPer1000ByPath[p]!.toFixed(3)]),
      ),
      '$ per 1,000 claims, mix (target <= 1.00)': `${total.toFixed(3)} ${total <= TARGET_USD_PER_1000 ? 'meets' : 'MISSES'} the target`,
      // A check of the replicated units: what AWS would write (each source write, once per other
      // replica) beside what the local replicator wrote (fewer when it coalesced superseded writes).
      'replicated table units: counted / applied by the local replicator (whole run)': `${sumKind(replicaCheck, 'replicatedWrite')} / ${sumKind(replicaCheck, 'replicaApplied')}`,
    };
  } finally {
    await rt.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
