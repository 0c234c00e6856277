import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIGatewayClient, GetAccountCommand } from '@aws-sdk/client-api-gateway';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { CONTEXT_KEYS, type Config, regionNames } from '../config.ts';
import { FAILURE_DETECTION_REGION } from '../failure-detection-stack.ts';
import { endpointsFromOutputs, type StackOutputs } from './endpoints.ts';
import {
  callerAccount,
  contextArgs,
  main,
  OperatorError,
  operatorConfig,
  parseOperatorArgs,
  repoRoot,
  run,
} from './operator.ts';

/**
 * `npm run deploy [-- <cdk deploy options>]`: claimflow into the operator's AWS account, every export
 * region (README "Deploying" is the runbook).
 *
 * 1. Credentials (STS): none → one line, exit 1, nothing changed. The configuration (cdk.json's
 *    `claimflow:` context and `-c`), and what a deployment needs that no template can make: a real
 *    SES domain, an alarm email, API Gateway's account CloudWatch role in every region (unless
 *    `claimflow:apiGatewayCloudWatchRole=create`). Any gap → one line, exit 1, nothing changed.
 * 2. The console is built, the app synthesized once into cdk.out.
 * 3. Each region whose CDK bootstrap stack is missing or older than the templates need is bootstrapped
 *    (the export regions, and us-east-1 for the failure detection stack).
 * 4. `cdk deploy --all` from that cloud assembly (CDK orders the stacks: data, console, regions,
 *    console config, failure detection in us-east-1), with `--outputs-file`.
 * 5. The deployment's endpoints.json, from those outputs, is written to deployments/<account>/ and
 *    its path printed.
 */

const COMMAND = 'npm run deploy';
const BOOTSTRAP_QUALIFIER = 'hnb659fds';

await main(async () => {
  const args = parseOperatorArgs(process.argv.slice(2));
  const config = operatorConfig(args);
  const account = await callerAccount(config.primaryRegion, COMMAND);
  await checkReadiness(config);

  const outDir = join(repoRoot, 'deployments', account);
  mkdirSync(outDir, { recursive: true });
  run('npm', ['run', '--silent', 'build:console']);
  run('npx', ['cdk', 'synth', '--quiet', ...contextArgs(args)]);

  const needed = requiredBootstrapVersion();
  // us-east-1 too: the failure detection stack (Route 53's metrics are there) deploys a Lambda asset.
  const stale = await regionsToBootstrap([...regionNames(config), FAILURE_DETECTION_REGION], needed);
  if (stale.length > 0) {
    process.stdout.write(`Bootstrapping CDK in ${stale.join(', ')} (version ${needed} or newer needed)\n`);
    run('npx', ['cdk', 'bootstrap', ...stale.map((r) => `aws://${account}/${r}`)]);
  }

  const outputsFile = join(outDir, 'cdk-outputs.json');
  run('npx', ['cdk', 'deploy', '--all', '--app', 'cdk.out', '--outputs-file', outputsFile, ...args.cdkArgs]);

  const outputs = JSON.parse(readFileSync(outputsFile, 'utf8')) as StackOutputs;
  const endpointsFile = join(outDir, 'endpoints.json');
  writeFileSync(endpointsFile, `${JSON.stringify(endpointsFromOutputs(outputs, config), null, 2)}\n`);
  process.stdout.write(
    `\nclaimflow is deployed in account ${account}. Its endpoints: ${endpointsFile}\n` +
      `Run the journeys against it (staging): CLAIMFLOW_ENDPOINTS=${endpointsFile} npm run test:e2e\n`,
  );
});

/** What must hold before anything is deployed; every gap is listed in one line. */
async function checkReadiness(config: Config): Promise<void> {
  const gaps: string[] = [];
  const domainOf = (identity: string) => identity.split('@').pop() ?? identity;
  // RFC 2606 reserves these: SES can never verify them, so every email would be refused.
  if (/(^|\.)(example|test|invalid|localhost)$/.test(domainOf(config.mail.identity)))
    gaps.push(
      `set ${CONTEXT_KEYS.mailIdentity} and ${CONTEXT_KEYS.mailFrom} to your SES domain (now ${config.mail.identity})`,
    );
  if (!config.deployment.alarmEmail)
    gaps.push(`set ${CONTEXT_KEYS.alarmEmail} to the address that gets the alarms`);
  if (config.deployment.apiGatewayCloudWatchRole === 'existing') {
    const missing = await regionsWithoutApiGatewayRole(regionNames(config));
    if (missing.length > 0)
      gaps.push(
        `API Gateway has no CloudWatch role in ${missing.join(', ')} (an account-wide setting: set it there, ` +
          `or let claimflow set it with -c ${CONTEXT_KEYS.apiGatewayCloudWatchRole}=create)`,
      );
  }
  if (gaps.length > 0)
    throw new OperatorError(`${COMMAND}: not ready: ${gaps.join('; ')}; nothing was changed`);
}

async function regionsWithoutApiGatewayRole(regions: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const region of regions) {
    const client = new APIGatewayClient({ region });
    try {
      const { cloudwatchRoleArn } = await client.send(new GetAccountCommand({}));
      if (!cloudwatchRoleArn) missing.push(region);
    } finally {
      client.destroy();
    }
  }
  return missing;
}

/** The newest bootstrap version any synthesized stack requires (cdk.out/manifest.json). */
function requiredBootstrapVersion(): number {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'cdk.out', 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, { properties?: { requiresBootstrapStackVersion?: number } }>;
  };
  const versions = Object.values(manifest.artifacts ?? {}).map(
    (a) => a.properties?.requiresBootstrapStackVersion ?? 0,
  );
  return Math.max(6, ...versions);
}

/** Regions whose bootstrap stack is missing or older than `needed` (its version is an SSM parameter). */
async function regionsToBootstrap(regions: readonly string[], needed: number): Promise<string[]> {
  const stale: string[] = [];
  for (const region of regions) {
    const ssm = new SSMClient({ region });
    try {
      const { Parameter } = await ssm.send(
        new GetParameterCommand({ Name: `/cdk-bootstrap/${BOOTSTRAP_QUALIFIER}/version` }),
      );
      if (Number(Parameter?.Value ?? 0) < needed) stale.push(region);
    } catch (err) {
      if (err instanceof ParameterNotFound) stale.push(region);
      else throw err;
    } finally {
      ssm.destroy();
    }
  }
  return stale;
}
