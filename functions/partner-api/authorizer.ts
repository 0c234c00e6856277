import { createHash } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { logger, partnerIdForKeyHash as lookUpKeyHash } from '../shared/adapters.ts';
import { TtlCache } from '../shared/ttl-cache.ts';
import { usageKeyOf } from './usage-key.ts';

/**
 * The partner API's REQUEST authorizer (DESIGN §7): `x-api-key` → SHA-256 → the partner that holds
 * a key with that hash (keys are never stored in clear). As API Gateway expects: no key → throw
 * "Unauthorized" (401); an unknown, revoked or expired key, or a suspended partner → a Deny policy
 * (403); a live one → Allow on every route of the API, with `context.partnerId`, the only partner
 * id handlers trust.
 *
 * Results are cached twice: by API Gateway per key (the authorizer's result TTL, set in CDK), and
 * here per container, so a cold API Gateway cache costs no table read while the container is warm.
 * A revoked key or a suspended partner is still refused at once: every partner route checks the key
 * and partner again, uncached, before it does anything (functions/shared/api-key-check.ts).
 */
export const KNOWN_KEY_TTL_MS = 60_000;
// Short: a key created a moment ago must start working soon.
export const UNKNOWN_KEY_TTL_MS = 5_000;

const lookups = new TtlCache<string, string | null>(10_000);

async function partnerForKeyHash(hash: string): Promise<string | undefined> {
  const cached = lookups.get(hash);
  if (cached !== undefined) return cached ?? undefined;
  const partnerId = await lookUpKeyHash(hash);
  lookups.set(hash, partnerId ?? null, partnerId ? KNOWN_KEY_TTL_MS : UNKNOWN_KEY_TTL_MS);
  return partnerId;
}

const apiKeyOf = (event: APIGatewayRequestAuthorizerEvent): string | undefined => {
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (name.toLowerCase() === 'x-api-key' && value) return value;
  return undefined;
};

/**
 * `arn:…:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path>` → every method and path of
 * that stage: API Gateway caches the policy per key, so it must allow every route, not only the
 * first one called.
 */
export const wholeApi = (methodArn: string): string => {
  const [api, stage] = methodArn.split('/');
  return `${api}/${stage}/*`;
};

const policy = (effect: 'Allow' | 'Deny', resource: string) => ({
  Version: '2012-10-17',
  Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
});

export const handler = middy(
  async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const apiKey = apiKeyOf(event);
    // API Gateway turns exactly this message into 401 Unauthorized.
    if (!apiKey) throw new Error('Unauthorized');
    const hash = createHash('sha256').update(apiKey).digest('hex');
    const partnerId = await partnerForKeyHash(hash);
    if (!partnerId) {
      logger.info('unknown API key', { keyHashPrefix: hash.slice(0, 8) });
      return { principalId: 'unknown', policyDocument: policy('Deny', wholeApi(event.methodArn)) };
    }
    return {
      principalId: partnerId,
      policyDocument: policy('Allow', wholeApi(event.methodArn)),
      context: { partnerId },
      usageIdentifierKey: usageKeyOf(partnerId),
    };
  },
).use(injectLambdaContext(logger, { clearState: true }));
