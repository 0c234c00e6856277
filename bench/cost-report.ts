import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { CLAIM_PATHS } from '../domain/claim-paths.ts';
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
