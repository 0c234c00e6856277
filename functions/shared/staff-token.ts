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
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import * as z from 'zod/mini';

/**
 * Back-office bearer tokens: ID tokens as Amazon Cognito issues them (RS256 JWTs, `token_use: id`),
 * verified against the issuer's JWKS by `aws-jwt-verify`. The same code verifies Cognito's tokens
 * in AWS and the local identity provider's under `npm start` (local/identity/): only the issuer,
 * the audience (the console's app client id) and the JWKS URL differ, and they come from the
 * environment.
 *
 * Roles are Cognito groups: `viewer` reads, `adjuster` also decides reviews up to an approval
 * limit, `manager` does everything without a limit; a user in several groups has the highest. The
 * adjuster's limit is per currency (`custom:approval_limits`, a JSON object currency → minor
 * units): claims are priced in the partner's currency and claimflow keeps no exchange rates, so a
 * limit in a reference currency would need a rate table nobody maintains. A currency missing from
 * the map means a limit of zero there (the adjuster may reject, not approve).
 */
export const STAFF_ROLES = ['viewer', 'adjuster', 'manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What the back-office handlers know of the caller. */
export interface StaffClaims {
  readonly sub: string;
  readonly email: string;
  readonly role: StaffRole;
  /** Minor units per ISO 4217 currency; only adjusters are limited. */
  readonly approvalLimits?: Readonly<Record<string, number>>;
}

/** The Cognito ID token claims claimflow reads (and the local identity provider writes). */
export const STAFF_TOKEN_CLAIMS = {
  groups: 'cognito:groups',
  approvalLimits: 'custom:approval_limits',
} as const;

/** The token is not one we accept (signature, issuer, audience, expiry, shape): 401. */
export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/** A valid token of a user in none of the staff groups: authenticated, but no role (403). */
export class NoStaffRoleError extends Error {
  constructor(readonly email: string) {
    super(`${email} is in none of the groups ${STAFF_ROLES.join(', ')}`);
    this.name = 'NoStaffRoleError';
  }
}

const RANK: Record<StaffRole, number> = { viewer: 0, adjuster: 1, manager: 2 };
/** Whether `role` may do what `needed` may (manager ⊃ adjuster ⊃ viewer). */
export const roleAllows = (role: StaffRole, needed: StaffRole): boolean => RANK[role] >= RANK[needed];

const ApprovalLimitsSchema = /* @__PURE__ */ (() =>
  z.record(z.string().check(z.regex(/^[A-Z]{3}$/)), z.int().check(z.nonnegative())))();

export interface ClaimsMappingOptions {
  /** Told when `custom:approval_limits` is present but unreadable (it is then treated as no limit, 0). */
  readonly onMalformedLimits?: (detail: { email: string; value: unknown }) => void;
}

/**
 * A verified ID token's payload as StaffClaims: the highest staff group as the role (none →
 * NoStaffRoleError), the approval limits parsed from their JSON string. Malformed limits count as
 * none at all, so the adjuster may approve nothing (a limit of 0 in every currency) until an
 * administrator fixes the attribute; failing the request instead would also lock them out of reading.
 */
export function staffClaimsFrom(payload: JwtPayload, opts: ClaimsMappingOptions = {}): StaffClaims {
  const { sub, email } = payload;
  if (typeof sub !== 'string' || sub.length === 0) throw new InvalidTokenError('no sub claim');
  if (typeof email !== 'string' || email.length === 0) throw new InvalidTokenError('no email claim');
  const groups = payload[STAFF_TOKEN_CLAIMS.groups];
  const held = Array.isArray(groups)
    ? STAFF_ROLES.filter((role) => groups.includes(role))
    : STAFF_ROLES.filter((role) => role === groups);
  const role = held.sort((a, b) => RANK[b] - RANK[a])[0];
  if (!role) throw new NoStaffRoleError(email);

  const raw = payload[STAFF_TOKEN_CLAIMS.approvalLimits];
  if (raw === undefined || raw === null || raw === '') return { sub, email, role };
  let limits: unknown;
  try {
    limits = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    limits = undefined;
  }
  const parsed = ApprovalLimitsSchema.safeParse(limits);
  if (!parsed.success) {
    opts.onMalformedLimits?.({ email, value: raw });
    return { sub, email, role, approvalLimits: {} };
  }
  return { sub, email, role, approvalLimits: parsed.data };
}

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

export interface StaffTokenSettings {
  /** The `iss` every token must carry: `https://cognito-idp.<region>.amazonaws.com/<user pool id>` in AWS. */
  readonly issuer: string;
  /** The `aud` every token must carry: the console's app client id. */
  readonly audience: string;
  /** Where the issuer's public keys are: `<issuer>/.well-known/jwks.json`. */
  readonly jwksUri: string;
  /** For tests: fetch the JWKS some other way. */
  readonly fetcher?: Fetcher;
}

/** The settings from the environment (`CLAIMFLOW_STAFF_ISSUER`, `…_AUDIENCE`, `…_JWKS_URI`). */
export function staffTokenSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): StaffTokenSettings {
  const issuer = env.CLAIMFLOW_STAFF_ISSUER;
  const audience = env.CLAIMFLOW_STAFF_AUDIENCE;
  const jwksUri = env.CLAIMFLOW_STAFF_JWKS_URI;
  if (!issuer || !audience || !jwksUri)
    throw new Error(
      'CLAIMFLOW_STAFF_ISSUER, CLAIMFLOW_STAFF_AUDIENCE and CLAIMFLOW_STAFF_JWKS_URI must be set',
    );
  return { issuer, audience, jwksUri };
}

/** Failures that are ours (the JWKS could not be had, a bad setting), not the caller's token. */
const isServerSide = (err: unknown) =>
  err instanceof FetchError ||
  err instanceof JwksNotAvailableInCacheError ||
  err instanceof JwksValidationError ||
  err instanceof JwkValidationError ||
  err instanceof ParameterValidationError;

export interface StaffTokenVerifier {
  /**
   * The caller's StaffClaims; InvalidTokenError (→ 401) for a token we do not accept,
   * NoStaffRoleError (→ 403) for a valid one without a staff group; anything else is our failure.
   */
  verify(token: string): Promise<StaffClaims>;
}

/**
 * A verifier of Cognito-style ID tokens: RS256 signature by a key of the JWKS (fetched once, then
 * again only for an unknown `kid`, as keys rotate), `iss`, `aud`, `exp`, and `token_use: id` (an
 * access token carries no email, groups are the same, but its audience claim is `client_id`).
 * Create it once per container: it caches the JWKS.
 */
export function staffTokenVerifier(
  settings: StaffTokenSettings,
  opts: ClaimsMappingOptions = {},
): StaffTokenVerifier {
  const verifier = JwtVerifier.create(
    {
      issuer: settings.issuer,
      audience: settings.audience,
      jwksUri: settings.jwksUri,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new InvalidTokenError(`token_use ${String(payload.token_use)}`);
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: settings.fetcher ?? jwksFetcher }) },
  );
  return {
    async verify(token) {
      let payload: JwtPayload;
      try {
        payload = await verifier.verify(token);
      } catch (err) {
        if (err instanceof InvalidTokenError) throw err;
        if (err instanceof JwtBaseError && !isServerSide(err))
          throw new InvalidTokenError((err as Error).message);
        throw err;
      }
      return staffClaimsFrom(payload, opts);
    },
  };
}
