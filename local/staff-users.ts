import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StaffRole } from '../functions/shared/staff-token.ts';

/**
 * The back office's local users (in AWS: the Cognito user pool's users, each in one of the groups
 * viewer, adjuster, manager, with `custom:approval_limits` set by an administrator). Their
 * passwords are derived from `.claimflow/local-secret`, like the demo API keys and the link
 * secret, so they are the same at every start of one data folder and differ between folders.
 */
export interface LocalStaffUser {
  readonly email: string;
  /** The Cognito group the user is in. */
  readonly role: StaffRole;
  /** Minor units per currency (Cognito: the `custom:approval_limits` attribute, as JSON). */
  readonly approvalLimits?: Readonly<Record<string, number>>;
}

export const LOCAL_STAFF: readonly LocalStaffUser[] = [
  { email: 'viewer@claimflow.example', role: 'viewer' },
  {
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
  { email: 'manager@claimflow.example', role: 'manager' },
];

/** The data folder's root secret, made on first start (shared with the API keys and link secret). */
function rootSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'local-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

/** The secret the local users' passwords and subjects are derived from. */
export function localStaffSecret(dataDir: string): string {
  return createHmac('sha256', rootSecret(dataDir)).update('claimflow staff secret v2').digest('base64url');
}

/** A user's password: 20 characters from the secret, stable for one data folder. */
export const localStaffPassword = (secret: string, email: string): string =>
  createHmac('sha256', secret).update(`password:${email.toLowerCase()}`).digest('base64url').slice(0, 20);

/** A user's `sub`: UUID-shaped like Cognito's, stable for one data folder. */
export function localStaffSubject(secret: string, email: string): string {
  const h = createHmac('sha256', secret).update(`sub:${email.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
