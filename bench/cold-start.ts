import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { functionCatalog } from '../functions/catalog.ts';
import { bundleFunction } from '../infra/function-bundling.ts';

/**
 * `npm run bench cold-start` (issue 18): every function bundled as CDK bundles it
 * (`bundleFunction` in infra/function-bundling.ts: index.mjs and the chunks it imports on first
 * use), then its index.mjs imported in a fresh Node process, as Lambda's init phase
 * does; import time and peak memory (maxRSS) as ratios to a minimal handler (middy + Powertools
 * logger + a DynamoDB document client) that the bench bundles the same way. Each round imports every
 * function once and the minimal handler three times; a function's import-time figure is the median
 * over RUNS rounds of its ratio to the minimal handler's median in the same round. Target: every
 * ratio ≤ 1.3.
 */

// 31 rounds. One import here varies by about ±7 % from process to process (its interquartile
// range, measured; page faults are not the cause), so a function's median over 15 rounds still
// moved by about ±0.05 between runs, and the worst of 51 such figures is their largest noise. The
// error of a median shrinks with the square root of the rounds: 31 rounds take about 6 minutes.
const RUNS = Number(process.env.BENCH_RUNS ?? 31);
// `BENCH_FUNCTIONS=create-claim,claim-queue`: only these (and the minimal handler), while working on them.
const ONLY = process.env.BENCH_FUNCTIONS?.split(',').map((name) => name.trim());
const TARGET = 1.3;
/** Imports of the minimal handler in each round, spread through it by the shuffle. */
const MINIMAL_PER_ROUND = 3;
const root = fileURLToPath(new URL('../', import.meta.url));
// Under node_modules, so that a bundle's runtime-provided imports (@aws-sdk/*) resolve as in Lambda.
const out = join(root, 'node_modules', '.cache', 'claimflow-cold-start');

const MINIMAL_HANDLER = `
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
const logger = new Logger();
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = middy(async (event) =>
  db.send(new GetCommand({ TableName: process.env.CLAIMFLOW_TABLE, Key: event.key })),
).use(injectLambdaContext(logger));
`;

/** What the Lambda service and CDK set in a function's environment (no network is touched at init). */
const lambdaEnvironment = (name: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  AWS_REGION: 'ap-south-1',
  AWS_DEFAULT_REGION: 'ap-south-1',
  AWS_LAMBDA_FUNCTION_NAME: `claimflow-${name}`,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  CLAIMFLOW_TABLE: 'claimflow',
  CLAIMFLOW_REGIONAL_TABLE: 'claimflow-regional',
  CLAIMFLOW_PRIMARY_REGION: 'ap-northeast-1',
  CLAIMFLOW_REGIONS: 'ap-south-1,eu-central-1,ap-northeast-1',
  POWERTOOLS_SERVICE_NAME: 'claimflow',
  POWERTOOLS_METRICS_NAMESPACE: 'claimflow',
  POWERTOOLS_LOG_LEVEL: 'INFO',
});

/** Bundles as CDK does; sizes of what init reads (index.mjs and its static imports) and of everything. */
function bundle(name: string, entry: string): { file: string; bytes: number; totalBytes: number } {
  const dir = join(out, name);
  const { files, initFiles } = bundleFunction(entry, dir);
  const size = (fs: readonly string[]) => fs.reduce((sum, f) => sum + statSync(f).size, 0);
  return { file: join(dir, 'index.mjs'), bytes: size(initFiles), totalBytes: size(files) };
}

/** One cold import in a fresh process: milliseconds to import the handler module, and peak RSS. */
function coldImport(name: string, file: string): { ms: number; maxRssMb: number } {
  const script =
    'const t0 = performance.now();' +
    `const m = await import(${JSON.stringify(pathToFileURL(file).href)});` +
    'const ms = performance.now() - t0;' +
    "if (typeof m.handler !== 'function') throw new Error('no handler export');" +
    'console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));';
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: lambdaEnvironment(name),
    encoding: 'utf8',
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/** mulberry32: a small seeded generator, so that the order of every round is reproducible. */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates, on a copy. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The value below which `q` of `xs` lie (nearest rank). */
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
};
const median = (xs: number[]) => quantile(xs, 0.5);

