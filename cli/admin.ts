import { parseArgs } from 'node:util';
import { commands } from './admin-commands.ts';
import {
  backofficeClient,
  CliError,
  defaultRegion,
  describeProblem,
  endpointsFile,
  managerToken,
} from './backoffice-client.ts';

/**
 * `npm run admin -- <noun> <verb> [ids] [--options]`: an exporter's back office from a terminal,
 * over the back-office API as a manager (signed in at the local identity provider, or with
 * CLAIMFLOW_ID_TOKEN against a deployment named by CLAIMFLOW_ENDPOINTS). `--json` prints the API's
 * answer for scripts; `--region R` calls that region's API (default: the primary). Exit status 0
 * on success, 1 when the API refuses (its problem is printed, field by field), 2 for a usage error.
 */

const GLOBAL = {
  json: { type: 'boolean' as const },
  region: { type: 'string' as const },
  help: { type: 'boolean' as const },
};

function help(): string {
  const lines = ['Usage: npm run admin -- <noun> <verb> [ids] [--options] [--json] [--region R]', ''];
  for (const verbs of Object.values(commands))
    for (const c of Object.values(verbs)) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push(
    '',
    'Endpoints: .claimflow/endpoints.json (CLAIMFLOW_DATA_DIR), or CLAIMFLOW_ENDPOINTS=<file> for a deployment.',
    'Sign-in: the local manager; or CLAIMFLOW_EMAIL / CLAIMFLOW_PASSWORD; or CLAIMFLOW_ID_TOKEN (Cognito).',
  );
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [noun, verb] = argv.filter((a) => !a.startsWith('-'));
  const command = noun && verb ? commands[noun]?.[verb] : undefined;
  if (!command) {
    if (argv.includes('--help') || argv.length === 0) {
      console.log(help());
      return 0;
    }
    throw new CliError(`unknown command "${[noun, verb].filter(Boolean).join(' ')}"\n\n${help()}`, 2);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...GLOBAL, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\nusage: npm run admin -- ${command.usage}`, 2);
  }
  const ids = parsed.positionals.slice(2);
  if (ids.length !== command.ids)
    throw new CliError(
      `expected ${command.ids} argument(s) after "${noun} ${verb}"\nusage: npm run admin -- ${command.usage}`,
      2,
    );
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const { endpoints } = endpointsFile();
  const region = (values.region as string | undefined) ?? defaultRegion(endpoints);
  const api = backofficeClient(endpoints, region, await managerToken(endpoints));
  const answer = await command.run(api, ids, values);
  if (answer.status >= 400) {
    if (values.json) console.log(JSON.stringify(answer.body, null, 2));
    else console.error(describeProblem(answer));
    return 1;
  }
  if (values.json || !command.show) console.log(JSON.stringify(answer.body, null, 2));
  else console.log(command.show(answer.body));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof CliError) {
      console.error(err.message);
      process.exit(err.exitCode);
    }
    console.error(err);
    process.exit(1);
  },
);
