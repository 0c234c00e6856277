import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLICATION_STAMP_ATTRIBUTE } from '../../functions/data/table-schema.ts';
import { type CapacityLine, capacityBetween } from '../../local/dynamodb/capacity-meter.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local.ts';
import { LOCAL_ACCESS_KEY } from '../../local/dynamodb/dynamodb-local-connection.ts';
import { type ReplicatingProxy, startReplicatingProxy } from '../../local/dynamodb/replicating-proxy.ts';
import { ensureTables } from '../../local/dynamodb/tables.ts';

/**
 * The proxy's capacity meter (`npm run bench cost`) on a DynamoDB Local and a proxy of its own: the
 * units DynamoDB would bill, taken from DynamoDB Local's ConsumedCapacity, and the clients' answers
 * unchanged.
 */
const REGIONS = ['ap-south-1', 'eu-central-1', 'ap-northeast-1'];
const [SOUTH, EUROPE, NORTHEAST] = REGIONS as [string, string, string];
const TABLES = { global: 'claimflow', regional: 'claimflow-regional' };
// About 2.6 KB with its keys and stamp: 3 write units, 1 read unit.
const PAYLOAD = 'x'.repeat(2500);

let dataDir: string;
let ddb: DynamoDbLocal;
let proxy: ReplicatingProxy;
const docs = new Map<string, DynamoDBDocumentClient>();
const doc = (region: string) => docs.get(region)!;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'claimflow-meter-'));
  ddb = await startDynamoDbLocal({ databases: { accessKey: LOCAL_ACCESS_KEY, regions: REGIONS } });
  proxy = await startReplicatingProxy({
    backendUrl: ddb.url,
    regions: REGIONS,
    globalTable: TABLES.global,
    keyAttributes: ['pk', 'sk'],
    stampAttribute: REPLICATION_STAMP_ATTRIBUTE,
    lagMs: 20,
    meterCapacity: true,
  });
  for (const region of REGIONS) {
    const raw = new DynamoDBClient({
      region,
      endpoint: proxy.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await ensureTables(raw, TABLES);
    docs.set(region, DynamoDBDocumentClient.from(raw));
  }
}, 60_000);

