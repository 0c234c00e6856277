import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { cdkJsonContext } from '../app.ts';
import { type Config, ConfigError, configFromContext, defaultConfig } from '../config.ts';

/** What `npm run deploy` and `npm run destroy` share: the operator's arguments, credentials, the CDK CLI. */

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A refusal that changed nothing: printed as one line, exit code 1. */
export class OperatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperatorError';
  }
}

export interface OperatorArgs {
  /** `-c key=value` / `--context key=value` pairs, as the CDK CLI takes them. */
  readonly context: Record<string, string>;
  /** The other arguments, passed on to the CDK CLI command as they are. */
  readonly cdkArgs: readonly string[];
}

export function parseOperatorArgs(argv: readonly string[]): OperatorArgs {
  const context: Record<string, string> = {};
  const cdkArgs: string[] = [];
  const addPair = (pair: string | undefined) => {
    const eq = pair?.indexOf('=') ?? -1;
    if (pair === undefined || eq <= 0)
      throw new OperatorError(`a context value must be key=value, not ${pair}`);
    context[pair.slice(0, eq)] = pair.slice(eq + 1);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-c' || arg === '--context') addPair(argv[++i]);
    else if (arg.startsWith('--context=')) addPair(arg.slice('--context='.length));
    else cdkArgs.push(arg);
  }
  return { context, cdkArgs };
}

/** The context pairs again as CDK CLI arguments. */
export const contextArgs = (args: OperatorArgs): string[] =>
  Object.entries(args.context).flatMap(([key, value]) => ['-c', `${key}=${value}`]);

/** The config the CDK app will synthesize with these arguments (cdk.json's context, then `-c`). */
export function operatorConfig(args: OperatorArgs): Config {
  const context: Record<string, unknown> = { ...cdkJsonContext(), ...args.context };
  try {
    return configFromContext(defaultConfig, (key) => context[key]);
  } catch (err) {
    if (err instanceof ConfigError)
      throw new OperatorError(
        `the deployment's configuration is not valid (${err.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}); nothing was changed`,
      );
    throw err;
  }
}

/**
 * The AWS account the operator's credentials belong to (STS GetCallerIdentity, which needs no
 * permission). No credentials, or credentials AWS refuses, end the command before anything is
 * touched.
 */
export async function callerAccount(region: string, command: string): Promise<string> {
  const sts = new STSClient({ region, maxAttempts: 2 });
  try {
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    if (!Account)
      throw new OperatorError(`${command}: STS named no account for these credentials; nothing was changed`);
    return Account;
  } catch (err) {
    if (err instanceof OperatorError) throw err;
    const e = err as Error;
    if (e.name === 'CredentialsProviderError' || /could not load credentials/i.test(e.message))
      throw new OperatorError(
        `${command}: no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in with aws sso login); nothing was changed`,
      );
    throw new OperatorError(
      `${command}: AWS did not accept the credentials (${e.name}: ${oneLine(e.message)}); nothing was changed`,
    );
  } finally {
    sts.destroy();
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Runs the pinned CDK CLI (or another npm tool) in the repository, attached to the terminal. */
export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): void {
  const res = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
  if (res.error)
    throw new OperatorError(`${command} ${args.join(' ')} could not start: ${res.error.message}`);
  if (res.status !== 0)
    throw new OperatorError(`${command} ${args.slice(0, 2).join(' ')} failed (exit ${res.status})`);
}

/** The end of every operator command: a refusal in one line and exit 1, anything else as thrown. */
export async function main(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (err instanceof OperatorError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}
