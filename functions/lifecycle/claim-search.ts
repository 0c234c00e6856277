import type { Claim, ClaimStatus } from '../../domain/claim.ts';
import { isClaimId } from '../../domain/claim-id.ts';
import {
  OVERDUE_STATUSES,
  type Overdue,
  overdueOf,
  stalledBefore,
  TRANSIENT_STATUSES,
} from '../../domain/overdue.ts';
import { toModel } from '../data/item.ts';
import { indexKeys } from '../data/keys.ts';
import { GLOBAL_INDEX } from '../data/table-schema.ts';
import { InvalidCursorError } from '../errors.ts';
import { claimsRepo, globalTable } from '../shared/context.ts';

/**
 * Claim search and queue counts for the back office, from this region's replica of the global
 * table and never with a Scan: each search walks one index partition (or, for `overdue`, the
 * byStatus partitions of the statuses a claim can be overdue in), and filters the rest in memory.
 *
 * Which index: a claim id is one GetItem; a VIN walks byVin and a partner byPartner (newest filed
 * first; other filters applied to what they return); a status alone walks byStatus in the region
 * (oldest change first: a work queue). `region` is the partition for status and overdue searches
 * (default: the region asked) and a filter on the claim's home region otherwise.
 */

export interface ClaimSearch {
  readonly status?: ClaimStatus;
  /** The region whose queues are searched (status, overdue); with vin/partnerId/claimId, a filter. */
  readonly region?: string;
  readonly vin?: string;
  readonly partnerId?: string;
  readonly claimId?: string;
  readonly overdue?: boolean;
  readonly limit: number;
  readonly cursor?: string;
}

export type FoundClaim = Claim & { readonly overdue?: Overdue };

interface Partition {
  readonly index: string;
  readonly pk: string;
  readonly sk: string;
  readonly value: string;
  /** Oldest first (byStatus) or newest first (byPartner, byVin). */
  readonly forward: boolean;
  /** Only sort keys below this (the stalled bound of a transient status). */
  readonly before?: string;
}

const byStatus = (region: string, status: ClaimStatus, before?: string): Partition => ({
  index: GLOBAL_INDEX.byStatus,
  pk: 'gsi2pk',
  sk: 'gsi2sk',
  value: indexKeys.claimByStatus(region, status, '', '').gsi2pk,
  forward: true,
  ...(before ? { before } : {}),
});

function partitionsFor(q: ClaimSearch, region: string, now: Date): Partition[] {
  if (q.vin)
    return [
      {
        index: GLOBAL_INDEX.byVin,
        pk: 'gsi3pk',
        sk: 'gsi3sk',
        value: indexKeys.claimByVin(q.vin, '', '').gsi3pk,
        forward: false,
      },
    ];
  if (q.partnerId)
    return [
      {
        index: GLOBAL_INDEX.byPartner,
        pk: 'gsi1pk',
        sk: 'gsi1sk',
        value: indexKeys.claimByPartner(q.partnerId, '', '').gsi1pk,
        forward: false,
      },
    ];
  const stalled = (s: ClaimStatus) =>
    q.overdue && TRANSIENT_STATUSES.includes(s) ? stalledBefore(now).toISOString() : undefined;
  if (q.status) return [byStatus(region, q.status, stalled(q.status))];
  return OVERDUE_STATUSES.map((s) => byStatus(region, s, stalled(s)));
}

// In-memory filters may skip most of what a query reads: at most this many queries per page, then
// the page is shorter and its cursor goes on where the reading stopped.
const MAX_QUERIES_PER_PAGE = 10;

/** `{p: partition index, k: the key to start after}`, base64url JSON; checked before any use. */
function readCursor(cursor: string | undefined, partitions: readonly Partition[]) {
  if (!cursor) return { p: 0, k: undefined };
  let value: { p?: unknown; k?: unknown };
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const p = value?.p;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= partitions.length)
    throw new InvalidCursorError();
  if (value.k === undefined) return { p, k: undefined };
  const part = partitions[p]!;
  const k = value.k as Record<string, unknown>;
  const names = k && typeof k === 'object' ? Object.keys(k).sort().join(',') : '';
  const valid =
    names === [part.pk, part.sk, 'pk', 'sk'].sort().join(',') &&
    Object.values(k).every((v) => typeof v === 'string' && v.length > 0 && v.length <= 1024) &&
    k[part.pk] === part.value &&
    String(k.pk).startsWith('CLAIM#') &&
    k.sk === 'CLAIM';
  if (!valid) throw new InvalidCursorError();
  return { p, k };
}

const writeCursor = (p: number, k: Record<string, unknown> | undefined) =>
  Buffer.from(JSON.stringify(k ? { p, k } : { p })).toString('base64url');

