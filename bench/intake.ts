import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { addDays } from '../domain/calendar.ts';
import { parseServerTiming } from '../functions/shared/server-timing.ts';
import { LOCAL_ACCESS_KEY } from '../local/dynamodb/dynamodb-local-connection.ts';
import type { NetworkState } from '../local/dynamodb/replicating-proxy.ts';
import type { Endpoints } from '../local/runtime.ts';
import type { RuntimeStats } from './intake-runtime.ts';

/**
 * The intake benchmark (issue 4): `POST /v1/claims` over HTTP on loopback against the local
 * gateway, on the embedded runtime as `npm start` runs it (DynamoDB Local on disk, three regions
 * replicating). Figures per setting, all measured in this run:
 * - requests per second with 10 connections and no rate limit (autocannon: what intake sustains);
 * - p50 and p99 latency at a fixed 100 requests per second, open loop (`openLoad`: each request
 *   sent when due and timed from then), against the target p99 ≤ 50 ms, and the handler's own p99;
 * - where the handler's time goes, from the `Server-Timing` header every answer carries: zod
 *   validation, DynamoDB writes (idempotency record, claim), StartExecution, DynamoDB reads
 *   (partner, owner record, replay checks), the rest (middleware, JSON, logging);
 * - CPU per claim of the runtime's process and of DynamoDB Local, and the main thread's event-loop
 *   delay (it hosts the gateway, the proxy and the Step Functions service): on two cores, CPU per
 *   claim decides what 100 requests per second cost.
 * Each setting starts on a fresh folder and first files `BENCH_INTAKE_WARMUP_CLAIMS` claims (default
 * 5,000) at full speed: DynamoDB Local's JIT (C2) compiles for some 15,000 requests before its CPU
 * per request settles (measured here: 2–3× the settled cost during the first ~2,000 claims), as it
 * has after a few minutes of `npm start`; the figures are those of a warm runtime. A count, not a
 * duration, so that a busy machine warms it as much as a quiet one.
 * Settings: intake alone with DynamoDB Local on disk as `npm start` has it, and in memory (to tell
 * the storage's share from the code's). "Intake alone" (`workflow: 'record-only'`): each claim's
 * ClaimLifecycle execution is started by name and journaled exactly as usual, but the registered
 * definition is a single Pass state, so none of the workflow's Lambda tasks run; the last
 * setting runs the real ClaimLifecycle for every filed claim on the same two cores. The storage
 * bound is raw DynamoDB Local writes per second ÷ writes per claim filed (replication included),
 * as in bench/lifecycle.ts. The figures are printed, never asserted.
 */

const RATE = 100;
const LOW_RATE = 20;
const RATE_SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 20);
const WARMUP_CLAIMS = Number(process.env.BENCH_INTAKE_WARMUP_CLAIMS ?? 5000);
const MAX_SECONDS = 10;
const TARGET_P99_MS = 50;
const SPANS = ['validate', 'db-write', 'sfn-start', 'db-read'] as const;

interface Measured {
  requests: number;
  rps: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  /** Which statuses the non-2xx answers had, e.g. `3×503`. */
  non2xxStatuses?: string;
  errors: number;
  spans: Record<string, number>;
  handlerMs: number;
  /** The handler's own p99 (Server-Timing `total`), where measured: what the gateway and queues add is the rest. */
  handlerP99?: number;
  /** What the runtime used meanwhile: CPU ms per answered request, the main thread's loop delay. */
  usage?: { nodeCpuMs: number; dynamodbLocalCpuMs?: number; loopDelayP99: number; loopDelayMax: number };
}

