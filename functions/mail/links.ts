import { createHmac, timingSafeEqual } from 'node:crypto';
import { ClaimIdSchema } from '../../domain/claim-id.ts';

/**
 * Signed links in customer emails (DESIGN §7, §8): the survey, the claim's status page and
 * unsubscribe. The token is `<purpose>.<claimId>.<expiry>.<signature>`, where the signature is
 * HMAC-SHA256 over (version, purpose, claim id, expiry) with the link secret. Anyone holding the
 * link may use it until it expires (that is what a link in an email is); nobody can make one for
 * another claim or purpose, or extend one, without the secret. Pure: the secret is passed in.
 */

export const LINK_PURPOSES = ['survey', 'status', 'unsubscribe'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/** The public pages and their paths (functions/catalog.ts `publicPages` routes). */
export const PUBLIC_PATHS: Readonly<Record<LinkPurpose, string>> = {
  survey: '/p/survey',
  status: '/p/status',
  unsubscribe: '/p/unsubscribe',
};

const VERSION = 'v1';

export type LinkCheck =
  | { readonly ok: true; readonly claimId: string; readonly expiresAt: Date }
  | { readonly ok: false; readonly why: 'malformed' | 'forged' }
  /** Genuine but too old: the claim id is known (the page can still speak the customer's language). */
  | { readonly ok: false; readonly why: 'expired'; readonly claimId: string };

function signature(secret: string, purpose: string, claimId: string, expiry: string): Buffer {
  return createHmac('sha256', secret).update(`${VERSION}\n${purpose}\n${claimId}\n${expiry}`).digest();
}

export function signLink(secret: string, purpose: LinkPurpose, claimId: string, expiresAt: Date): string {
  if (!secret) throw new Error('no link secret');
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  const sig = signature(secret, purpose, claimId, expiry).toString('base64url');
  return `${purpose}.${claimId}.${expiry}.${sig}`;
}

/**
 * Checks a token for `purpose`: well formed, signed with `secret` (constant-time comparison), not
 * expired at `now`. A genuine but expired link says `expired`, so the page can say so kindly.
 */
export function verifyLink(secret: string, token: string, purpose: LinkPurpose, now: Date): LinkCheck {
  const parts = token.split('.');
  if (parts.length !== 4) return { ok: false, why: 'malformed' };
  const [p, claimId, expiry, sig] = parts as [string, string, string, string];
  if (
    !ClaimIdSchema.safeParse(claimId).success ||
    !/^[0-9a-z]{1,12}$/.test(expiry) ||
    !/^[\w-]{43}$/.test(sig)
  )
    return { ok: false, why: 'malformed' };
  const expected = signature(secret, purpose, claimId, expiry);
  const given = Buffer.from(sig, 'base64url');
  // Another purpose signs other bytes, so a status link used as a survey link fails here too.
  if (p !== purpose || given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, why: 'forged' };
  const expiresAt = new Date(Number.parseInt(expiry, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, why: 'expired', claimId };
  return { ok: true, claimId, expiresAt };
}

/** The URL of a public page: `<base>/p/<page>?t=<token>` (the base may carry a path, e.g. a stage). */
export function publicUrl(
  baseUrl: string,
  purpose: LinkPurpose,
  token: string,
  extra: Record<string, string> = {},
): string {
  const query = new URLSearchParams({ t: token, ...extra });
  return `${baseUrl.replace(/\/+$/, '')}${PUBLIC_PATHS[purpose]}?${query}`;
}

export interface LinkSettings {
  readonly secret: string;
  readonly baseUrl: string;
  /** Days a survey link works. */
  readonly surveyDays: number;
  /** Days the status and unsubscribe links work. */
  readonly linkDays: number;
}

export interface EmailLinks {
  readonly status: string;
  readonly unsubscribe: string;
  readonly survey: string;
  /** The survey with a score already chosen (the 0–10 buttons in the email): index = score. */
  readonly surveyWithScore: readonly string[];
}

const DAY_MS = 86_400_000;

/** Every link one email carries, signed now. */
export function emailLinks(settings: LinkSettings, claimId: string, now: Date): EmailLinks {
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
  const url = (purpose: LinkPurpose, days: number, extra?: Record<string, string>) =>
    publicUrl(settings.baseUrl, purpose, signLink(settings.secret, purpose, claimId, at(days)), extra);
  const surveyToken = signLink(settings.secret, 'survey', claimId, at(settings.surveyDays));
  return {
    status: url('status', settings.linkDays),
    unsubscribe: url('unsubscribe', settings.linkDays),
    survey: publicUrl(settings.baseUrl, 'survey', surveyToken),
    surveyWithScore: Array.from({ length: 11 }, (_, score) =>
      publicUrl(settings.baseUrl, 'survey', surveyToken, { s: String(score) }),
    ),
  };
}
