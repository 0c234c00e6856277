import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { CLAIM_PATHS, type ClaimPath } from '../domain/claim-paths.ts';
import { lambdaGbSeconds } from '../domain/cost-model.ts';
import type { BillLineName, Usage } from './cost-figures.ts';

/** How `npm run bench cost` prints its figures, and the per-path file it writes for the dashboard. */

/**
 * Writes the per-path costs the back office models the dashboard's cost with
 * (`domain/measured-path-costs.ts`; `BENCH_COST_WRITE=1 npm run bench cost`).
 */
export function writeMeasuredPathCosts(usdPer1000ByPath: Record<string, number>, claimsPerPath: number) {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: the figure keeps its date only.
  }
  const file = new URL('../domain/measured-path-costs.ts', import.meta.url);
  const paths = CLAIM_PATHS.map(
    (p) => `    ${/^[a-z]+$/.test(p) ? p : `'${p}'`}: ${usdPer1000ByPath[p]},`,
  ).join('\n');
  writeFileSync(
    file,
    `import type { ClaimPath } from './claim-paths.ts';

/**
 * Dollars per 1,000 claims of each path, as \`npm run bench cost\` measured them on the embedded
 * runtime at list prices (domain/cost-model.ts). Written by \`BENCH_COST_WRITE=1 npm run bench
 * cost\`; not edited by hand. The back office weights them by a period's mix of paths to model
 * its cost per 1,000 claims (functions/back-office/claim-metrics.ts).
 */
export const MEASURED_PATH_COSTS: {
  readonly measuredOn: string;
  readonly commit: string;
  readonly claimsPerPath: number;
  readonly usdPer1000: Readonly<Record<ClaimPath, number>>;
} = {
  measuredOn: '${new Date().toISOString().slice(0, 10)}',
  commit: '${commit}',
  claimsPerPath: ${claimsPerPath},
  usdPer1000: {
${paths}
  },
};
`,
  );
  console.log(`\nwrote ${file.pathname}`);
}

export const sumKind = (lines: Usage['capacity'], kind: Usage['capacity'][number]['kind']) =>
  lines.filter((l) => l.kind === kind).reduce((n, l) => n + l.units, 0);
export const fmt = (n: number, digits = 1) => (Number.isInteger(n) ? String(n) : n.toFixed(digits));
export const usd = (n: number) => `$${n.toFixed(3)}`;

export const LINE_LABELS: Record<BillLineName, string> = {
  transitions: 'Step Functions Standard transitions',
  lambdaRequests: 'Lambda invocations',
  lambdaGbSeconds: 'Lambda GB-seconds (arm64, configured memory × measured duration)',
  writeUnits: 'DynamoDB write units, tables (where written)',
  gsiWriteUnits: 'DynamoDB write units, GSIs (every region)',
  replicatedWriteUnits: 'DynamoDB replicated write units (each other replica)',
  readUnits: 'DynamoDB read units',
  refusedWrites: 'DynamoDB writes refused by their condition (1 unit each, at least)',
  apiRequests: 'API Gateway requests',
  emails: 'emails (SES recipients)',
};

export function printTable(title: string, columns: string[], rows: string[][]) {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(columns));
  for (const r of rows) console.log(line(r));
}

/** Lambda time by function, every path together: where the GB-seconds come from. */
export type LambdaTimes = Map<string, { invocations: number; billedMs: number; gbSeconds: number }>;

export function addLambdaTime(times: LambdaTimes, l: Usage['lambda'][number]) {
  const row = times.get(l.functionName) ?? { invocations: 0, billedMs: 0, gbSeconds: 0 };
  row.invocations += l.invocations;
  row.billedMs += l.billedMs;
  row.gbSeconds += lambdaGbSeconds(l.memoryMb, [l.billedMs]);
  times.set(l.functionName, row);
}

export function printLambdaByFunction(times: LambdaTimes, claims: number) {
  printTable(
    'Lambda time by function, every path (measured durations on this machine: DynamoDB Local and a busy CPU make them longer than in AWS)',
    ['function', 'invocations per claim', 'mean ms per invocation', 'GB-s per claim'],
    [...times]
      .filter(([, r]) => r.invocations > 0)
      .sort(([, a], [, b]) => b.gbSeconds - a.gbSeconds)
      .map(([name, r]) => [
        name,
        fmt(r.invocations / claims, 2),
        fmt(r.billedMs / r.invocations, 0),
        fmt(r.gbSeconds / claims, 3),
      ]),
  );
}

/** Write units per claim by table and index, per path and for the mix (`mix`: each path's weight). */
export function printWritesByIndex(
  writesByIndex: Map<string, Partial<Record<ClaimPath, number>>>,
  mix: Readonly<Record<ClaimPath, number>>,
) {
  const total = Object.values(mix).reduce((n, w) => n + w, 0);
  printTable(
    'Write units per claim by table and index (where written, GSIs in every region, replicas of the table)',
    ['write units per claim', ...CLAIM_PATHS, 'mix'],
    [...writesByIndex]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, row]) => {
        const mixed = CLAIM_PATHS.reduce((n, p) => n + ((row[p] ?? 0) * mix[p]) / total, 0);
        return [name, ...CLAIM_PATHS.map((p) => fmt(row[p] ?? 0)), fmt(mixed)];
      }),
  );
}