/** Claims as a demo partner files them: a fresh Idempotency-Key and repair order each. */
function claimRequests(rt: { endpoints: Endpoints }) {
  const partner = rt.endpoints.partners.find((p) => p.partnerId === 'np-himalayan-motors')!;
  const vins = rt.endpoints.demo.vehicles.filter((v) => v.market === partner.market).map((v) => v.vin);
  const failureDate = addDays(new Date().toISOString().slice(0, 10), -2);
  let n = 0;
  return {
    url: `${rt.endpoints.regions[partner.region]!.partnerApi}v1/claims`,
    headers: () => ({
      'content-type': 'application/json',
      'x-api-key': partner.apiKey,
      'idempotency-key': randomUUID(),
    }),
    body: () =>
      JSON.stringify({
        vin: vins[n++ % vins.length],
        odometerKm: 21_000,
        failureDate,
        repairOrderNumber: `RO-B${n}`,
        customer: { name: 'Bench Customer', email: 'bench@example.com', language: 'en' },
        complaint: 'Grinding noise when braking',
        faultCodes: ['C0040'],
        lines: [{ partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 }],
      }),
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * A fixed rate, open loop: request i is due at start + i / rate and is sent then, whatever the
 * earlier ones are doing (no connection limit), and its latency counts from when it was due, so a
 * stall is charged to every request it delayed (no coordinated omission). autocannon's fixed-rate
 * mode was dropped for this: it waits for one of its connections and then corrects by adding
 * synthetic samples, which put its p50 below the handler's own time in the same run.
 */
async function openLoad(
  rt: { endpoints: Endpoints },
  opts: { rate: number; seconds: number },
): Promise<Measured> {
  const claims = claimRequests(rt);
  const latencies: number[] = [];
  const handler: number[] = [];
  const sums: Record<string, number> = { total: 0 };
  let non2xx = 0;
  let errors = 0;
  const statuses = new Map<number, number>();
  const start = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < opts.rate * opts.seconds; i++) {
    const due = start + (i * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sent.push(
      fetch(claims.url, { method: 'POST', headers: claims.headers(), body: claims.body() }).then(
        async (res) => {
          await res.arrayBuffer();
          latencies.push(performance.now() - due);
          if (res.status < 200 || res.status > 299) {
            non2xx++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          }
          const spans = parseServerTiming(res.headers.get('server-timing') ?? undefined);
          if (!spans.has('total')) return;
          handler.push(spans.get('total')!);
          for (const [name, ms] of spans) sums[name] = (sums[name] ?? 0) + ms;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(sent);
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  handler.sort((a, b) => a - b);
  const total = sums.total ?? 0;
  return {
    requests: latencies.length,
    rps: latencies.length / seconds,
    mean: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    non2xx,
    non2xxStatuses: [...statuses].map(([status, count]) => `${count}×${status}`).join(' '),
    errors,
    spans: shares(sums, total),
    handlerMs: handler.length ? total / handler.length : 0,
    handlerP99: percentile(handler, 99),
  };
}

function shares(sums: Record<string, number>, total: number): Record<string, number> {
  return Object.fromEntries(
    [...SPANS, 'other'].map((name) => [
      name,
      name === 'other'
        ? (total - SPANS.reduce((s, k) => s + (sums[k] ?? 0), 0)) / total
        : (sums[name] ?? 0) / total,
    ]),
  );
}

/** As many claims as 10 connections can file (autocannon): the throughput figure, and the warm-up. */
function intakeLoad(
  rt: { endpoints: Endpoints },
  opts: { seconds?: number; amount?: number; connections: number },
): Promise<Measured> {
  const claims = claimRequests(rt);
  const sums: Record<string, number> = { total: 0 };
  let timed = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: claims.url,
        connections: opts.connections,
        ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds }),
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => ({ ...req, headers: claims.headers(), body: claims.body() }),
            onResponse: (_status, _body, _context, headers) => {
              const spans = parseServerTiming((headers as Record<string, string>)['server-timing']);
              if (!spans.has('total')) return;
              timed++;
              for (const [name, ms] of spans) sums[name] = (sums[name] ?? 0) + ms;
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        const total = sums.total ?? 0;
        resolve({
          requests: result.requests.total,
          rps: result.requests.average,
          mean: result.latency.average,
          p50: result.latency.p50,
          p90: result.latency.p90,
          p99: result.latency.p99,
          max: result.latency.max,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          spans: shares(sums, total),
          handlerMs: timed ? total / timed : 0,
        });
      },
    );
  });
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Raw PutItems of a claim-sized item straight to DynamoDB Local, 32 at a time: the storage bound. */
async function rawWritesPerSecond(dynamodbLocal: string, count = 3000): Promise<number> {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'ap-south-1',
      endpoint: dynamodbLocal,
      credentials: { accessKeyId: LOCAL_ACCESS_KEY, secretAccessKey: 'x' },
    }),
  );
  const payload = 'x'.repeat(1500);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < count) {
        const i = next++;
        await db.send(
          new PutCommand({
            TableName: 'claimflow-regional',
            Item: { pk: `BENCH#${i}`, sk: 'RAW', payload, expiresAt: 0 },
          }),
        );
      }
    }),
  );
  db.destroy();
  return count / ((performance.now() - t0) / 1000);
}

interface Target {
  endpoints: Endpoints;
  dynamodbLocal: string;
  network(): Promise<NetworkState>;
  settled(): Promise<void>;
  stats(): Promise<RuntimeStats>;
  stop(): Promise<void>;
}

