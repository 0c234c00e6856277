import './node20-support.ts';
import { resolve } from 'node:path';
import { ensureConsoleBuilt } from './console-build.ts';
import { startRuntime } from './runtime.ts';

/**
 * `npm start`: claimflow on this machine, with demo data. Data lives in `.claimflow/` (or
 * CLAIMFLOW_DATA_DIR); Ctrl-C stops it, and starting again picks up where it left off.
 */

const dataDir = resolve(process.env.CLAIMFLOW_DATA_DIR ?? '.claimflow');
const lag = Number(process.env.CLAIMFLOW_REPLICATION_LAG_MS ?? 100);
// How fast workflow time runs (1 = real time); the default makes a claim's whole life ~1 minute.
const timeScale = process.env.CLAIMFLOW_TIME_SCALE ? Number(process.env.CLAIMFLOW_TIME_SCALE) : undefined;
if (timeScale !== undefined && !(timeScale > 0)) {
  console.error(`CLAIMFLOW_TIME_SCALE must be a positive number, got ${process.env.CLAIMFLOW_TIME_SCALE}`);
  process.exit(1);
}

// The console is built only when console/dist is missing or older than its sources.
const consoleBuild = await ensureConsoleBuilt().catch((err: Error) => {
  console.error(`the console could not be built (${err.message}); the APIs start without it`);
  return undefined;
});

const runtime = await startRuntime({ dataDir, replicationLagMs: lag, timeScale }).catch((err: Error) => {
  console.error(`claimflow could not start: ${err.message}`);
  process.exit(1);
});

const { endpoints, timings } = runtime;
const lines = [
  '',
  `claimflow is running (ready in ${(timings.ready! / 1000).toFixed(1)} s; data in ${dataDir})`,
  '',
  'Export regions:',
  ...Object.entries(endpoints.regions).map(
    ([region, e]) =>
      `  ${region.padEnd(16)} ${runtime.config.regions
        .find((r) => r.region === region)!
        .markets.map((m) => m.code)
        .join(', ')
        .padEnd(14)} partner API ${e.partnerApi}`,
  ),
  `  dynamodb ${Object.values(endpoints.regions)[0]?.dynamodb} (every region; the region is in the request's signature)`,
  `  replication lag ${lag} ms; network control: ${endpoints.network}`,
  '',
  'Demo partners (x-api-key):',
  ...endpoints.partners.map((p) => `  ${p.market} ${p.name.padEnd(28)} ${p.region.padEnd(15)} ${p.apiKey}`),
  '',
  `Back-office console: ${endpoints.console}/ (sign in with a user below)${consoleBuild?.built ? ` — built now in ${(consoleBuild.ms / 1000).toFixed(1)} s` : ''}`,
  '',
  'Back-office users (the console signs in with these):',
  ...endpoints.backoffice.users.map(
    (u) => `  ${u.email.padEnd(28)} ${u.role.padEnd(9)} password ${u.password}`,
  ),
  // A JWT is ~1,100 characters: one per user would bury the rest; scripts read them from endpoints.json.
  `Back-office API: ${Object.values(endpoints.backoffice.urls)[0]}backoffice/v1/… with Authorization: Bearer <idToken>`,
  `  from POST ${endpoints.backoffice.identity}/login {"email","password"}, or ready-made in endpoints.json (backoffice.users[].token)`,
  '',
  runtime.seeded ? 'Demo data: seeded now.' : 'Demo data: already there, kept from an earlier start.',
  `Demo vehicles: ${endpoints.demo.vehicles.length}, parts: ${endpoints.demo.parts.length}, labour operations: ${endpoints.demo.laborOperations.length}`,
  `Everything above, machine-readable: ${resolve(dataDir, 'endpoints.json')}`,
  '',
  'Ctrl-C to stop; data is kept.',
];
console.log(lines.join('\n'));
if (process.env.CLAIMFLOW_DEBUG_TIMINGS) console.log(timings);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping claimflow…');
  await runtime.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