afterAll(async () => {
  for (const d of docs.values()) d.destroy();
  await proxy?.stop();
  await ddb?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The units one act consumed, once replication has settled, as `region/kind/index` → units. */
async function unitsOf(act: () => Promise<unknown>): Promise<Record<string, number>> {
  await proxy.settled();
  const before = proxy.capacity();
  await act();
  await proxy.settled();
  return Object.fromEntries(
    capacityBetween(before, proxy.capacity()).map((l: CapacityLine) => [
      `${l.region}/${l.table === TABLES.global ? '' : `${l.table}/`}${l.kind}${l.index ? `/${l.index}` : ''}`,
      l.units,
    ]),
  );
}

/** An item in byPart, an index that carries every attribute: it is billed at the item's size. */
const stockItem = (id: string) => ({
  pk: `STOCK#${id}`,
  sk: 'STOCK',
  gsi4pk: `PART#${id}`,
  gsi4sk: `${SOUTH}#WH-${id}`,
  payload: PAYLOAD,
});

/** A claim in byStatus, an index that carries its keys and a few small attributes only. */
const claimItem = (id: string) => ({
  pk: `CLAIM#${id}`,
  sk: 'CLAIM',
  claimId: id,
  gsi2pk: `STATUS#${SOUTH}#RECEIVED`,
  gsi2sk: `2026-12-06T00:00:00Z#${id}`,
  payload: PAYLOAD,
});

describe('the capacity meter of the replicating proxy', () => {
  it('bills a put where it is written, its index there and in every replica, and a replicated write per replica', async () => {
    let answer: Record<string, unknown> = {};
    const units = await unitsOf(async () => {
      answer = await doc(SOUTH).send(new PutCommand({ TableName: TABLES.global, Item: stockItem('a') }));
    });

    expect(answer.ConsumedCapacity).toBeUndefined();
    expect(units).toEqual({
      [`${SOUTH}/write`]: 3,
      [`${SOUTH}/write/byPart`]: 3,
      [`${EUROPE}/replicatedWrite`]: 3,
      [`${EUROPE}/write/byPart`]: 3,
      [`${NORTHEAST}/replicatedWrite`]: 3,
      [`${NORTHEAST}/write/byPart`]: 3,
      // What the local replicator wrote, beside: the same.
      [`${EUROPE}/replicaApplied`]: 3,
      [`${NORTHEAST}/replicaApplied`]: 3,
    });
  });

  it('bills a change of an index key as a delete and a put in the index', async () => {
    await doc(SOUTH).send(new PutCommand({ TableName: TABLES.global, Item: stockItem('b') }));

    const units = await unitsOf(() =>
      doc(SOUTH).send(
        new UpdateCommand({
          TableName: TABLES.global,
          Key: { pk: 'STOCK#b', sk: 'STOCK' },
          UpdateExpression: 'SET gsi4sk = :s',
          ExpressionAttributeValues: { ':s': `${EUROPE}#WH-b` },
        }),
      ),
    );

    expect(units[`${SOUTH}/write`]).toBe(3);
    expect(units[`${SOUTH}/write/byPart`]).toBe(6);
    expect(units[`${EUROPE}/replicatedWrite`]).toBe(3);
  });

  it('bills an index that carries keys only at 1 KB, and not at all for a change it does not carry (issue 18)', async () => {
    const put = await unitsOf(() =>
      doc(SOUTH).send(new PutCommand({ TableName: TABLES.global, Item: claimItem('k') })),
    );
    expect(put[`${SOUTH}/write`]).toBe(3);
    expect(put[`${SOUTH}/write/byStatus`]).toBe(1);

    const change = await unitsOf(() =>
      doc(SOUTH).send(
        new UpdateCommand({
          TableName: TABLES.global,
          Key: { pk: 'CLAIM#k', sk: 'CLAIM' },
          UpdateExpression: 'SET note = :n',
          ExpressionAttributeValues: { ':n': 'a change byStatus does not carry' },
        }),
      ),
    );
    expect(change[`${SOUTH}/write`]).toBe(3);
    expect(change[`${SOUTH}/write/byStatus`]).toBeUndefined();
  });

  it('doubles a transaction where it is written and replicates it as ordinary writes', async () => {
    const units = await unitsOf(() =>
      doc(EUROPE).send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: TABLES.global, Item: { pk: 'STOCK#c', sk: 'STOCK', payload: PAYLOAD } } },
            { Put: { TableName: TABLES.regional, Item: { pk: 'TOKEN#c', sk: 'TOKEN' } } },
          ],
        }),
      ),
    );

    expect(units).toMatchObject({
      [`${EUROPE}/write`]: 6,
      [`${EUROPE}/${TABLES.regional}/write`]: 2,
      [`${SOUTH}/replicatedWrite`]: 3,
      [`${NORTHEAST}/replicatedWrite`]: 3,
    });
    // The regional table has no replicas.
    expect(units[`${SOUTH}/${TABLES.regional}/replicatedWrite`]).toBeUndefined();
  });

  it('bills each item of a batch write, and replicates each', async () => {
    const units = await unitsOf(() =>
      doc(SOUTH).send(
        new BatchWriteCommand({
          RequestItems: {
            [TABLES.global]: [
              { PutRequest: { Item: { pk: 'PART#f1', sk: 'PART', payload: PAYLOAD } } },
              { PutRequest: { Item: { pk: 'PART#f2', sk: 'PART', payload: PAYLOAD } } },
            ],
          },
        }),
      ),
    );

    expect(units).toEqual({
      [`${SOUTH}/write`]: 6,
      [`${EUROPE}/replicatedWrite`]: 6,
      [`${NORTHEAST}/replicatedWrite`]: 6,
      [`${EUROPE}/replicaApplied`]: 6,
      [`${NORTHEAST}/replicaApplied`]: 6,
    });
  });

  it('counts a write refused by its condition, and the client still gets the refusal', async () => {
    await doc(SOUTH).send(new PutCommand({ TableName: TABLES.global, Item: claimItem('d') }));
    let refusal: unknown;

    const units = await unitsOf(() =>
      doc(SOUTH)
        .send(
          new PutCommand({
            TableName: TABLES.global,
            Item: claimItem('d'),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        .catch((e: unknown) => {
          refusal = e;
        }),
    );

    expect((refusal as Error).name).toBe('ConditionalCheckFailedException');
    expect(units).toEqual({ [`${SOUTH}/refusedWrite`]: 1 });
  });

  it('bills an eventually consistent read half a unit, and leaves the figures to a client that asked', async () => {
    await doc(NORTHEAST).send(new PutCommand({ TableName: TABLES.global, Item: claimItem('e') }));
    let answer: Record<string, unknown> = {};

    const units = await unitsOf(async () => {
      await doc(NORTHEAST).send(
        new GetCommand({ TableName: TABLES.global, Key: { pk: 'CLAIM#e', sk: 'CLAIM' } }),
      );
      answer = await doc(NORTHEAST).send(
        new GetCommand({
          TableName: TABLES.global,
          Key: { pk: 'CLAIM#e', sk: 'CLAIM' },
          ConsistentRead: true,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
    });

    expect(units).toEqual({ [`${NORTHEAST}/read`]: 1.5 });
    expect(answer.ConsumedCapacity).toEqual({ TableName: TABLES.global, CapacityUnits: 1 });
    expect((answer.Item as { payload: string }).payload).toBe(PAYLOAD);
  });
});
