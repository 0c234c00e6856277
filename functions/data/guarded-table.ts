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
import type { RegionOwners } from '../../domain/ports.ts';
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

export class GuardedTable implements RegionOwners {
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
  async ownerOf(homeRegion: string, options: { fresh?: boolean } = {}): Promise<OwnerRecord> {
    const cached = this.owners.get(homeRegion);
    if (!options.fresh && cached && Date.now() - cached.readAt < this.ownerCacheMs) return cached.record;
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
    const attempt = (owner: OwnerRecord) =>
      assertWritable({
        itemHomeRegion: homeRegion,
        writerRegion: this.writerRegion,
        owner,
        itemKey: `${key.pk}/${key.sk}`,
        expectedEpoch: this.expectedEpoch,
      });
    try {
      return attempt(await this.ownerOf(homeRegion));
    } catch (err) {
      if (!(err instanceof ForeignRegionWriteError || err instanceof StaleEpochError)) throw err;
      // Refused only on a fresh read: a record cached from before an evacuation would hand over the
      // runs the region it names has just resumed (under the new epoch) before their first write.
      return attempt(await this.ownerOf(homeRegion, { fresh: true }));
    }
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

  /**
   * The ownership guard for a write of `target` (DESIGN §3), ANDed with the caller's own condition:
   * the item must be absent, or homed in the same region with no newer epoch than the writer's.
   */
  private async guard(target: { key: Key; homeRegion: string }, condition?: Condition) {
    const epoch = await this.epochFor(target.homeRegion, target.key);
    return {
      TableName: this.tableName,
      ConditionExpression: condition ? `${GUARD} AND (${condition.expression})` : GUARD,
      ExpressionAttributeNames: { ...GUARD_NAMES, ...condition?.names },
      ExpressionAttributeValues: { ':cfHome': target.homeRegion, ':cfEpoch': epoch, ...condition?.values },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
  }

  private async putInput(item: TransactPut['put'], condition?: Condition) {
    const guard = await this.guard(
      { key: { pk: item.pk, sk: item.sk }, homeRegion: item.homeRegion },
      condition,
    );
    return { ...guard, Item: { ...item, ownerEpoch: guard.ExpressionAttributeValues[':cfEpoch'] } };
  }

  /** The caller's UpdateExpression (its first clause SET) with the home region and epoch stamped. */
  private async updateInput(update: TransactUpdate['update'], condition?: Condition) {
    if (!/^\s*SET\b/i.test(update.expression)) throw new Error('a guarded update expression starts with SET');
    const guard = await this.guard(update, condition);
    return {
      ...guard,
      Key: update.key,
      UpdateExpression: update.expression.replace(
        /^\s*SET\b/i,
        'SET #cfHome = :cfHome, #cfEpoch = :cfEpoch,',
      ),
      ExpressionAttributeNames: { ...guard.ExpressionAttributeNames, ...update.names },
      ExpressionAttributeValues: { ...guard.ExpressionAttributeValues, ...update.values },
    };
  }

  private async deleteInput(target: TransactDelete['delete'], condition?: Condition) {
    return { ...(await this.guard(target, condition)), Key: target.key };
  }

  /** Sends one guarded write; a failed condition becomes the guard's refusal or the caller's own. */
  private async write<T>(
    target: { key: Key; homeRegion: string },
    input: { ExpressionAttributeValues: Record<string, unknown> },
    send: () => Promise<T>,
  ): Promise<T> {
    try {
      return await send();
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      const epoch = Number(input.ExpressionAttributeValues[':cfEpoch']);
      throw this.guardError(target.key, target.homeRegion, epoch, asPlain((err as { Item?: unknown }).Item));
    }
  }

  /** Puts an item in its home region; `condition` is ANDed with the ownership guard. */
  async put(item: Attributes & Key & { homeRegion: string }, condition?: Condition): Promise<void> {
    const input = await this.putInput(item, condition);
    const target = { key: { pk: item.pk, sk: item.sk }, homeRegion: item.homeRegion };
    await this.write(target, input, () => this.doc.send(new PutCommand(input)));
  }

  /**
   * Updates an item in its home region. `expression` is a full UpdateExpression whose first clause
   * is SET; the guard adds the home region and epoch to it. Returns the item after the update.
   */
  async update(args: TransactUpdate['update'] & { condition?: Condition }): Promise<Attributes> {
    const input = await this.updateInput(args, args.condition);
    const res = await this.write(args, input, () =>
      this.doc.send(new UpdateCommand({ ...input, ReturnValues: 'ALL_NEW' })),
    );
    return res.Attributes ?? {};
  }

  async delete(key: Key, homeRegion: string): Promise<void> {
    const input = await this.deleteInput({ key, homeRegion });
    await this.write({ key, homeRegion }, input, () => this.doc.send(new DeleteCommand(input)));
  }

  /** All-or-nothing writes, every one guarded. Reasons come back per item when it is cancelled. */
  async transact(items: TransactItem[]): Promise<void> {
    const wire = await Promise.all(
      items.map(async (t) => {
        if ('put' in t) return { Put: await this.putInput(t.put, t.condition) };
        if ('update' in t) return { Update: await this.updateInput(t.update, t.condition) };
        if ('delete' in t) return { Delete: await this.deleteInput(t.delete, t.condition) };
        const { expression, names, values } = t.check.condition;
        return {
          ConditionCheck: {
            TableName: this.tableName,
            Key: t.check.key,
            ConditionExpression: expression,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
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
