import '../local/node20-support.ts';
import { existsSync } from 'node:fs';

/**
 * `npm run bench`: every benchmark, one after the other (they share the machine's two cores),
 * each printing the figures it measured in this run. Never part of `npm test`.
 */

const benches = ['lifecycle', 'intake', 'cold-start', 'cost'].filter((name) =>
  existsSync(new URL(`./${name}.ts`, import.meta.url)),
);
const only = process.argv[2];
for (const name of benches) {
  if (only && only !== name) continue;
  const { run } = (await import(`./${name}.ts`)) as { run: () => Promise<Record<string, unknown>> };
  console.log(`\n== ${name} ==`);
  const figures = await run();
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(width)}  ${v}`);
}
process.exit(0);
