import type { AuditEntry } from '../../domain/master-data/audit.ts';
import { MasterDataError } from '../../domain/master-data/audit.ts';
import {
  type Attributes,
  type Condition,
  type GuardedTable,
  type Key,
  type TransactItem,
  TransactionFailedError,
} from './guarded-table.ts';
import { keys } from './keys.ts';

/**
 * Reads and writes of master data (markets, partners, keys, centres, technicians, parts, labour
 * operations, warehouses, stock, warranty plans), each record with a `revision`:
 *
 * - a change reads the record where it is written (its home region's writer, consistently),
 *   computes the new record with a domain rule, and writes it in one transaction with its audit
 *   entry, on the condition that the record is still at the revision read (or still absent). So
 *   two managers changing one partner at once cannot lose an update: the second gets a conflict;
 * - a change that changes nothing writes nothing, not even an audit entry;
 * - reads for display come from this region's replica.
 */

export interface Change {
  readonly key: Key;
  /** The record as read before the change (undefined: it did not exist). */
  readonly read: Attributes | undefined;
  /** The new record (without keys), or `remove` to delete it. */
  readonly put?: Attributes;
  readonly remove?: true;
  /**
   * An update in place instead, on its own condition and not on the revision: for items that other
   * writers change atomically (a stock level, which reservations update without reading it).
   */
  readonly update?: {
    readonly expression: string;
    readonly names?: Record<string, string>;
    readonly values?: Record<string, unknown>;
    readonly condition: Condition;
  };
  /** The item's `type` attribute. */
  readonly type?: string;
}

/** Attributes of a stored item that are the table's, not the record's. */
const STORAGE_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'type',
  'ownerEpoch',
  'replicatedAt',
  'revision',
  'updatedAt',
  'updatedBy',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
  'gsi5pk',
  'gsi5sk',
]);

/**
 * The names of every field of `T`, written out: `fieldsOf<Partner>()(['partnerId', …])`. tsc refuses
 * a list that misses a field of `T` or names one it lacks, so the list cannot drift from the type.
 * Written out rather than read from the zod schema's shape at start: that built the whole schema
 * (a partner's is 87 zod objects) in every master-data function, to read its keys (cold start, issue 18).
 */
export const fieldsOf =
  <T>() =>
  <const K extends readonly (keyof T & string)[]>(
    fields: K &
      (Exclude<keyof T, K[number]> extends never ? unknown : { missing: Exclude<keyof T, K[number]> }),
  ): readonly string[] =>
    fields;

/** The record in a stored item: only `fields` when given, else everything but storage attributes. */
export function recordOf<T>(item: Attributes | undefined, fields?: readonly string[]): T | undefined {
  if (!item) return undefined;
  const out: Attributes = {};
  for (const [k, v] of Object.entries(item)) {
    if (fields ? fields.includes(k) : !STORAGE_ATTRIBUTES.has(k)) out[k] = v;
  }
  return out as T;
}

/** An item's revision as a number (items written before revisions were kept have none). */
export const revisionOf = (item: Attributes | undefined): number | undefined =>
  typeof item?.revision === 'number' ? item.revision : undefined;

/** The condition that the stored item is still what was read. */
function unchangedSince(read: Attributes | undefined): Condition {
  if (!read) return { expression: 'attribute_not_exists(pk)' };
  const revision = revisionOf(read);
  if (revision === undefined)
    return { expression: 'attribute_exists(pk) AND attribute_not_exists(revision)' };
  return { expression: 'revision = :mdRevision', values: { ':mdRevision': revision } };
}

