import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dynamoDbWork, rawWritesPerSecond } from './dynamodb-work.ts';
import { intakeLoad, type Measured, openLoad, SPANS } from './intake-load.ts';
import { type Setting, startTarget, type Target } from './intake-target.ts';

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

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const ms = (x: number) => `${x.toFixed(1)} ms`;

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

/** DynamoDB work per request. */
const perRequest = (work: ReturnType<typeof dynamoDbWork>, requests: number) => ({
  writes: work.writes / requests,
  reads: work.reads / requests,
});

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
    const rawWrites = await rawWritesPerSecond(rt.dynamodbLocal, {
      table: 'claimflow-regional',
      count: 3000,
      itemBytes: 1500,
    });
    const low = await openLoad(rt, { rate: LOW_RATE, seconds: 10 });
    await rt.settled();
    const before = await rt.network();
    const atRate = await measured(rt, { rate: RATE, seconds: RATE_SECONDS });
    await rt.settled();
    const work = perRequest(dynamoDbWork(before, await rt.network()), atRate.requests);
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
