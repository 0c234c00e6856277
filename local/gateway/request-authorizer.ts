import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import type { FunctionSpec } from '../../functions/catalog.ts';
import { type Problem, problem } from '../../functions/shared/problem.ts';
import { RETRY_AFTER_SECONDS } from '../../functions/shared/region-unavailable.ts';
import { authorizerEvent, headerOf, type Invoker, type RequestFacts } from './proxy-events.ts';

/** API Gateway's authorizer result cache: `AUTHORIZER_CACHE_TTL` in infra/constructs/partner-api.ts. */
export const AUTHORIZER_CACHE_TTL_MS = 5 * 60_000;
const AUTHORIZER_CACHE_ENTRIES = 10_000;

/**
 * The REQUEST authorizer, as API Gateway runs it: the identity source (the `x-api-key` header)
 * checked first, the authorizer's policy cached per key for the TTL, the policy applied to the
 * method's ARN.
 */
export class RequestAuthorizer {
  private readonly cache = new Map<string, { result: APIGatewayAuthorizerResult; expiresAt: number }>();

  constructor(
    private readonly spec: FunctionSpec,
    private readonly lambda: Invoker,
    private readonly cacheTtlMs: number,
  ) {}

  /** The authorizer's context for the handler's event, or the problem to answer. */
  async authorize(
    region: string,
    facts: RequestFacts,
    methodArn: string,
    requestId: string,
  ): Promise<{ context: Record<string, unknown> } | { problem: Problem }> {
    const refuse = (p: Problem) => ({ problem: p });
    // API Gateway checks the identity source itself: no x-api-key, no authorizer call, 401.
    const apiKey = headerOf(facts, 'x-api-key');
    if (!apiKey)
      return refuse(problem('unauthorized', 'send your API key in the x-api-key header', { requestId }));
    // API Gateway caches the authorizer's policy per identity source (the key) for the TTL.
    const cacheKey = `${region}\n${apiKey}`;
    const cached = this.cache.get(cacheKey);
    let auth: APIGatewayAuthorizerResult;
    if (cached && cached.expiresAt > Date.now()) auth = cached.result;
    else {
      try {
        auth = (await this.lambda.invoke({
          region,
          functionName: this.spec.name,
          payload: authorizerEvent(facts, methodArn),
        })) as APIGatewayAuthorizerResult;
      } catch (err) {
        if ((err as Error).message === 'Unauthorized')
          return refuse(problem('unauthorized', 'send your API key in the x-api-key header', { requestId }));
        // API Gateway's AUTHORIZER_FAILURE, answered 503 by the partner API (infra/constructs/partner-api.ts).
        return refuse(
          problem(
            'serviceUnavailable',
            `the API key could not be checked for now; retry in ${RETRY_AFTER_SECONDS} s`,
            {
              requestId,
            },
          ),
        );
      }
      // Bounded: a flood of made-up keys must not grow it without end.
      if (this.cache.size >= AUTHORIZER_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(cacheKey, { result: auth, expiresAt: Date.now() + this.cacheTtlMs });
    }
    if (!policyAllows(auth, methodArn))
      return refuse(problem('forbidden', 'this API key is not valid', { requestId }));
    return { context: { ...(auth.context ?? {}), principalId: auth.principalId } };
  }
}

/** Whether an IAM policy from the authorizer allows `methodArn` (wildcards `*` and `?`, as IAM). */
export function policyAllows(result: APIGatewayAuthorizerResult, methodArn: string): boolean {
  const matches = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    ).test(methodArn);
  const statements = result.policyDocument?.Statement ?? [];
  const applies = (s: (typeof statements)[number]) => {
    const resources = 'Resource' in s ? [s.Resource].flat() : [];
    return resources.some((r) => matches(String(r)));
  };
  if (statements.some((s) => s.Effect === 'Deny' && applies(s))) return false;
  return statements.some((s) => s.Effect === 'Allow' && applies(s));
}
