import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, type AppProps } from 'aws-cdk-lib';
import { type Config, configFromContext, defaultConfig, loadConfig } from './config.ts';
import { ClaimflowConsoleConfigStack, ClaimflowConsoleStack } from './console-stack.ts';
import { ClaimflowDataStack } from './data-stack.ts';
import { ClaimflowFailureDetectionStack, FAILURE_DETECTION_REGION } from './failure-detection-stack.ts';
import { addNagChecks } from './nag.ts';
import { ClaimflowRegionStack } from './region-stack.ts';

export interface BuildAppOptions {
  /** Account for every stack; default CDK_DEFAULT_ACCOUNT, else left unresolved (synth needs no credentials). */
  readonly account?: string;
  /** Extra context on top of cdk.json's (feature flags), e.g. for a test. */
  readonly context?: Record<string, unknown>;
  readonly outdir?: string;
  /** The built console to deploy; default console/dist (a placeholder page when missing). */
  readonly consoleDist?: string;
}

export interface ClaimflowApp {
  readonly app: App;
  readonly dataStack: ClaimflowDataStack;
  /** One stack per export region, keyed by region name. */
  readonly regionStacks: ReadonlyMap<string, ClaimflowRegionStack>;
  /** Primary region: the console's hosting, its app client and the staff directory record. */
  readonly consoleStack: ClaimflowConsoleStack;
  /** Primary region, deployed last: the console's config.json listing every region's API. */
  readonly consoleConfigStack: ClaimflowConsoleConfigStack;
  /** us-east-1, after the regions: a Route 53 health check and an alarm per region's partner API. */
  readonly failureDetectionStack: ClaimflowFailureDetectionStack;
}

const cdkJsonPath = fileURLToPath(new URL('../cdk.json', import.meta.url));

/**
 * cdk.json's context (the feature flags). The CLI passes it to the app itself; an app built in
 * process (tests) reads it here so that it synthesizes exactly what `cdk synth` does.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const parsed = JSON.parse(readFileSync(cdkJsonPath, 'utf8')) as { context?: Record<string, unknown> };
  return parsed.context ?? {};
}

export const stackIds = (config: Config) => ({
  data: `${config.appName}-data`,
  console: `${config.appName}-console`,
  consoleConfig: `${config.appName}-console-config`,
  failureDetection: `${config.appName}-failure-detection`,
  region: (region: string) => `${config.appName}-${region}`,
});

export function buildApp(input: Config = defaultConfig, opts: BuildAppOptions = {}): ClaimflowApp {
  const appProps: AppProps = {
    context: { ...cdkJsonContext(), ...opts.context },
    ...(opts.outdir ? { outdir: opts.outdir } : {}),
  };
  const app = new App(appProps);
  // Validated again here: a config assembled in code (a test, another tool) fails as a bad cdk edit
  // does; then the deployment's own settings from the context (cdk.json, `-c`).
  const config = configFromContext(loadConfig(input), (key) => app.node.tryGetContext(key));
  const account = opts.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const ids = stackIds(config);
  const tags = { app: config.appName };

  const dataStack = new ClaimflowDataStack(app, ids.data, {
    config,
    env: { account, region: config.primaryRegion },
    description: `${config.appName}: global table ${config.tables.global}, owned by ${config.primaryRegion} and replicated to every export region`,
    tags: { ...tags, component: 'data' },
  });

  const consoleStack = new ClaimflowConsoleStack(app, ids.console, {
    config,
    env: { account, region: config.primaryRegion },
    userPool: dataStack.staffUserPool.userPool,
    ...(opts.consoleDist ? { consoleDist: opts.consoleDist } : {}),
    description: `${config.appName}: the back-office console (S3, CloudFront), its sign-in client and the staff directory record`,
    tags: { ...tags, component: 'console' },
  });

  const regionStacks = new Map<string, ClaimflowRegionStack>();
  for (const { region } of config.regions) {
    const stack = new ClaimflowRegionStack(app, ids.region(region), {
      config,
      env: { account, region },
      globalTable: dataStack.globalTableIn(region),
      description: `${config.appName}: export region ${region} (regional table, functions, workflow, APIs)`,
      tags: { ...tags, component: 'region', region },
    });
    // The replica is referenced by name, not through a CloudFormation reference, so CDK cannot infer
    // that the data stack (which creates the replica) has to be deployed first.
    stack.addStackDependency(
      dataStack,
      `the ${config.tables.global} replica in ${region} is created by the data stack`,
    );
    // The staff directory record (user pool, client, console origin) is read by name, too.
    stack.addStackDependency(
      consoleStack,
      `the back-office API in ${region} reads the staff directory record the console stack writes`,
    );
    regionStacks.set(region, stack);
  }

  const consoleConfigStack = new ClaimflowConsoleConfigStack(app, ids.consoleConfig, {
    config,
    env: { account, region: config.primaryRegion },
    console: consoleStack,
    userPool: dataStack.staffUserPool.userPool,
    description: `${config.appName}: the console's config.json (every region's back-office API)`,
    tags: { ...tags, component: 'console' },
  });
  for (const [region, stack] of regionStacks)
    consoleConfigStack.addStackDependency(stack, `config.json lists the back-office API of ${region}`);

  const failureDetectionStack = new ClaimflowFailureDetectionStack(app, ids.failureDetection, {
    config,
    env: { account, region: FAILURE_DETECTION_REGION },
    description: `${config.appName}: Route 53 health checks of every region's partner API and their alarms (us-east-1, where Route 53's metrics are)`,
    tags: { ...tags, component: 'failure-detection' },
  });
  for (const [region, stack] of regionStacks)
    failureDetectionStack.addStackDependency(
      stack,
      `the health check of ${region} reads its partner API's URL parameter`,
    );

  // Always on: an app built here never synthesizes without the AwsSolutions checks (DESIGN §9).
  addNagChecks(app);

  return { app, dataStack, regionStacks, consoleStack, consoleConfigStack, failureDetectionStack };
}

const isEntryPoint =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isEntryPoint) {
  buildApp(defaultConfig).app.synth();
}
