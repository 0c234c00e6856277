import type { Claim, ClaimStatus } from '../../domain/claim.ts';
import { isClaimId } from '../../domain/claim-id.ts';
import {
  OVERDUE_STATUSES,
  type Overdue,
  overdueOf,
  stalledBefore,
  TRANSIENT_STATUSES,
} from '../../domain/overdue.ts';
import type { ReplicaFreshness } from '../../domain/replica-freshness.ts';
import { type ClaimPartition, claimPartitions, isClaimPosition } from '../data/claim-index.ts';
import type { Attributes } from '../data/guarded-table.ts';
import { toModel } from '../data/item.ts';
import { InvalidCursorError } from '../errors.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

/**
 * Claim search for the back office, from this region's replica of the global table and never with a
 * Scan: each search walks one index partition (or, for `overdue`, the byStatus partitions of the
 * statuses a claim can be overdue in), and filters the rest in memory.
 *
 * Which index: a claim id is one GetItem; a VIN walks byVin and a partner byPartner (newest filed
 * first; other filters applied to what they return); a status alone walks byStatus in the region
 * (oldest change first: a work queue). `region` is the partition for status and overdue searches
 * (default: the region asked) and a filter on the claim's home region otherwise.
 *
 * A page holding claims of home regions written elsewhere says, per such home region, how fresh
 * this replica of them is (`replicas`): one clock read per home region, not per claim.
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

function partitionsFor(q: ClaimSearch, region: string, now: Date): ClaimPartition[] {
  if (q.vin) return [claimPartitions.byVin(q.vin)];
  if (q.partnerId) return [claimPartitions.byPartner(q.partnerId)];
  const stalled = (s: ClaimStatus) =>
    q.overdue && TRANSIENT_STATUSES.includes(s) ? stalledBefore(now).toISOString() : undefined;
  if (q.status) return [claimPartitions.byStatus(region, q.status, stalled(q.status))];
  return OVERDUE_STATUSES.map((s) => claimPartitions.byStatus(region, s, stalled(s)));
}

// In-memory filters may skip most of what a query reads: at most this many queries per page, then
// the page is shorter and its cursor goes on where the reading stopped.
const MAX_QUERIES_PER_PAGE = 10;

/** `{p: partition index, k: the key to start after}`, base64url JSON; checked before any use. */
function readCursor(cursor: string | undefined, partitions: readonly ClaimPartition[]) {
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
  if (!isClaimPosition(partitions[p]!, value.k)) throw new InvalidCursorError();
  return { p, k: value.k };
}

const writeCursor = (p: number, k: Attributes | undefined) =>
  Buffer.from(JSON.stringify(k ? { p, k } : { p })).toString('base64url');

export interface ClaimPage {
  items: FoundClaim[];
  nextCursor?: string;
  replicas?: ReplicaFreshness[];
}

export function searchClaims(
  deps: Pick<BackOfficeDependencies, 'claims' | 'claimIndex' | 'clock' | 'region' | 'writerClocks'>,
) {
  const withFreshness = async (page: ClaimPage): Promise<ClaimPage> => {
    const replicas = await deps.writerClocks.freshness(
      page.items.map((c) => c.homeRegion),
      deps.clock.now(),
    );
    return replicas.length > 0 ? { ...page, replicas } : page;
  };
  return async (q: ClaimSearch): Promise<ClaimPage> => withFreshness(await find(q));

  async function find(q: ClaimSearch): Promise<ClaimPage> {
    const now = deps.clock.now();
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
      const claim = isClaimId(q.claimId) ? await deps.claims.get(q.claimId, false) : undefined;
      const found = claim && match(claim);
      return { items: found ? [found] : [] };
    }

    const partitions = partitionsFor(q, q.region ?? deps.region, now);
    let { p, k } = readCursor(q.cursor, partitions);
    const items: FoundClaim[] = [];
    for (
      let queries = 0;
      p < partitions.length && items.length < q.limit && queries < MAX_QUERIES_PER_PAGE;
    ) {
      const part = partitions[p]!;
      // One more than the page: whether another item follows is known without a trailing empty page.
      const res = await deps.claimIndex.page(part, q.limit + 1, k);
      queries++;
      let stoppedAt: Attributes | undefined;
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
}
