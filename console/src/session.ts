import type { ConsoleConfig } from './config.ts';
import type { Role } from './types.ts';

/**
 * The signed-in staff member: the ID token and what the console reads from it to shape the screens
 * (role, approval limits). The API verifies the token on every call; nothing here is trusted for
 * access, it only hides what the API would refuse anyway.
 */
export interface Session {
  token: string;
  email: string;
  role: Role;
  /** Minor units per currency (adjusters). */
  approvalLimits?: Record<string, number>;
  /** Seconds since the epoch. */
  expiresAt?: number;
}

const KEY = 'claimflow.session';
const ROLE_RANK: Record<Role, number> = { viewer: 0, adjuster: 1, manager: 2 };

export const roleAtLeast = (session: Session | undefined, role: Role) =>
  !!session && ROLE_RANK[session.role] >= ROLE_RANK[role];

function decodePart(part: string): Record<string, unknown> {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/**
 * Reads an ID token's claims (Cognito's, or the local identity provider's of the same shape): the
 * role from `cognito:groups`, the approval limits from `custom:approval_limits` (a JSON string).
 */
export function sessionFromToken(token: string): Session {
  const parts = token.trim().split('.');
  if (parts.length !== 3) throw new Error('that is not a JWT (three dot-separated parts)');
  let claims: Record<string, unknown>;
  try {
    claims = decodePart(parts[1]!);
  } catch {
    throw new Error('the token could not be read');
  }
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]) : [];
  const role = (['manager', 'adjuster', 'viewer'] as const).find((r) => groups.includes(r));
  if (!role) throw new Error('the token names no back-office role');
  let limits: Record<string, number> | undefined;
  const custom = claims['custom:approval_limits'];
  if (typeof custom === 'string') {
    try {
      limits = JSON.parse(custom) as Record<string, number>;
    } catch {
      limits = undefined;
    }
  }
  return {
    token: token.trim(),
    email: String(claims.email ?? claims.sub ?? 'unknown'),
    role,
    ...(limits ? { approvalLimits: limits } : {}),
    ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp } : {}),
  };
}

export function savedSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const s = JSON.parse(raw) as Session;
    if (s.expiresAt && s.expiresAt * 1000 < Date.now()) return undefined;
    return s;
  } catch {
    return undefined;
  }
}

export function saveSession(s: Session | undefined) {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

export class SignInError extends Error {}

/** `POST <identity>/login` {email, password} → {idToken, …} (the local identity provider; DESIGN §7). */
export async function signIn(config: ConsoleConfig, email: string, password: string): Promise<Session> {
  const identity = config.identity;
  if (identity?.kind !== 'local' || typeof identity.url !== 'string')
    throw new SignInError('this console has no sign-in service configured: sign in with a token instead');
  const base = identity.url.endsWith('/') ? identity.url : `${identity.url}/`;
  let res: Response;
  try {
    res = await fetch(new URL('login', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    throw new SignInError('the sign-in service did not answer; is `npm start` running?');
  }
  const body = (await res.json().catch(() => ({}))) as { idToken?: string; detail?: string; title?: string };
  if (!res.ok || !body.idToken)
    throw new SignInError(
      res.status === 401
        ? 'wrong email or password'
        : (body.detail ?? body.title ?? `sign-in failed (${res.status})`),
    );
  return sessionFromToken(body.idToken);
}
