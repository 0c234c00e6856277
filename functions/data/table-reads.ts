import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { mapLimited } from '../shared/concurrency.ts';
import type { Attributes, GuardedTable, Key } from './guarded-table.ts';

/**
 * Reads that take more than one request: every page of a Query, and items by key in batches. The
 * repositories and the back-office reads use these rather than a loop of their own.
 */

type QueryInput = Parameters<GuardedTable['query']>[0];

/**
 * Every page of a Query, or the first `max` items: `truncated` says whether more were there. With
 * `max`, each request asks for no more than is still missing.
 */
export async function queryAll<T = Attributes>(
  table: GuardedTable,
  input: QueryInput,
  max = Number.POSITIVE_INFINITY,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: Attributes | undefined;
  do {
    const res = await table.query<T>({ ...input, ExclusiveStartKey: cursor });
    items.push(...res.items);
    cursor = res.lastKey;
  } while (cursor && items.length < max);
  return { items: items.slice(0, max), truncated: cursor !== undefined || items.length > max };
}

/**
 * The items an index query found, read from the table (whole, or only `attributes`), in the
 * index's order; an item deleted since the index was read is left out. The claim indexes carry
 * keys only (table-schema.ts): a query answers where the claims are, and this reads them.
 */
export async function itemsOf<T = Attributes>(
  table: GuardedTable,
  found: readonly Attributes[],
  opts: { consistent?: boolean; attributes?: readonly string[] } = {},
): Promise<T[]> {
  const id = (i: Attributes) => `${String(i.pk)}\u0000${String(i.sk)}`;
  const items = await getMany<Attributes>(
    table,
    found.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })),
    opts.attributes ? { ...opts, attributes: ['pk', 'sk', ...opts.attributes] } : opts,
  );
  const byKey = new Map(items.map((i) => [id(i), i]));
  return found.flatMap((i) => {
    const item = byKey.get(id(i));
    return item ? [item as T] : [];
  });
}

/** BatchGetItem takes at most 100 keys. */
const BATCH_KEYS = 100;
const BATCHES_AT_ONCE = 8;

/**
 * Items by key (missing ones are left out, order not kept): 100 keys per BatchGetItem, a few
 * batches at a time, unprocessed keys sent again. `attributes`: only these (top-level names or
 * paths such as `customer.email`).
 */
export async function getMany<T = Attributes>(
  table: GuardedTable,
  itemKeys: readonly Key[],
  opts: { consistent?: boolean; attributes?: readonly string[] } = {},
): Promise<T[]> {
  const names: Record<string, string> = {};
  const projection = opts.attributes
    ?.map((path) =>
      path
        .split('.')
        .map((part) => {
          const name = `#p${Object.keys(names).length}`;
          names[name] = part;
          return name;
        })
        .join('.'),
    )
    .join(', ');
  const batches = Array.from({ length: Math.ceil(itemKeys.length / BATCH_KEYS) }, (_, b) =>
    itemKeys.slice(b * BATCH_KEYS, (b + 1) * BATCH_KEYS),
  );
  const out: T[] = [];
  await mapLimited(batches, BATCHES_AT_ONCE, async (batch) => {
    let request: Record<string, { Keys: Key[] } & Attributes> | undefined = {
      [table.tableName]: {
        Keys: batch,
        ConsistentRead: opts.consistent ?? false,
        ...(projection ? { ProjectionExpression: projection, ExpressionAttributeNames: names } : {}),
      },
    };
    while (request && Object.keys(request).length > 0) {
      const res = await table.doc.send(new BatchGetCommand({ RequestItems: request }));
      out.push(...((res.Responses?.[table.tableName] ?? []) as T[]));
      request = res.UnprocessedKeys as typeof request;
    }
  });
  return out;
}
