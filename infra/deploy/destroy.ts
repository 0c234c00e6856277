import { stackIds } from '../app.ts';
import { regionNames } from '../config.ts';
import { callerAccount, contextArgs, main, operatorConfig, parseOperatorArgs, run } from './operator.ts';

/**
 * `npm run destroy [-- --force]`: removes what `npm run deploy` made that holds no data (the console
 * config, the failure detection stack, every region stack, the console stack), newest first. The data stack stays: it has
 * termination protection, and it holds the claims; README "Deploying" says how to remove it and
 * what is retained by name. Credentials are checked first: none → one line, exit 1, nothing changed.
 */

const COMMAND = 'npm run destroy';

await main(async () => {
  const args = parseOperatorArgs(process.argv.slice(2));
  const config = operatorConfig(args);
  const account = await callerAccount(config.primaryRegion, COMMAND);
  const ids = stackIds(config);
  const stacks = [
    ids.failureDetection,
    ids.consoleConfig,
    ...regionNames(config).map(ids.region),
    ids.console,
  ];
  process.stdout.write(`Destroying in account ${account}: ${stacks.join(', ')}\n`);
  run('npx', ['cdk', 'destroy', ...stacks, ...contextArgs(args), ...args.cdkArgs]);
  const regional = regionNames(config)
    .map((r) => `${config.tables.regional} (${r})`)
    .join(', ');
  process.stdout.write(
    `\nKept, with their data: the stack ${ids.data} (termination protection), the global table ` +
      `${config.tables.global} and its replicas, the tables ${regional}, the secret ${config.appName}/link-secret ` +
      `and its replicas, the staff user pool ${config.appName}-staff, the API access log groups, and the console's ` +
      `log bucket. README "Deploying" → "Tearing down" removes them.\n`,
  );
});