/** DynamoDB's limit per TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

export class MasterDataStore {
  constructor(
    private readonly deps: {
      /** The global table as written for items homed in a region (its writer after a failover). */
      readonly writerFor: (homeRegion: string) => Promise<GuardedTable>;
      /** The global table as this region sees it (reads for display). */
      readonly local: GuardedTable;
      /** Every export region (where a record not yet replicated here may be found). */
      readonly regions: readonly string[];
      /** A unique id (audit entries). */
      readonly newId: () => string;
    },
  ) {}

  /** A record as its home region holds it now (consistent). */
  async read(homeRegion: string, key: Key): Promise<Attributes | undefined> {
    return (await this.deps.writerFor(homeRegion)).get(key, true);
  }

  /** A record from this region's replica. */
  readLocal(key: Key): Promise<Attributes | undefined> {
    return this.deps.local.get(key);
  }

  /**
   * A record from this region's replica or, not there yet, from whichever region holds it (read
   * consistently): a partner created a moment ago through another region's API is found by the
   * next request here, before replication brings it (a miss costs a read per region).
   */
  async find(key: Key): Promise<Attributes | undefined> {
    const local = await this.deps.local.get(key);
    if (local) return local;
    for (const region of this.deps.regions) {
      const found = await this.read(region, key);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Items of one partition (optionally `sk` beginning with a prefix), from this region's replica or,
   * with `homeRegion`, consistently where they are written; every page.
   */
  async partition(
    pk: string,
    opts: { prefix?: string; homeRegion?: string; max?: number } = {},
  ): Promise<Attributes[]> {
    const table = opts.homeRegion ? await this.deps.writerFor(opts.homeRegion) : this.deps.local;
    const out: Attributes[] = [];
    let cursor: Attributes | undefined;
    do {
      const res = await table.query({
        KeyConditionExpression: opts.prefix ? 'pk = :p AND begins_with(sk, :s)' : 'pk = :p',
        ExpressionAttributeValues: { ':p': pk, ...(opts.prefix ? { ':s': opts.prefix } : {}) },
        ...(opts.homeRegion ? { ConsistentRead: true } : {}),
        ExclusiveStartKey: cursor,
      });
      out.push(...res.items);
      cursor = res.lastKey;
    } while (cursor && out.length < (opts.max ?? Number.POSITIVE_INFINITY));
    return out;
  }

  /** One page of a partition from this region's replica, for listings with a cursor. */
  async page(
    pk: string,
    opts: { limit: number; after?: Attributes; prefix?: string },
  ): Promise<{ items: Attributes[]; lastKey?: Attributes }> {
    const res = await this.deps.local.query({
      KeyConditionExpression: opts.prefix ? 'pk = :p AND begins_with(sk, :s)' : 'pk = :p',
      ExpressionAttributeValues: { ':p': pk, ...(opts.prefix ? { ':s': opts.prefix } : {}) },
      Limit: opts.limit,
      ExclusiveStartKey: opts.after,
    });
    return { items: res.items, ...(res.lastKey ? { lastKey: res.lastKey } : {}) };
  }

  /**
   * Writes the changes and their audit entries in one transaction in `homeRegion`, each change on
   * the condition that its record is as it was read. Refused with a conflict if any changed since.
   */
  async write(
    homeRegion: string,
    changes: readonly Change[],
    audit: readonly AuditEntry[],
    opts: { by?: string } = {},
  ): Promise<void> {
    if (changes.length === 0 && audit.length === 0) return;
    const table = await this.deps.writerFor(homeRegion);
    const items: TransactItem[] = changes.map((c) =>
      c.update
        ? {
            update: {
              key: c.key,
              homeRegion,
              expression: c.update.expression,
              ...(c.update.names ? { names: c.update.names } : {}),
              ...(c.update.values ? { values: c.update.values } : {}),
            },
            condition: c.update.condition,
          }
        : c.remove
          ? { delete: { key: c.key, homeRegion }, condition: unchangedSince(c.read) }
          : {
              put: {
                ...c.put,
                ...c.key,
                ...(c.type ? { type: c.type } : {}),
                homeRegion,
                revision: (revisionOf(c.read) ?? 0) + 1,
                updatedAt: audit[0]?.at ?? new Date().toISOString(),
                ...(opts.by ? { updatedBy: opts.by } : {}),
              },
              condition: unchangedSince(c.read),
            },
    );
    for (const entry of audit)
      items.push({
        put: {
          ...keys.audit(entry.entity, entry.entityId, entry.at, this.deps.newId()),
          type: 'AuditEntry',
          homeRegion,
          ...entry,
        },
        condition: { expression: 'attribute_not_exists(pk)' },
      });
    if (items.length > MAX_TRANSACTION_ITEMS)
      throw new Error(
        `a master-data change of ${items.length} items is over DynamoDB's ${MAX_TRANSACTION_ITEMS}`,
      );
    try {
      await table.transact(items);
    } catch (err) {
      if (
        err instanceof TransactionFailedError &&
        err.reasons.some((r) => r.code === 'ConditionalCheckFailed')
      )
        throw new MasterDataError(
          'conflict',
          'the record changed while this request was being made (another change came first); read it again and retry',
        );
      throw err;
    }
  }

  /** The audit trail of one record, oldest first, from this region's replica. */
  async history(entity: string, entityId: string, max = 500): Promise<Attributes[]> {
    return (await this.partition(`AUDIT#${entity}#${entityId}`, { max })).slice(0, max);
  }
}
