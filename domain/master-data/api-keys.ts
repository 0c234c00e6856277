import * as z from 'zod/mini';
import { isPartnerActive, type Partner } from '../partner.ts';
import { builtOnFirstUse } from '../validation.ts';
import { MasterDataError } from './audit.ts';

/**
 * A partner's API keys. A key is shown once, when it is issued; only its SHA-256 is stored. Keys
 * are rotated with an overlap (the new key works at once, the old one until the overlap ends, so a
 * partner's systems can switch without a moment of refusals) and revoked at once. A key works only
 * while it is neither revoked nor expired and its partner is active.
 */

export const API_KEY_PREFIX = 'cfk_';
/** 32 base64url characters after the prefix: 192 bits of randomness. */
export const API_KEY = /^cfk_[A-Za-z0-9_-]{32}$/;

export const KEY_ID = /^key-[a-z0-9]{8,40}$/;
export const KeyIdSchema = /* @__PURE__ */ (() =>
  z.string().check(z.regex(KEY_ID, 'must be a key id such as key-01j9…, as issued')))();

/** Keys a partner may hold that are not revoked (rotation needs two at once; more is a leak waiting). */
export const MAX_LIVE_KEYS = 5;
/** The longest a rotated key keeps working. */
export const MAX_OVERLAP_HOURS = 30 * 24;
export const DEFAULT_OVERLAP_HOURS = 24;

export const IssueKeySchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      label: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
      /** The key this one replaces: it keeps working for `overlapHours`, then expires. */
      rotates: z.optional(KeyIdSchema),
      overlapHours: z.optional(
        z
          .int('overlapHours must be a whole number')
          .check(
            z.gte(0, `overlapHours must be from 0 to ${MAX_OVERLAP_HOURS}`),
            z.lte(MAX_OVERLAP_HOURS, `overlapHours must be from 0 to ${MAX_OVERLAP_HOURS}`),
          ),
      ),
    })
    .check(
      z.refine((b) => b.overlapHours === undefined || b.rotates !== undefined, {
        message: 'overlapHours applies to a rotation: name the key it rotates in rotates',
        path: ['overlapHours'],
      }),
    ),
);
export type IssueKey = z.infer<typeof IssueKeySchema>;

/** What is stored about a key (never the key itself). */
export interface ApiKeyRecord {
  readonly keyId: string;
  readonly partnerId: string;
  readonly label: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** A rotated key stops working at this instant. */
  readonly expiresAt?: string;
  readonly revokedAt?: string;
  readonly revokedBy?: string;
  /** The key that replaced it (set on rotation). */
  readonly replacedBy?: string;
}

export type KeyStatus = 'active' | 'expiring' | 'expired' | 'revoked';

export function keyStatus(key: Pick<ApiKeyRecord, 'expiresAt' | 'revokedAt'>, now: Date): KeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt) return Date.parse(key.expiresAt) <= now.getTime() ? 'expired' : 'expiring';
  return 'active';
}

/** Whether a request with this key is let through: the key live and its partner active. */
export function keyAdmits(
  key: Pick<ApiKeyRecord, 'expiresAt' | 'revokedAt'> | undefined,
  partner: Pick<Partner, 'status'> | undefined,
  now: Date,
): boolean {
  if (!key || !partner) return false;
  const status = keyStatus(key, now);
  return (status === 'active' || status === 'expiring') && isPartnerActive(partner);
}

/**
 * A new key for the partner, and the rotated key's new state when it replaces one. Refused for a
 * suspended partner, beyond MAX_LIVE_KEYS, or rotating a key that is not the partner's or no
 * longer live.
 */
export function issueKey(args: {
  partner: Partner;
  keyId: string;
  request: IssueKey;
  existing: readonly ApiKeyRecord[];
  now: Date;
  by: string;
}): { key: ApiKeyRecord; rotated?: ApiKeyRecord } {
  const { partner, request, now } = args;
  if (!isPartnerActive(partner))
    throw new MasterDataError(
      'conflict',
      `partner ${partner.partnerId} is suspended; activate it (PATCH status: active) before issuing keys`,
    );
  const live = args.existing.filter((k) => !k.revokedAt && keyStatus(k, now) !== 'expired');
  let rotated: ApiKeyRecord | undefined;
  if (request.rotates) {
    const old = args.existing.find((k) => k.keyId === request.rotates);
    if (!old)
      throw new MasterDataError('notFound', `partner ${partner.partnerId} has no key ${request.rotates}`, {
        pointer: '/rotates',
      });
    const status = keyStatus(old, now);
    if (status !== 'active')
      throw new MasterDataError(
        'conflict',
        `key ${old.keyId} is ${status}: only an active key is rotated (issue a new key without rotates)`,
        { pointer: '/rotates' },
      );
    const hours = request.overlapHours ?? DEFAULT_OVERLAP_HOURS;
    rotated = {
      ...old,
      expiresAt: new Date(now.getTime() + hours * 3_600_000).toISOString(),
      replacedBy: args.keyId,
    };
  }
  if (live.length >= MAX_LIVE_KEYS)
    throw new MasterDataError(
      'conflict',
      `partner ${partner.partnerId} already has ${live.length} live keys, the most allowed; revoke one first`,
    );
  const key: ApiKeyRecord = {
    keyId: args.keyId,
    partnerId: partner.partnerId,
    label: request.label ?? (rotated ? `rotation of ${rotated.keyId}` : 'API key'),
    createdAt: now.toISOString(),
    createdBy: args.by,
  };
  return rotated ? { key, rotated } : { key };
}

/** The key revoked now (a key revoked before keeps its first revocation). */
export function revokeKey(key: ApiKeyRecord, now: Date, by: string): ApiKeyRecord {
  if (key.revokedAt) return key;
  return { ...key, revokedAt: now.toISOString(), revokedBy: by };
}