export async function searchClaims(
  q: ClaimSearch,
  servingRegion: string,
  now: Date,
): Promise<{ items: FoundClaim[]; nextCursor?: string }> {
  const regionFilter = q.vin || q.partnerId || q.claimId ? q.region : undefined;
  const match = (c: Claim): FoundClaim | undefined => {
    if (q.status && c.status !== q.status) return undefined;
    if (q.vin && c.vin !== q.vin) return undefined;
    if (q.partnerId && c.partnerId !== q.partnerId) return undefined;
    if (regionFilter && c.homeRegion !== regionFilter) return undefined;
    const overdue = overdueOf(c, now);
    if (q.overdue && !overdue) return undefined;
    return overdue ? { ...c, overdue } : c;
  };

  if (q.claimId) {
    // An id that is not a claim id names no claim: an empty result, as for an unknown one.
    const claim = isClaimId(q.claimId) ? await claimsRepo().get(q.claimId, false) : undefined;
    const found = claim && match(claim);
    return { items: found ? [found] : [] };
  }

  const partitions = partitionsFor(q, q.region ?? servingRegion, now);
  let { p, k } = readCursor(q.cursor, partitions);
  const items: FoundClaim[] = [];
  for (let queries = 0; p < partitions.length && items.length < q.limit && queries < MAX_QUERIES_PER_PAGE; ) {
    const part = partitions[p]!;
    const res = await globalTable.query({
      IndexName: part.index,
      KeyConditionExpression: part.before ? '#pk = :pk AND #sk < :before' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': part.pk, ...(part.before ? { '#sk': part.sk } : {}) },
      ExpressionAttributeValues: { ':pk': part.value, ...(part.before ? { ':before': part.before } : {}) },
      ScanIndexForward: part.forward,
      // One more than the page: whether another item follows is known without a trailing empty page.
      Limit: q.limit + 1,
      ...(k ? { ExclusiveStartKey: k } : {}),
    });
    queries++;
    let stoppedAt: Record<string, unknown> | undefined;
    for (const [i, item] of res.items.entries()) {
      const found = match(toModel<Claim>(item)!);
      if (found) items.push(found);
      if (items.length >= q.limit && (i < res.items.length - 1 || res.lastKey)) {
        stoppedAt = { pk: item.pk, sk: item.sk, [part.pk]: item[part.pk], [part.sk]: item[part.sk] };
        break;
      }
    }
    if (stoppedAt) {
      k = stoppedAt;
      break;
    }
    k = res.lastKey;
    if (!k) p++;
  }
  return p < partitions.length ? { items, nextCursor: writeCursor(p, k) } : { items };
}

export interface QueueCounts {
  readonly region: string;
  /** When the counts were taken (overdue depends on it). */
  readonly at: string;
  readonly counts: {
    readonly IN_REVIEW: number;
    readonly AWAITING_PARTS: number;
    readonly SCHEDULED: number;
    /** Claims overdue in any status (domain/overdue.ts). */
    readonly overdue: number;
  };
  /** How many claims in review carry each claim-level reason (a claim may carry several). */
  readonly reviewReasons: Record<string, number>;
}

/** Every item of one byStatus partition, only the attributes named (what the overdue rule reads). */
async function readQueue(partition: Partition, attributes: readonly string[]) {
  const names = Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a]));
  const out: Claim[] = [];
  let k: Record<string, unknown> | undefined;
  do {
    const res = await globalTable.query({
      IndexName: partition.index,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': partition.pk, ...names },
      ExpressionAttributeValues: { ':pk': partition.value },
      ProjectionExpression: Object.keys(names).join(', '),
      ...(k ? { ExclusiveStartKey: k } : {}),
    });
    out.push(...res.items.map((i) => toModel<Claim>(i)!));
    k = res.lastKey;
  } while (k);
  return out;
}

async function countQueue(partition: Partition): Promise<number> {
  let n = 0;
  let k: Record<string, unknown> | undefined;
  do {
    const res = await globalTable.query({
      IndexName: partition.index,
      KeyConditionExpression: partition.before ? '#pk = :pk AND #sk < :before' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': partition.pk, ...(partition.before ? { '#sk': partition.sk } : {}) },
      ExpressionAttributeValues: {
        ':pk': partition.value,
        ...(partition.before ? { ':before': partition.before } : {}),
      },
      // Keys only: a COUNT reads (and costs) the same, and the table adapter returns items.
      ProjectionExpression: 'pk',
      ...(k ? { ExclusiveStartKey: k } : {}),
    });
    n += res.items.length;
    k = res.lastKey;
  } while (k);
  return n;
}

const OVERDUE_FACTS = ['status', 'updatedAt', 'escalatedAt', 'appointment', 'completion', 'repairReminders'];

/**
 * The work queues of a region at a glance: how many claims wait in review, for parts and for the
 * repair, how many are overdue, and why the claims in review are there. Reads the review and
 * repair queues in full (only the attributes the rules need) and counts the others.
 */
export async function queueCounts(region: string, now: Date): Promise<QueueCounts> {
  const before = stalledBefore(now).toISOString();
  const [inReview, scheduled, awaitingParts, ...stalled] = await Promise.all([
    readQueue(byStatus(region, 'IN_REVIEW'), [...OVERDUE_FACTS, 'reasons']),
    readQueue(byStatus(region, 'SCHEDULED'), OVERDUE_FACTS),
    countQueue(byStatus(region, 'AWAITING_PARTS')),
    ...TRANSIENT_STATUSES.map((s) => countQueue(byStatus(region, s, before))),
  ]);
  const overdue =
    inReview.filter((c) => overdueOf(c, now)).length +
    scheduled.filter((c) => overdueOf(c, now)).length +
    stalled.reduce((a, b) => a + b, 0);
  const reviewReasons: Record<string, number> = {};
  for (const c of inReview)
    for (const r of new Set(c.reasons ?? [])) reviewReasons[r] = (reviewReasons[r] ?? 0) + 1;
  return {
    region,
    at: now.toISOString(),
    counts: {
      IN_REVIEW: inReview.length,
      AWAITING_PARTS: awaitingParts,
      SCHEDULED: scheduled.length,
      overdue,
    },
    reviewReasons,
  };
}
