import { createHash } from 'node:crypto';
import {
  type ApiKeyRecord,
  type IssueKey,
  issueKey,
  keyStatus,
  revokeKey,
} from '../../domain/master-data/api-keys.ts';
import { auditEntry, MasterDataError, sameRecord } from '../../domain/master-data/audit.ts';
import {
  changePartner,
  type NewPartner,
  newPartner,
  type PartnerChanges,
} from '../../domain/master-data/partners.ts';
import type { Partner } from '../../domain/partner.ts';
import { keys } from '../data/keys.ts';
import { type Change, fieldsOf, recordOf } from '../data/master-data-store.ts';
import { regionOfMarket } from './markets.ts';
import type { Actor, MasterDataContext } from './master-data-context.ts';

/** Partners and their API keys: written in the partner's home region, every change audited. */

// Pure, as the schemas are: a function that never reads these records leaves the schema out (issue 18).
export const PARTNER_FIELDS = fieldsOf<Partner>()([
  'partnerId',
  'name',
  'market',
  'homeRegion',
  'currency',
  'laborRate',
  'autoApprovalLimit',
  'tier',
  'priceList',
  'serviceCentres',
  'status',
  'contact',
]);
const KEY_FIELDS = [
  'keyId',
  'partnerId',
  'label',
  'createdAt',
  'createdBy',
  'expiresAt',
  'revokedAt',
  'revokedBy',
  'replacedBy',
] as const;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const partnerNotFound = (partnerId: string) =>
  new MasterDataError('notFound', `no partner ${partnerId}`, { parameter: 'partnerId' });

/** A partner as this region's replica holds it. */
export async function findPartner(ctx: MasterDataContext, partnerId: string): Promise<Partner | undefined> {
  return recordOf<Partner>(await ctx.store.find(keys.partner(partnerId)), PARTNER_FIELDS);
}

/** A partner read where it is written (consistent), with the stored item for a conditional write. */
export async function partnerAtHome(ctx: MasterDataContext, partnerId: string) {
  const local = await findPartner(ctx, partnerId);
  if (!local) throw partnerNotFound(partnerId);
  const read = await ctx.store.read(local.homeRegion, keys.partner(partnerId));
  const partner = recordOf<Partner>(read, PARTNER_FIELDS);
  if (!partner) throw partnerNotFound(partnerId);
  return { partner, read };
}

export async function createPartner(
  ctx: MasterDataContext,
  draft: NewPartner,
  actor: Actor,
): Promise<{ partner: Partner; created: boolean }> {
  const region = await regionOfMarket(ctx, draft.market);
  if (!region)
    throw new MasterDataError(
      'invalid',
      `no market ${draft.market}; open it first (PUT markets/${draft.market} with the region that serves it)`,
      { pointer: '/market' },
    );
  const partner = newPartner(draft, { code: draft.market, region });
  const key = keys.partner(partner.partnerId);
  const read = await ctx.store.read(region, key);
  if (read) {
    const existing = recordOf<Partner>(read, PARTNER_FIELDS)!;
    // The same partner sent again (a retried request, the seed on a second start) is no conflict.
    if (sameRecord({ ...existing, serviceCentres: [] }, partner))
      return { partner: existing, created: false };
    throw new MasterDataError(
      'conflict',
      `partner ${partner.partnerId} exists; change it with PATCH partners/${partner.partnerId}`,
      { pointer: '/partnerId' },
    );
  }
  await ctx.store.write(
    region,
    [{ key, read, put: { ...partner }, type: 'Partner' }],
    [
      auditEntry({
        entity: 'partner',
        entityId: partner.partnerId,
        action: 'created',
        at: ctx.now(),
        actor,
        after: partner,
      }),
    ],
    { by: actor.id },
  );
  return { partner, created: true };
}

export async function changePartnerRecord(
  ctx: MasterDataContext,
  partnerId: string,
  changes: PartnerChanges,
  actor: Actor,
): Promise<Partner> {
  const { partner, read } = await partnerAtHome(ctx, partnerId);
  const next = changePartner(partner, changes);
  if (sameRecord(partner, next)) return partner;
  const action =
    changes.status && changes.status !== (partner.status ?? 'active')
      ? changes.status === 'suspended'
        ? 'suspended'
        : 'activated'
      : 'changed';
  await ctx.store.write(
    partner.homeRegion,
    [{ key: keys.partner(partnerId), read, put: { ...next }, type: 'Partner' }],
    [
      auditEntry({
        entity: 'partner',
        entityId: partnerId,
        action,
        at: ctx.now(),
        actor,
        before: partner,
        after: next,
      }),
    ],
    { by: actor.id },
  );
  return next;
}