/** The runtime in a child process (bench/intake-runtime.ts), so that autocannon has this one to itself. */
async function startTarget(setting: Setting, dataDir: string): Promise<Target> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./intake-runtime.ts', import.meta.url).pathname,
      JSON.stringify({ dataDir, ...setting }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  const ready = await new Promise<{ endpoints: Endpoints; dynamodbLocal: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`the bench runtime exited with ${code}`)));
  });
  const network = async () => (await (await fetch(ready.endpoints.network)).json()) as NetworkState;
  return {
    ...ready,
    network,
    async settled() {
      while ((await network()).pending > 0) await new Promise((r) => setTimeout(r, 50));
    },
    stats: () =>
      new Promise<RuntimeStats>((resolve) => {
        child.once('message', (m) => resolve(m as RuntimeStats));
        child.send('stats');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** DynamoDB work the proxy saw between two of its states, per request. */
function workPer(before: NetworkState, after: NetworkState, requests: number) {
  const action = (name: string) => (after.requests[name] ?? 0) - (before.requests[name] ?? 0);
  const writes = after.itemWrites - before.itemWrites;
  const replicationWrites = after.replicationWrites - before.replicationWrites;
  const reads = ['GetItem', 'Query', 'BatchGetItem', 'TransactGetItems'].reduce((n, a) => n + action(a), 0);
  const replicationReads = after.replicationReads - before.replicationReads;
  return {
    writes: (writes + replicationWrites) / requests,
    replicationWrites: replicationWrites / requests,
    reads: (reads + replicationReads) / requests,
  };
}

/** A load run with what the runtime used during it. */
async function measured(rt: Target, load: Parameters<typeof openLoad>[1]): Promise<Measured> {
  const before = await rt.stats();
  const m = await openLoad(rt, load);
  const after = await rt.stats();
  const perRequest = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? undefined : (b - a) / m.requests;
  m.usage = {
    nodeCpuMs: perRequest(before.nodeCpuMs, after.nodeCpuMs)!,
    dynamodbLocalCpuMs: perRequest(before.dynamodbLocalCpuMs, after.dynamodbLocalCpuMs),
    loopDelayP99: after.loopDelayMs.p99,
    loopDelayMax: after.loopDelayMs.max,
  };
  return m;
}

interface Setting {
  readonly label: string;
  readonly workflow: 'record-only' | 'claim-lifecycle';
  readonly inMemory: boolean;
}

async function measure(setting: Setting) {
  const dataDir = mkdtempSync(join(tmpdir(), 'claimflow-bench-intake-'));
  const rt = await startTarget(setting, dataDir);
  try {
    if (setting.workflow === 'claim-lifecycle') {
      // Every claim starts a real workflow: a short, gentle warm-up (handler modules, connections).
      await openLoad(rt, { rate: 20, seconds: 5 });
      return { atRate: await measured(rt, { rate: RATE, seconds: 10 }) };
    }
    // Warm-up at full speed: handler modules loaded, connections open, caches and both JITs warm.
    const warmup = await intakeLoad(rt, { amount: WARMUP_CLAIMS, connections: 10 });
    const rawWrites = await rawWritesPerSecond(rt.dynamodbLocal);
    const low = await openLoad(rt, { rate: LOW_RATE, seconds: 10 });
    await rt.settled();
    const before = await rt.network();
    const atRate = await measured(rt, { rate: RATE, seconds: RATE_SECONDS });
    await rt.settled();
    const work = workPer(before, await rt.network(), atRate.requests);
    const max = await intakeLoad(rt, { seconds: MAX_SECONDS, connections: 10 });
    return { atRate, low, max, rawWrites, work, warmup };
  } finally {
    await rt.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const DISK: Setting = { label: 'disk (npm start)', workflow: 'record-only', inMemory: false };
const MEMORY: Setting = { label: 'DynamoDB Local in memory', workflow: 'record-only', inMemory: true };
const LIFECYCLE: Setting = {
  label: 'disk, ClaimLifecycle running',
  workflow: 'claim-lifecycle',
  inMemory: false,
};

export async function run(): Promise<Record<string, number | string>> {
  const loadBefore = loadavg()[0]!;
  const disk = await measure(DISK);
  const memory = await measure(MEMORY);
  const lifecycle = await measure(LIFECYCLE);
  const loadAfter = loadavg()[0]!;
  const columns: [string, Measured, number][] = [
    [`${DISK.label}, ${LOW_RATE}/s`, disk.low!, 10],
    [`${DISK.label}, ${RATE}/s`, disk.atRate, RATE_SECONDS],
    [`in memory, ${LOW_RATE}/s`, memory.low!, 10],
    [`in memory, ${RATE}/s`, memory.atRate, RATE_SECONDS],
    [`${LIFECYCLE.label}, ${RATE}/s`, lifecycle.atRate, 10],
  ];
  const rows: string[][] = [
    ['intake (POST /v1/claims)', ...columns.map(([label]) => label)],
    ['answered', ...columns.map(([, m, sec]) => `${m.requests} in ${sec} s`)],
    ['mean latency', ...columns.map(([, m]) => ms(m.mean))],
    ['p50 latency', ...columns.map(([, m]) => ms(m.p50))],
    ['p90 latency', ...columns.map(([, m]) => ms(m.p90))],
    ['p99 latency', ...columns.map(([, m]) => ms(m.p99))],
    [`p99 / target (${TARGET_P99_MS} ms)`, ...columns.map(([, m]) => (m.p99 / TARGET_P99_MS).toFixed(2))],
    [
      'non-2xx, errors',
      ...columns.map(
        ([, m]) => `${m.non2xx}${m.non2xxStatuses ? ` (${m.non2xxStatuses})` : ''}, ${m.errors}`,
      ),
    ],
    ['handler time (mean)', ...columns.map(([, m]) => ms(m.handlerMs))],
    ['handler time p99', ...columns.map(([, m]) => (m.handlerP99 === undefined ? '' : ms(m.handlerP99)))],
    ...SPANS.map((span) => [`  share ${span}`, ...columns.map(([, m]) => pct(m.spans[span]!))]),
    ['  share other (middleware, JSON, logs)', ...columns.map(([, m]) => pct(m.spans.other!))],
    [
      'CPU per request: Node / DynamoDB Local',
      ...columns.map(([, m]) =>
        m.usage
          ? `${ms(m.usage.nodeCpuMs)} / ${m.usage.dynamodbLocalCpuMs === undefined ? '?' : ms(m.usage.dynamodbLocalCpuMs)}`
          : '',
      ),
    ],
    [
      'main thread event-loop delay p99 / max',
      ...columns.map(([, m]) => (m.usage ? `${ms(m.usage.loopDelayP99)} / ${ms(m.usage.loopDelayMax)}` : '')),
    ],
  ];
  console.log(
    "In the first four columns each claim's ClaimLifecycle execution is started and journaled as usual\n" +
      'but runs a single Pass state (workflow: record-only): intake alone. The last column runs the real\n' +
      `workflow of every claim on the same cores. Warm-up: ${WARMUP_CLAIMS} claims at full speed per setting.\n`,
  );
  const width = rows.map((r) => r.map((c) => c.length)).reduce((m, r) => m.map((x, i) => Math.max(x, r[i]!)));
  console.log(rows.map((r) => r.map((c, i) => c.padEnd(width[i]!)).join('  ')).join('\n'));

  const figures: Record<string, number | string> = {
    'load average (1 min) at start / end': `${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)}`,
  };
  for (const [name, m] of [
    ['disk', disk],
    ['memory', memory],
  ] as const) {
    const storageBound = m.rawWrites! / m.work!.writes;
    figures[`[${name}] warm-up: ${m.warmup!.requests} claims at full speed, requests/s`] = Math.round(
      m.warmup!.rps,
    );
    figures[`[${name}] intake requests/s (10 connections, no rate limit)`] = Math.round(m.max!.rps);
    figures[`[${name}] p50 / p99 at ${LOW_RATE} req/s, ms`] =
      `${m.low!.p50.toFixed(0)} / ${m.low!.p99.toFixed(0)}`;
    figures[`[${name}] p50 / p99 at ${RATE} req/s offered, ms`] =
      `${m.atRate.p50.toFixed(0)} / ${m.atRate.p99.toFixed(0)}`;
    figures[`[${name}] handler's own p99 at ${RATE} req/s, ms`] = Number(m.atRate.handlerP99!.toFixed(1));
    figures[`[${name}] p99 at ${RATE} req/s / ${TARGET_P99_MS} ms target`] = Number(
      (m.atRate.p99 / TARGET_P99_MS).toFixed(2),
    );
    figures[`[${name}] handler shares at ${RATE} req/s: validate / write / start / read`] = [
      'validate',
      'db-write',
      'sfn-start',
      'db-read',
    ]
      .map((k) => pct(m.atRate.spans[k]!))
      .join(' / ');
    figures[`[${name}] CPU ms per claim at ${RATE} req/s: Node runtime / DynamoDB Local`] =
      `${m.atRate.usage!.nodeCpuMs.toFixed(1)} / ${m.atRate.usage!.dynamodbLocalCpuMs?.toFixed(1) ?? '?'}`;
    figures[`[${name}] main thread event-loop delay p99 at ${RATE} req/s, ms`] = Number(
      m.atRate.usage!.loopDelayP99.toFixed(1),
    );
    figures[`[${name}] DynamoDB writes / reads per claim filed (incl. replication)`] =
      `${m.work!.writes.toFixed(1)} / ${m.work!.reads.toFixed(1)}`;
    figures[`[${name}] raw DynamoDB Local writes per second`] = Math.round(m.rawWrites!);
    figures[`[${name}] storage bound, claims filed per second`] = Number(storageBound.toFixed(1));
    figures[`[${name}] intake throughput / storage bound`] = Number((m.max!.rps / storageBound).toFixed(2));
  }
  figures[`[disk] p99 at ${RATE} req/s with every claim's workflow running, ms`] = Math.round(
    lifecycle.atRate.p99,
  );
  return figures;
}
