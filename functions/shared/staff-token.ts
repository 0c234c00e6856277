import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Back-office bearer tokens (JWT, RFC 7519), HS256 with Node's crypto: no JWT dependency for one
 * algorithm. Locally `npm start` signs tokens for its demo users with a secret derived from
 * `.claimflow/local-secret`; the back-office chain verifies signature, issuer, expiry and role.
 *
 * Roles: `viewer` reads, `adjuster` also decides reviews up to an approval limit, `manager` does
 * everything without a limit. The adjuster's limit is per currency (`approvalLimits`, minor units):
 * claims are priced in the partner's currency and claimflow keeps no exchange rates, so a limit
 * in a reference currency would need a rate table nobody maintains. A currency missing from the
 * map means a limit of zero there (the adjuster may reject, not approve).
 */
export const STAFF_ROLES = ['viewer', 'adjuster', 'manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const StaffClaimsSchema = z.object({
  sub: z.string().min(1),
  email: z.string().min(3),
  role: z.enum(STAFF_ROLES),
  approvalLimits: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().int().nonnegative()).optional(),
  iss: z.string(),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type StaffClaims = z.infer<typeof StaffClaimsSchema>;

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');
const signature = (secret: string, signingInput: string) =>
  createHmac('sha256', secret).update(signingInput).digest();

export function signStaffToken(
  secret: string,
  claims: Omit<StaffClaims, 'iat' | 'exp'>,
  opts: { now?: Date; ttlSeconds: number },
): string {
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ ...claims, iat, exp: iat + opts.ttlSeconds }));
  return `${header}.${payload}.${b64url(signature(secret, `${header}.${payload}`))}`;
}

/** The token's claims, or InvalidTokenError saying why not (for the logs; the client sees 401). */
export function verifyStaffToken(
  secret: string,
  token: string,
  expected: { issuer: string; now?: Date },
): StaffClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('not a JWT');
  const [header, payload, sig] = parts as [string, string, string];
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
  } catch {
    throw new InvalidTokenError('header is not JSON');
  }
  // Only HS256: a token must not choose its own algorithm ("none", or RS256 keyed with the secret).
  if (alg !== 'HS256') throw new InvalidTokenError(`algorithm ${String(alg)} is not accepted`);
  const given = Buffer.from(sig, 'base64url');
  const want = signature(secret, `${header}.${payload}`);
  if (given.length !== want.length || !timingSafeEqual(given, want))
    throw new InvalidTokenError('bad signature');
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('payload is not JSON');
  }
  const claims = StaffClaimsSchema.safeParse(body);
  if (!claims.success) throw new InvalidTokenError('claims do not fit a staff token');
  if (claims.data.iss !== expected.issuer) throw new InvalidTokenError(`issuer ${claims.data.iss}`);
  const now = Math.floor((expected.now ?? new Date()).getTime() / 1000);
  if (claims.data.exp <= now) throw new InvalidTokenError('expired');
  return claims.data;
}

const RANK: Record<StaffRole, number> = { viewer: 0, adjuster: 1, manager: 2 };
/** Whether `role` may do what `needed` may (manager ⊃ adjuster ⊃ viewer). */
export const roleAllows = (role: StaffRole, needed: StaffRole): boolean => RANK[role] >= RANK[needed];
