import * as z from 'zod/mini';

/**
 * Back-office bearer tokens: ID tokens as Amazon Cognito issues them (RS256 JWTs, `token_use: id`).
 * API Gateway's Cognito user pool authorizer verifies the signature and expiry before any function
 * runs, and hands the function the token's claims (`requestContext.authorizer.claims`, every value a
 * string); under `npm start` the local gateway does the same against the local identity provider
 * (local/gateway/staff-authorizer.ts). A function does not verify the signature again: that took
 * aws-jwt-verify and the JWKS fetch into every back-office function's cold start (issue 18). It does
 * check that the claims are an ID token (`token_use`) of the staff pool (`iss`) for the console's app
 * client (`aud`): the authorizer checks the pool, not the app client.
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

/** What a request without a token the back office accepts is told (401), by the gateway or the function. */
export const STAFF_TOKEN_REFUSED = 'the bearer token is missing, not valid or expired; sign in again';

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
 * `cognito:groups` as it comes: a JSON array in the token itself, a string once API Gateway has put
 * the claims in the event (`a,b`, `[a b]` or `[a,b]` have all been seen): the names, in any of these.
 */
export function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((g) => g.length > 0);
}

/**
 * A token's claims as StaffClaims: the highest staff group as the role (none → NoStaffRoleError),
 * the approval limits parsed from their JSON string. Malformed limits count as none at all, so the
 * adjuster may approve nothing (a limit of 0 in every currency) until an administrator fixes the
 * attribute; failing the request instead would also lock them out of reading.
 */
export function staffClaimsFrom(
  payload: Readonly<Record<string, unknown>>,
  opts: ClaimsMappingOptions = {},
): StaffClaims {
  const { sub, email } = payload;
  if (typeof sub !== 'string' || sub.length === 0) throw new InvalidTokenError('no sub claim');
  if (typeof email !== 'string' || email.length === 0) throw new InvalidTokenError('no email claim');
  const groups = groupsOf(payload[STAFF_TOKEN_CLAIMS.groups]);
  const role = STAFF_ROLES.filter((r) => groups.includes(r)).sort((a, b) => RANK[b] - RANK[a])[0];
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

/**
 * The caller of a back-office route, from the claims the gateway's authorizer verified: an ID token
 * (`token_use: id`; an access token carries no email) of `settings.issuer` for `settings.audience`,
 * else InvalidTokenError (401); no claims at all (a route reached without the authorizer) is 401 too.
 */
export function staffOfVerifiedClaims(
  claims: Readonly<Record<string, unknown>> | undefined,
  settings: StaffTokenSettings,
  opts: ClaimsMappingOptions = {},
): StaffClaims {
  if (!claims) throw new InvalidTokenError('no claims from the authorizer');
  if (claims.token_use !== 'id') throw new InvalidTokenError(`token_use ${String(claims.token_use)}`);
  if (claims.iss !== settings.issuer) throw new InvalidTokenError(`issuer ${String(claims.iss)}`);
  if (claims.aud !== settings.audience) throw new InvalidTokenError(`audience ${String(claims.aud)}`);
  return staffClaimsFrom(claims, opts);
}

/**
 * The back-office API stage's variables the functions read (`event.stageVariables`): set once per
 * API by the CDK stage (infra/constructs/backoffice-api.ts, from the staff directory record) and by
 * the local gateway (local/gateway/gateway.ts, from the local identity provider). A stage variable,
 * not a run-time read of the record: every back-office cold start in AWS read it through Secrets
 * Manager on its first request, the client and the read costing more than the route (issue 18).
 */
export const STAFF_STAGE_VARIABLES = {
  /** The console's origin: the only one CORS answers for. */
  consoleOrigin: 'consoleOrigin',
  /** The staff pool's issuer (`iss`). */
  issuer: 'staffIssuer',
  /** The console's app client id (`aud`). */
  audience: 'staffAudience',
} as const;

/** The issuer and audience a back-office route accepts, from its stage's variables; an error if the stage lacks them. */
export function staffTokenOfStage(
  stageVariables: Readonly<Record<string, string | undefined>> | null | undefined,
): StaffTokenSettings {
  const issuer = stageVariables?.[STAFF_STAGE_VARIABLES.issuer];
  const audience = stageVariables?.[STAFF_STAGE_VARIABLES.audience];
  if (!issuer || !audience)
    throw new Error(
      `the API stage has no ${STAFF_STAGE_VARIABLES.issuer} and ${STAFF_STAGE_VARIABLES.audience} variables`,
    );
  return { issuer, audience };
}

export interface StaffTokenSettings {
  /** The `iss` every token must carry: `https://cognito-idp.<region>.amazonaws.com/<user pool id>` in AWS. */
  readonly issuer: string;
  /** The `aud` every token must carry: the console's app client id. */
  readonly audience: string;
}
