import '../local/node20-support.ts';
import { parseArgs } from 'node:util';
import {
  backofficeClient,
  CliError,
  type EndpointsFile,
  endpointsFile,
  managerToken,
} from './backoffice-client.ts';
import { Runbook, type RunbookEndpoints } from './region/runbook.ts';
import { checkInvariants, evacuate, redriveFailed, status } from './region/verbs.ts';

const USAGE = `npm run region -- <verb>
  status                                   who writes each region's records, executions, dead letters, replica freshness
  evacuate <from> --to <to> [--offline]    move <from>'s claims and their work to <to>
  failback <region>                        move <region>'s claims back home
  redrive --failed [--region <r>]          redrive every claim whose execution failed
Endpoints: .claimflow/endpoints.json (npm start), or CLAIMFLOW_ENDPOINTS=<a deployment's endpoints.json>.`;

const say = (line: string) => console.log(line);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      offline: { type: 'boolean', default: false },
      failed: { type: 'boolean', default: false },
      region: { type: 'string' },
    },
  });
  const [verb, arg] = positionals;
  if (!verb) throw new CliError(USAGE, 2);
  const { endpoints } = endpointsFile();
  const rb = new Runbook(endpoints as unknown as RunbookEndpoints, say);

  if (verb === 'status') await status(rb, say);
  else if (verb === 'evacuate') {
    if (!arg || !values.to) throw new CliError(`evacuate needs <from> and --to <to>\n${USAGE}`, 2);
    await evacuate(rb, arg, values.to, { offline: values.offline ?? false, say });
  } else if (verb === 'failback') {
    if (!arg) throw new CliError(`failback needs <region>\n${USAGE}`, 2);
    // The home region is back: its items move back to it, live (both regions answer).
    await evacuate(rb, arg, arg, { offline: false, say });
  } else if (verb === 'redrive') {
    if (!values.failed) throw new CliError(`redrive redrives failed executions: add --failed\n${USAGE}`, 2);
    const token = await managerToken(endpoints as EndpointsFile);
    const regions = values.region ? [values.region] : rb.regions;
    const { redriven, refused } = await redriveFailed(
      rb,
      (r) => backofficeClient(endpoints as EndpointsFile, r, token),
      regions,
      say,
    );
    say(`redriven ${redriven}, refused ${refused}`);
  } else throw new CliError(USAGE, 2);

  const check = await checkInvariants(rb);
  say('invariants:');
  for (const line of check.lines) say(`  ${line}`);
  return check.ok ? 0 : 3;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err instanceof CliError ? err.message : `region: ${err.message}`);
    process.exit(err instanceof CliError ? err.exitCode : 1);
  },
);
