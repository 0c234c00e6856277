import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type StaffClaims, signStaffToken } from '../functions/shared/staff-token.ts';

/**
 * The back office's local users and their bearer tokens (in AWS: a Cognito user pool). The signing
 * secret is derived from `.claimflow/local-secret`, like the demo API keys and the link secret, so
 * tokens printed at one start still work after a restart (until they expire).
 */
export const LOCAL_STAFF_ISSUER = 'claimflow-local';
/** A working week: long enough for a demo session, short enough that a leaked token dies. */
const TOKEN_TTL_SECONDS = 7 * 24 * 3600;

export const LOCAL_STAFF: readonly Omit<StaffClaims, 'iss' | 'iat' | 'exp'>[] = [
  { sub: 'viewer', email: 'viewer@claimflow.example', role: 'viewer' },
  {
    sub: 'adjuster',
    email: 'adjuster@claimflow.example',
    role: 'adjuster',
    // Minor units per currency, roughly 1,300 USD each: above the partners' auto-approval limits,
    // so an adjuster can clear most reviews and a manager takes the large ones.
    approvalLimits: {
      JPY: 200_000,
      NPR: 17_500_000,
      INR: 11_000_000,
      BDT: 15_500_000,
      LKR: 39_000_000,
      AMD: 50_000_000,
      GEL: 350_000,
      KZT: 65_000_000,
    },
  },
  { sub: 'manager', email: 'manager@claimflow.example', role: 'manager' },
];

export function localStaffSecret(dataDir: string): string {
  const file = join(dataDir, 'local-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  return createHmac('sha256', secret).update('claimflow staff token secret v1').digest('base64url');
}

export function localStaffTokens(secret: string, now = new Date()) {
  return LOCAL_STAFF.map((u) => ({
    email: u.email,
    role: u.role,
    ...(u.approvalLimits ? { approvalLimits: u.approvalLimits } : {}),
    token: signStaffToken(secret, { ...u, iss: LOCAL_STAFF_ISSUER }, { now, ttlSeconds: TOKEN_TTL_SECONDS }),
  }));
}
