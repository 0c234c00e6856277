import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LinkSettings } from '../mail/links.ts';

/**
 * The secret that signs the links in customer emails, read once per container: from Secrets
 * Manager by ARN (`CLAIMFLOW_LINK_SECRET_ARN`, what CDK sets; never the value in the Lambda
 * configuration), or given directly as `CLAIMFLOW_LINK_SECRET` (what the local runtime sets, derived
 * from `.claimflow/local-secret`). Either way the same code signs and verifies.
 */
let secret: Promise<string> | undefined;
let client: SecretsManagerClient | undefined;

async function readSecret(): Promise<string> {
  const direct = process.env.CLAIMFLOW_LINK_SECRET;
  if (direct) return direct;
  const arn = process.env.CLAIMFLOW_LINK_SECRET_ARN;
  if (!arn) throw new Error('neither CLAIMFLOW_LINK_SECRET nor CLAIMFLOW_LINK_SECRET_ARN is set');
  // Loaded on first use, not at module scope: most functions never sign a link (cold start, issue 18).
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  client ??= new SecretsManagerClient({});
  const res = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!res.SecretString) throw new Error(`secret ${arn} has no string value`);
  return res.SecretString;
}

export function linkSecret(): Promise<string> {
  secret ??= readSecret().catch((err: unknown) => {
    secret = undefined; // try again on the next invocation
    throw err;
  });
  return secret;
}

const DEFAULT_SURVEY_DAYS = 30;
const DEFAULT_LINK_DAYS = 400;

/** Where links point (`CLAIMFLOW_PUBLIC_URL`: this region's public pages) and how long they work. */
export async function linkSettings(): Promise<LinkSettings> {
  const baseUrl = process.env.CLAIMFLOW_PUBLIC_URL;
  if (!baseUrl) throw new Error('CLAIMFLOW_PUBLIC_URL is not set');
  return {
    secret: await linkSecret(),
    baseUrl,
    surveyDays: Number(process.env.CLAIMFLOW_SURVEY_LINK_DAYS ?? DEFAULT_SURVEY_DAYS),
    linkDays: Number(process.env.CLAIMFLOW_LINK_DAYS ?? DEFAULT_LINK_DAYS),
  };
}
