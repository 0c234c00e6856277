import {
  FetchError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwkValidationError,
  JwtBaseError,
  ParameterValidationError,
} from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import { type Problem, problem } from '../../functions/shared/problem.ts';
import { RETRY_AFTER_SECONDS } from '../../functions/shared/region-unavailable.ts';
import { STAFF_TOKEN_REFUSED, type StaffTokenSettings } from '../../functions/shared/staff-token.ts';

/** A staff user pool as the authorizer knows it: what the functions check, and where its public keys are. */
export interface StaffPool extends StaffTokenSettings {
  /** `<issuer>/.well-known/jwks.json`. */
  readonly jwksUri: string;
}

/**
 * The back-office API's Cognito user pool authorizer, as API Gateway runs it in front of every
 * back-office route (infra/constructs/backoffice-api.ts): the `Authorization` header's token (with
 * or without `Bearer `) must be a JWT signed by a key of the pool's JWKS, issued by the pool and not
 * expired, else 401 before any function runs. The route's function gets the token's claims as
 * `requestContext.authorizer.claims`, every value a string as API Gateway passes them (an array such
 * as `cognito:groups` comma-joined), and maps them to a role itself (functions/shared/staff-token.ts).
 * Like Cognito's authorizer it checks the pool, not the app client: the function checks `aud`.
 *
 * API Gateway caches the answer per token for five minutes; here every request is verified (the
 * JWKS is fetched once and kept), which answers the same.
 */
export class StaffAuthorizer {
  private verifier:
    | { readonly issuer: string; readonly verify: (token: string) => Promise<unknown> }
    | undefined;

  /** `pool`: the staff pool's settings, known once the identity provider is up (after the gateway). */
  constructor(
    private readonly pool: () => StaffPool | undefined,
    private readonly fetcher: Fetcher = jwksFetcher,
  ) {}

  /** The claims for the route's event, or the problem to answer. */
  async authorize(
    authorization: string | undefined,
    requestId: string,
  ): Promise<{ claims: Record<string, string> } | { problem: Problem }> {
    const refused = { problem: problem('unauthenticated', STAFF_TOKEN_REFUSED, { requestId }) };
    const token = authorization?.trim().replace(/^Bearer\s+/i, '');
    if (!token) return refused;
    const pool = this.pool();
    if (!pool)
      return {
        problem: problem('serviceUnavailable', `sign-in is starting; retry in ${RETRY_AFTER_SECONDS} s`, {
          requestId,
        }),
      };
    if (this.verifier?.issuer !== pool.issuer) {
      const verifier = JwtVerifier.create(
        { issuer: pool.issuer, audience: null, jwksUri: pool.jwksUri },
        { jwksCache: new SimpleJwksCache({ fetcher: this.fetcher }) },
      );
      this.verifier = { issuer: pool.issuer, verify: (t) => verifier.verify(t) };
    }
    let payload: unknown;
    try {
      payload = await this.verifier.verify(token);
    } catch (err) {
      if (err instanceof JwtBaseError && !isServerSide(err)) return refused;
      return {
        problem: problem(
          'serviceUnavailable',
          `the token could not be checked for now; retry in ${RETRY_AFTER_SECONDS} s`,
          { requestId },
        ),
      };
    }
    return { claims: asGatewayClaims(payload as Record<string, unknown>) };
  }
}

/** Claims as API Gateway hands a Cognito authorizer's to the function: every value a string. */
export const asGatewayClaims = (payload: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  );

/** Failures that are ours (the JWKS could not be had, a bad setting), not the caller's token. */
const isServerSide = (err: unknown) =>
  err instanceof FetchError ||
  err instanceof JwksNotAvailableInCacheError ||
  err instanceof JwksValidationError ||
  err instanceof JwkValidationError ||
  err instanceof ParameterValidationError;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const JWKS_FETCH_TIMEOUT_MS = 3000;

/**
 * Fetches the JWKS over HTTPS, or over plain HTTP from a loopback address only (the local identity
 * provider). aws-jwt-verify's own fetcher uses Node's `https` module and refuses `http:` URLs; its
 * README's supported extension point for that is a custom `Fetcher` given to `SimpleJwksCache`.
 * Keys fetched over HTTP from anywhere but this machine could be swapped on the way, hence the rule.
 */
export const jwksFetcher: Fetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const url = new URL(uri);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
      throw new FetchError(uri, 'the JWKS must be fetched over https (plain http only from loopback)');
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(JWKS_FETCH_TIMEOUT_MS) });
    } catch (err) {
      throw new FetchError(uri, (err as Error).message);
    }
    if (res.status !== 200) throw new FetchError(uri, `status ${res.status}, expected 200`);
    return res.arrayBuffer();
  },
};
