import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  assertWritable,
  ForeignRegionWriteError,
  type OwnerRecord,
  StaleEpochError,
} from '../../domain/region.ts';

/**
 * Every write to the global table goes through here (DESIGN §3: single writer per item).
 *
 * Global tables settle concurrent writes by last-writer-wins and conditions see only the local
 * copy, so an item is only ever written in its home region. Before sending, the guard checks the
 * home region's owner record (which region writes for it now, at which epoch); the write itself
 * carries a condition that the stored item has the same home region and no newer epoch, so a
 * stale writer (a region that lost ownership in a failover) cannot overwrite newer data either.
 */

export type Key = { pk: string; sk: string };
export type Attributes = Record<string, unknown>;

export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** The caller's own condition failed (not the ownership guard): `current` is the stored item. */
export class ConditionFailedError extends Error {
  constructor(
    readonly key: Key,
    readonly current: Attributes | undefined,
  ) {
    super(`condition failed on ${key.pk}/${key.sk}`);
    this.name = 'ConditionFailedError';
  }
}

export interface TransactPut {
  put: Attributes & Key & { homeRegion: string };
  condition?: Condition;
}
export interface TransactUpdate {
  update: {
    key: Key;
    homeRegion: string;
    expression: string;
    names?: Record<string, string>;
    values?: Record<string, unknown>;
  };
  condition?: Condition;
}
export interface TransactCheck {
  check: { key: Key; condition: Condition };
}
export interface TransactDelete {
  delete: { key: Key; homeRegion: string };
  condition?: Condition;
}
export type TransactItem = TransactPut | TransactUpdate | TransactDelete | TransactCheck;

export class TransactionFailedError extends Error {
  constructor(readonly reasons: { code: string; item?: Attributes }[]) {
    super(`transaction cancelled: ${reasons.map((r) => r.code).join(', ')}`);
    this.name = 'TransactionFailedError';
  }
}

export const ownerRecordKey = (homeRegion: string): Key => ({ pk: `REGION#${homeRegion}`, sk: 'OWNER' });

const GUARD =
  '(attribute_not_exists(pk) OR (#cfHome = :cfHome AND (attribute_not_exists(#cfEpoch) OR #cfEpoch <= :cfEpoch)))';
const GUARD_NAMES = { '#cfHome': 'homeRegion', '#cfEpoch': 'ownerEpoch' };

function asPlain(item: unknown): Attributes | undefined {
  if (!item || typeof item !== 'object') return undefined;
  // Errors carry the stored item in wire format (AttributeValues); results are already plain.
  const values = Object.values(item as Record<string, unknown>);
  const wire =
    values.length > 0 &&
    values.every(
      (v) =>
        v &&
        typeof v === 'object' &&
        Object.keys(v).length === 1 &&
        /^(S|N|B|SS|NS|BS|M|L|NULL|BOOL)$/.test(Object.keys(v)[0]!),
    );
  return wire ? unmarshall(item as never) : (item as Attributes);
}

export interface GuardedTableOptions {
  /** How long an owner record read is trusted (the failover runbook waits longer than this). */
  ownerCacheMs?: number;
  /**
   * The epoch the caller works under (a workflow execution's `-e<epoch>`): when ownership moved
   * since, every write is refused with StaleEpochError.
   */
  expectedEpoch?: number;
  /** Shared owner-record cache (one per container); a private one when omitted. */
  ownerCache?: Map<string, { record: OwnerRecord; readAt: number }>;
}