/** A partner's keys (never the keys themselves), newest first. */
export async function listKeys(
  ctx: MasterDataContext,
  partnerId: string,
  opts: { homeRegion?: string } = {},
): Promise<(ApiKeyRecord & { keyHash: string })[]> {
  const items = await ctx.store.partition(`PARTNERKEYS#${partnerId}`, opts);
  return items
    .map((i) => ({ ...recordOf<ApiKeyRecord>(i, KEY_FIELDS)!, keyHash: String(i.keyHash) }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export const keyView = (k: ApiKeyRecord, now: Date) => {
  const { keyHash: _hash, ...rest } = k as ApiKeyRecord & { keyHash?: string };
  return { ...rest, status: keyStatus(k, now) };
};

/** The two items of a key: by its hash (what a request is checked against) and by partner and id. */
function keyChanges(
  record: ApiKeyRecord,
  keyHash: string,
  read: { byHash: Record<string, unknown> | undefined; byId: Record<string, unknown> | undefined },
): Change[] {
  return [
    { key: keys.apiKey(keyHash), read: read.byHash, put: { ...record }, type: 'ApiKey' },
    {
      key: keys.partnerKey(record.partnerId, record.keyId),
      read: read.byId,
      put: { ...record, keyHash },
      type: 'PartnerKey',
    },
  ];
}

/**
 * Issues a key: `apiKey` is in this answer only; the table keeps its SHA-256. A rotation also sets
 * the old key's expiry (both keys work until then).
 */
export async function issueApiKey(
  ctx: MasterDataContext,
  partnerId: string,
  request: IssueKey,
  actor: Actor,
): Promise<{ key: ApiKeyRecord; apiKey: string; rotated?: ApiKeyRecord }> {
  const { partner } = await partnerAtHome(ctx, partnerId);
  const home = partner.homeRegion;
  const existing = await listKeys(ctx, partnerId, { homeRegion: home });
  const now = ctx.now();
  const keyId = ctx.newKeyId(partnerId);
  const { key, rotated } = issueKey({ partner, keyId, request, existing, now, by: actor.id });
  const apiKey = ctx.newKeySecret(partnerId, keyId);
  const hash = sha256(apiKey);
  const changes = keyChanges(key, hash, { byHash: undefined, byId: undefined });
  const audit = [
    auditEntry({ entity: 'api-key', entityId: partnerId, action: 'issued', at: now, actor, after: key }),
  ];
  if (rotated) {
    const old = existing.find((k) => k.keyId === rotated.keyId)!;
    const [byHash, byId] = await Promise.all([
      ctx.store.read(home, keys.apiKey(old.keyHash)),
      ctx.store.read(home, keys.partnerKey(partnerId, old.keyId)),
    ]);
    const { keyHash: _h, ...before } = old;
    changes.push(...keyChanges(rotated, old.keyHash, { byHash, byId }));
    audit.push(
      auditEntry({
        entity: 'api-key',
        entityId: partnerId,
        action: 'rotated',
        at: now,
        actor,
        before,
        after: rotated,
      }),
    );
  }
  await ctx.store.write(home, changes, audit, { by: actor.id });
  return { key, apiKey, ...(rotated ? { rotated } : {}) };
}

/** Revokes a key at once (a key revoked before is left as it is). */
export async function revokeApiKey(
  ctx: MasterDataContext,
  partnerId: string,
  keyId: string,
  actor: Actor,
): Promise<ApiKeyRecord> {
  const { partner } = await partnerAtHome(ctx, partnerId);
  const home = partner.homeRegion;
  const byId = await ctx.store.read(home, keys.partnerKey(partnerId, keyId));
  if (!byId)
    throw new MasterDataError('notFound', `partner ${partnerId} has no key ${keyId}`, { parameter: 'keyId' });
  const record = recordOf<ApiKeyRecord>(byId, KEY_FIELDS)!;
  const revoked = revokeKey(record, ctx.now(), actor.id);
  if (revoked === record) return record;
  const keyHash = String(byId.keyHash);
  const byHash = await ctx.store.read(home, keys.apiKey(keyHash));
  await ctx.store.write(
    home,
    keyChanges(revoked, keyHash, { byHash, byId }),
    [
      auditEntry({
        entity: 'api-key',
        entityId: partnerId,
        action: 'revoked',
        at: ctx.now(),
        actor,
        before: record,
        after: revoked,
      }),
    ],
    { by: actor.id },
  );
  return revoked;
}
