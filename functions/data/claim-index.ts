import type { Claim, ClaimStatus } from '../../domain/claim.ts';
import type { Attributes, GuardedTable } from './guarded-table.ts';
import { toModel } from './item.ts';
import { indexKeys } from './keys.ts';
import { itemsOf, queryAll } from './table-reads.ts';
import { GLOBAL_INDEX } from './table-schema.ts';

/**
 * The claim indexes as partitions to walk (the back office's search and queues, a partner's list):
 * byStatus (a region's work queue of one status, least recently changed first), byPartner and
 * byVin (newest filed first). Never a Scan.
 */
export interface ClaimPartition {
  readonly index: string;
  /** The index's key attributes, and this partition's key value. */
  readonly pk: string;
  readonly sk: string;
  readonly value: string;
  /** Oldest first (byStatus) or newest first (byPartner, byVin). */
  readonly forward: boolean;
  /** Only sort keys below this (the stalled bound of a transient status). */
  readonly before?: string;
  /** What every sort key of the partition starts with. */
  readonly skPrefix?: string;
}

/** A partition of index `gsi<n>` (keys `gsi<n>pk`, `gsi<n>sk`). */
const partition = (
  n: number,
  index: string,
  value: string,
  order: Pick<ClaimPartition, 'forward' | 'skPrefix'>,
) => ({
  index,
  pk: `gsi${n}pk`,
  sk: `gsi${n}sk`,
  value,
  ...order,
});
const NEWEST_FILED_FIRST = { forward: false, skPrefix: 'CLAIM#' };

export const claimPartitions = {
  byStatus: (region: string, status: ClaimStatus, before?: string): ClaimPartition => ({
    ...partition(2, GLOBAL_INDEX.byStatus, indexKeys.claimByStatus(region, status, '', '').gsi2pk, {
      forward: true,
    }),
    ...(before ? { before } : {}),
  }),
  byVin: (vin: string): ClaimPartition =>
    partition(3, GLOBAL_INDEX.byVin, indexKeys.claimByVin(vin, '', '').gsi3pk, NEWEST_FILED_FIRST),
  byPartner: (partnerId: string): ClaimPartition =>
    partition(
      1,
      GLOBAL_INDEX.byPartner,
      indexKeys.claimByPartner(partnerId, '', '').gsi1pk,
      NEWEST_FILED_FIRST,
    ),
};

/**
 * Whether `key` is a position in `partition` as DynamoDB returns one (LastEvaluatedKey of a claim):
 * a cursor made up by a client must neither make DynamoDB fail (a 5xx) nor start in another
 * partition (the key condition would keep it out anyway).
 */
export function isClaimPosition(partition: ClaimPartition, key: unknown): key is Attributes {
  if (!key || typeof key !== 'object' || Array.isArray(key)) return false;
  const k = key as Attributes;
  return (
    Object.keys(k).sort().join(',') === [partition.pk, partition.sk, 'pk', 'sk'].sort().join(',') &&
    Object.values(k).every((v) => typeof v === 'string' && v.length > 0 && v.length <= 1024) &&
    k[partition.pk] === partition.value &&
    String(k[partition.sk]).startsWith(partition.skPrefix ?? '') &&
    String(k.pk).startsWith('CLAIM#') &&
    k.sk === 'CLAIM'
  );
}

/** The key condition of a partition (and its upper bound), with its names and values. */
function keyCondition(p: ClaimPartition) {
  return {
    IndexName: p.index,
    KeyConditionExpression: p.before ? '#pk = :pk AND #sk < :before' : '#pk = :pk',
    ExpressionAttributeNames: { '#pk': p.pk, ...(p.before ? { '#sk': p.sk } : {}) },
    ExpressionAttributeValues: { ':pk': p.value, ...(p.before ? { ':before': p.before } : {}) },
  };
}

/** Reads of the claim indexes from this region's replica of the global table. */
export class ClaimIndex {
  constructor(private readonly table: GuardedTable) {}

  /** Up to `limit` claims of the partition after `startAfter`, and where the read stopped. */
  async page(partition: ClaimPartition, limit: number, startAfter?: Attributes) {
    const res = await this.table.query({
      ...keyCondition(partition),
      ScanIndexForward: partition.forward,
      Limit: limit,
      ...(startAfter ? { ExclusiveStartKey: startAfter } : {}),
    });
    // The index carries keys only: the claims are read from the table, each with the index keys it
    // was found under (a cursor is a position in this partition, even if the claim moved on since).
    const claims = await itemsOf(this.table, res.items);
    const found = new Map(res.items.map((i) => [String(i.pk), i]));
    const items = claims.map((c) => {
      const at = found.get(String(c.pk))!;
      return { ...c, [partition.pk]: at[partition.pk], [partition.sk]: at[partition.sk] };
    });
    return { items, lastKey: res.lastKey };
  }

  /** Every claim of the partition, only the attributes named. */
  async readAll(partition: ClaimPartition, attributes: readonly string[]): Promise<Claim[]> {
    const { items: found } = await queryAll(this.table, keyCondition(partition));
    const items = await itemsOf(this.table, found, { attributes });
    return items.map((i) => toModel<Claim>(i)!);
  }

  /** How many claims the partition holds. */
  async count(partition: ClaimPartition): Promise<number> {
    // Keys only: a COUNT reads (and costs) the same, and the table adapter returns items.
    const { items } = await queryAll(this.table, { ...keyCondition(partition), ProjectionExpression: 'pk' });
    return items.length;
  }
}