export class GuardedTable {
  private readonly owners: Map<string, { record: OwnerRecord; readAt: number }>;
  private readonly ownerCacheMs: number;
  private readonly expectedEpoch: number | undefined;

  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    readonly writerRegion: string,
    options: GuardedTableOptions | number = {},
  ) {
    const opts = typeof options === 'number' ? { ownerCacheMs: options } : options;
    this.ownerCacheMs = opts.ownerCacheMs ?? 5_000;
    this.expectedEpoch = opts.expectedEpoch;
    this.owners = opts.ownerCache ?? new Map();
  }

  /** The same table, for work done under a given ownership epoch (sharing the owner cache). */
  withEpoch(epoch: number | undefined): GuardedTable {
    return new GuardedTable(this.doc, this.tableName, this.writerRegion, {
      ownerCacheMs: this.ownerCacheMs,
      expectedEpoch: epoch,
      ownerCache: this.owners,
    });
  }

  /** The owner record of a home region: who writes its items now, at which epoch. */
  async ownerOf(homeRegion: string): Promise<OwnerRecord> {
    const cached = this.owners.get(homeRegion);
    if (cached && Date.now() - cached.readAt < this.ownerCacheMs) return cached.record;
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: ownerRecordKey(homeRegion) }),
    );
    // A region nobody has failed over yet writes its own items at epoch 1.
    const record: OwnerRecord = res.Item
      ? { homeRegion, writerRegion: String(res.Item.writerRegion), epoch: Number(res.Item.epoch) }
      : { homeRegion, writerRegion: homeRegion, epoch: 1 };
    this.owners.set(homeRegion, { record, readAt: Date.now() });
    return record;
  }

  forgetOwners(): void {
    this.owners.clear();
  }

  private async epochFor(homeRegion: string, key: Key): Promise<number> {
    const owner = await this.ownerOf(homeRegion);
    return assertWritable({
      itemHomeRegion: homeRegion,
      writerRegion: this.writerRegion,
      owner,
      itemKey: `${key.pk}/${key.sk}`,
    });
  }

  private guardError(key: Key, homeRegion: string, epoch: number, current: Attributes | undefined): Error {
    if (current && current.homeRegion !== undefined && current.homeRegion !== homeRegion) {
      return new ForeignRegionWriteError(
        String(current.homeRegion),
        this.writerRegion,
        `${key.pk}/${key.sk}`,
      );
    }
    if (current && typeof current.ownerEpoch === 'number' && current.ownerEpoch > epoch) {
      return new StaleEpochError(homeRegion, epoch, current.ownerEpoch);
    }
    return new ConditionFailedError(key, current);
  }

  async get<T = Attributes>(key: Key, consistent = false): Promise<T | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent }),
    );
    return res.Item as T | undefined;
  }

  async query<T = Attributes>(
    input: Omit<QueryCommandInput, 'TableName'>,
  ): Promise<{ items: T[]; lastKey?: Attributes }> {
    const res = await this.doc.send(new QueryCommand({ ...input, TableName: this.tableName }));
    return { items: (res.Items ?? []) as T[], lastKey: res.LastEvaluatedKey };
  }

  /** Puts an item in its home region; `condition` is ANDed with the ownership guard. */
  async put(item: Attributes & Key & { homeRegion: string }, condition?: Condition): Promise<void> {
    const key = { pk: item.pk, sk: item.sk };
    const epoch = await this.epochFor(item.homeRegion, key);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...item, ownerEpoch: epoch },
          ConditionExpression: condition ? `${GUARD} AND (${condition.expression})` : GUARD,
          ExpressionAttributeNames: { ...GUARD_NAMES, ...condition?.names },
          ExpressionAttributeValues: { ':cfHome': item.homeRegion, ':cfEpoch': epoch, ...condition?.values },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') {
        throw this.guardError(key, item.homeRegion, epoch, asPlain((err as { Item?: unknown }).Item));
      }
      throw err;
    }
  }

  /**
   * Updates an item in its home region. `expression` is a full UpdateExpression whose first clause
   * is SET; the guard adds the home region and epoch to it. Returns the item after the update.
   */
  async update(args: {
    key: Key;
    homeRegion: string;
    expression: string;
    names?: Record<string, string>;
    values?: Record<string, unknown>;
    condition?: Condition;
  }): Promise<Attributes> {
    const epoch = await this.epochFor(args.homeRegion, args.key);
    try {
      const res = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: args.key,
          ...this.updateParts(args, epoch),
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return res.Attributes ?? {};
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') {
        throw this.guardError(args.key, args.homeRegion, epoch, asPlain((err as { Item?: unknown }).Item));
      }
      throw err;
    }
  }

  private updateParts(
    args: {
      expression: string;
      names?: Record<string, string>;
      values?: Record<string, unknown>;
      homeRegion: string;
      condition?: Condition;
    },
    epoch: number,
  ) {
    if (!/^\s*SET\b/i.test(args.expression)) throw new Error('a guarded update expression starts with SET');
    return {
      UpdateExpression: args.expression.replace(/^\s*SET\b/i, 'SET #cfHome = :cfHome, #cfEpoch = :cfEpoch,'),
      ConditionExpression: args.condition ? `${GUARD} AND (${args.condition.expression})` : GUARD,
      ExpressionAttributeNames: { ...GUARD_NAMES, ...args.names, ...args.condition?.names },
      ExpressionAttributeValues: {
        ':cfHome': args.homeRegion,
        ':cfEpoch': epoch,
        ...args.values,
        ...args.condition?.values,
      },
    };
  }

  async delete(key: Key, homeRegion: string): Promise<void> {
    const epoch = await this.epochFor(homeRegion, key);
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: GUARD,
          ExpressionAttributeNames: GUARD_NAMES,
          ExpressionAttributeValues: { ':cfHome': homeRegion, ':cfEpoch': epoch },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') {
        throw this.guardError(key, homeRegion, epoch, asPlain((err as { Item?: unknown }).Item));
      }
      throw err;
    }
  }

  /** All-or-nothing writes, every one guarded. Reasons come back per item when it is cancelled. */
  async transact(items: TransactItem[]): Promise<void> {
    const wire = await Promise.all(
      items.map(async (t) => {
        if ('put' in t) {
          const epoch = await this.epochFor(t.put.homeRegion, t.put);
          return {
            Put: {
              TableName: this.tableName,
              Item: { ...t.put, ownerEpoch: epoch },
              ConditionExpression: t.condition ? `${GUARD} AND (${t.condition.expression})` : GUARD,
              ExpressionAttributeNames: { ...GUARD_NAMES, ...t.condition?.names },
              ExpressionAttributeValues: {
                ':cfHome': t.put.homeRegion,
                ':cfEpoch': epoch,
                ...t.condition?.values,
              },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
            },
          };
        }
        if ('update' in t) {
          const epoch = await this.epochFor(t.update.homeRegion, t.update.key);
          return {
            Update: {
              TableName: this.tableName,
              Key: t.update.key,
              ...this.updateParts({ ...t.update, condition: t.condition }, epoch),
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
            },
          };
        }
        if ('delete' in t) {
          const epoch = await this.epochFor(t.delete.homeRegion, t.delete.key);
          return {
            Delete: {
              TableName: this.tableName,
              Key: t.delete.key,
              ConditionExpression: t.condition ? `${GUARD} AND (${t.condition.expression})` : GUARD,
              ExpressionAttributeNames: { ...GUARD_NAMES, ...t.condition?.names },
              ExpressionAttributeValues: {
                ':cfHome': t.delete.homeRegion,
                ':cfEpoch': epoch,
                ...t.condition?.values,
              },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
            },
          };
        }
        return {
          ConditionCheck: {
            TableName: this.tableName,
            Key: t.check.key,
            ConditionExpression: t.check.condition.expression,
            ExpressionAttributeNames: t.check.condition.names,
            ExpressionAttributeValues: t.check.condition.values,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
          },
        };
      }),
    );
    // Two transactions on one item at the same moment: DynamoDB cancels one with
    // TransactionConflict; it is safe to send again (nothing was written).
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: wire }));
        return;
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'TransactionCanceledException') {
          const reasons = (
            (err as { CancellationReasons?: { Code?: string; Item?: unknown }[] }).CancellationReasons ?? []
          ).map((r) => ({ code: r.Code ?? 'None', item: asPlain(r.Item) }));
          const conflict = reasons.some((r) => r.code === 'TransactionConflict');
          if (conflict && !reasons.some((r) => r.code === 'ConditionalCheckFailed') && attempt < 10) {
            await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
            continue;
          }
          throw new TransactionFailedError(reasons);
        }
        if (name === 'TransactionInProgressException' && attempt < 10) continue;
        throw err;
      }
    }
  }
}