export async function run(): Promise<Record<string, number | string>> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const minimalSource = join(out, 'minimal-handler.mjs');
  writeFileSync(minimalSource, MINIMAL_HANDLER);

  // One bundle per entry (several catalog names may share an entry).
  const entries = new Map<string, string>();
  for (const spec of functionCatalog)
    if (!entries.has(spec.entry) && (!ONLY || ONLY.includes(spec.name))) entries.set(spec.entry, spec.name);
  const bundles = [{ name: 'minimal-handler', ...bundle('minimal-handler', minimalSource) }];
  for (const [entry, name] of entries) bundles.push({ name, ...bundle(name, join(root, entry)) });

  const samples = new Map(
    bundles.map((b) => [b.name, { ms: [] as number[], rss: [] as number[], msRatio: [] as number[] }]),
  );
  const [minimal, ...functions] = bundles;
  // The machine's speed drifts (another VM on the host, a slow minute): against the minimal
  // handler's median over the whole run, a ratio moved by 0.1 between runs, below 1.0 in one. So a
  // function's ratio is taken within each round, against the minimal handler's median in that
  // round (it runs MINIMAL_PER_ROUND times in it), and the figure is the median over the rounds.
  // Every round runs in its own order (a seeded shuffle, the same every run of the bench), so that a
  // slow stretch or a place in the round falls on every function alike.
  const random = seededRandom(18);
  for (let round = 0; round < RUNS; round++) {
    const own = new Map<string, number>();
    const base: number[] = [];
    const order = shuffled([...functions, ...Array(MINIMAL_PER_ROUND).fill(minimal!)], random);
    for (const b of order) {
      const sample = coldImport(b.name, b.file);
      samples.get(b.name)!.ms.push(sample.ms);
      samples.get(b.name)!.rss.push(sample.maxRssMb);
      if (b === minimal) base.push(sample.ms);
      else own.set(b.name, sample.ms);
    }
    const roundBase = median(base);
    for (const [name, ms] of own) samples.get(name)!.msRatio.push(ms / roundBase);
  }

  const base = samples.get(minimal!.name)!;
  const baseMs = median(base.ms);
  const baseRss = median(base.rss);
  const rows = bundles.map((b) => {
    const s = samples.get(b.name)!;
    const ms = median(s.ms);
    const rss = median(s.rss);
    return {
      name: b.name,
      kb: b.bytes / 1024,
      totalKb: b.totalBytes / 1024,
      ms,
      rss,
      msRatio: b === minimal ? 1 : median(s.msRatio),
      // The middle half of the per-round ratios: how far one run's figure may move on this machine.
      msSpread:
        b === minimal
          ? ''
          : `${quantile(s.msRatio, 0.25).toFixed(2)}–${quantile(s.msRatio, 0.75).toFixed(2)}`,
      rssRatio: rss / baseRss,
    };
  });
  console.log(
    `${'function'.padEnd(28)} ${'init KB'.padStart(9)} ${'all KB'.padStart(7)} ${'import ms'.padStart(9)} ${'×'.padStart(5)} ${'middle half'.padStart(11)} ${'peak MB'.padStart(8)} ${'×'.padStart(5)}`,
  );
  for (const r of rows)
    console.log(
      `${r.name.padEnd(28)} ${r.kb.toFixed(0).padStart(9)} ${r.totalKb.toFixed(0).padStart(7)} ${r.ms.toFixed(1).padStart(9)} ${r.msRatio.toFixed(2).padStart(5)} ${r.msSpread.padStart(11)} ${r.rss.toFixed(1).padStart(8)} ${r.rssRatio.toFixed(2).padStart(5)}`,
    );
  const measured = rows.slice(1);
  const worstMs = measured.reduce((a, b) => (b.msRatio > a.msRatio ? b : a));
  const worstRss = measured.reduce((a, b) => (b.rssRatio > a.rssRatio ? b : a));
  const within = measured.filter((r) => r.msRatio <= TARGET && r.rssRatio <= TARGET).length;
  return {
    'rounds (median of the per-round ratios)': RUNS,
    functions: measured.length,
    'minimal handler: import ms': +baseMs.toFixed(1),
    'minimal handler: peak MB': +baseRss.toFixed(1),
    [`worst import-time ratio (target <= ${TARGET})`]: `${worstMs.msRatio.toFixed(2)} (${worstMs.name}; middle half of its rounds ${worstMs.msSpread})`,
    [`worst peak-memory ratio (target <= ${TARGET})`]: `${worstRss.rssRatio.toFixed(2)} (${worstRss.name})`,
    [`functions within ${TARGET}x on both`]: `${within} of ${measured.length}`,
    'largest KB read at init (index.mjs and its static imports)': Math.round(
      Math.max(...measured.map((r) => r.kb)),
    ),
    'largest bundle KB (index and chunks)': Math.round(Math.max(...measured.map((r) => r.totalKb))),
  };
}
