import { mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLICATION_STAMP_ATTRIBUTE } from '../../functions/data/table-schema.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local.ts';
import { LOCAL_ACCESS_KEY } from '../../local/dynamodb/dynamodb-local-connection.ts';
import { type ReplicatingProxy, startReplicatingProxy } from '../../local/dynamodb/replicating-proxy.ts';
import { ensureTables } from '../../local/dynamodb/tables.ts';

/**
 * The replicating proxy's own accounting, on a DynamoDB Local and a proxy of its own (the shared
 * test runtime has workflows writing in the background, which would blur the counts), and the
 * SQLite files DynamoDB Local keeps on disk.
 */
const REGIONS = ['ap-south-1', 'eu-central-1', 'ap-northeast-1'];
const [SOUTH, EUROPE, NORTHEAST] = REGIONS as [string, string, string];
const TABLES = { global: 'claimflow', regional: 'claimflow-regional' };

let dataDir: string;
let ddb: DynamoDbLocal;
let proxy: ReplicatingProxy;
const docs = new Map<string, DynamoDBDocumentClient>();
const doc = (region: string) => docs.get(region)!;
const read = async (region: string, key: Record<string, string>) =>
  (await doc(region).send(new GetCommand({ TableName: TABLES.global, Key: key, ConsistentRead: true }))).Item;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'claimflow-proxy-'));
  ddb = await startDynamoDbLocal({
    dataDir: join(dataDir, 'dynamodb'),
    databases: { accessKey: LOCAL_ACCESS_KEY, regions: REGIONS },
  });
  proxy = await startReplicatingProxy({
    backendUrl: ddb.url,
    regions: REGIONS,
    globalTable: TABLES.global,
    keyAttributes: ['pk', 'sk'],
    stampAttribute: REPLICATION_STAMP_ATTRIBUTE,
    lagMs: 50,
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
});

afterAll(async () => {
  for (const d of docs.values()) d.destroy();
  await proxy?.stop();
  await ddb?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

let n = 0;
const newKey = (label: string) => ({ pk: `TEST#${label}-${++n}`, sk: 'ITEM' });

/** A client of its own in `region` (as another Lambda container would have), through `endpoint`. */
const clientAt = (endpoint: string, region = SOUTH) =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({ region, endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
  );
const setStatus = (key: Record<string, string>, status: string, extra: { ReturnValues?: 'ALL_OLD' } = {}) =>
  new UpdateCommand({
    TableName: TABLES.global,
    Key: key,
    UpdateExpression: 'SET #s = :s',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':s': status },
    ...extra,
  });
const increment = (key: Record<string, string>) =>
  new UpdateCommand({
    TableName: TABLES.global,
    Key: key,
    UpdateExpression: 'SET #c = #c + :one',
    ExpressionAttributeNames: { '#c': 'count' },
    ExpressionAttributeValues: { ':one': 1 },
  });

describe('the replicating proxy', () => {
  it('replicates a put from the request itself, reading nothing back', async () => {
    const key = newKey('put');
    const before = proxy.state();
    await doc(SOUTH).send(new PutCommand({ TableName: TABLES.global, Item: { ...key, note: 'नेपाल' } }));
    await proxy.settled();
    const after = proxy.state();
    expect(after.replicationReads - before.replicationReads).toBe(0);
    expect(after.replicationWrites - before.replicationWrites).toBe(2);
    const original = await read(SOUTH, key);
    expect(original?.[REPLICATION_STAMP_ATTRIBUTE]).toBeDefined();
    for (const region of [EUROPE, NORTHEAST]) expect(await read(region, key)).toEqual(original);
  });

  it('replicates an update from the item DynamoDB returns, and gives the client no attributes it did not ask for', async () => {
    const key = newKey('update');
    await doc(SOUTH).send(new PutCommand({ TableName: TABLES.global, Item: { ...key, status: 'RECEIVED' } }));
    await proxy.settled();
    const before = proxy.state();
    const answer = await doc(SOUTH).send(setStatus(key, 'APPROVED'));
    expect(answer.Attributes).toBeUndefined();
    await proxy.settled();
    expect(proxy.state().replicationReads - before.replicationReads).toBe(0);
    for (const region of [EUROPE, NORTHEAST]) expect(await read(region, key)).toEqual(await read(SOUTH, key));
  });

  it('answers an update that asks for the old item with the old item, and replicates the new one', async () => {
    const key = newKey('update-old');
    await doc(SOUTH).send(new PutCommand({ TableName: TABLES.global, Item: { ...key, status: 'RECEIVED' } }));
    const answer = await doc(SOUTH).send(setStatus(key, 'APPROVED', { ReturnValues: 'ALL_OLD' }));
    expect(answer.Attributes).toMatchObject({ status: 'RECEIVED' });
    await proxy.settled();
    for (const region of [EUROPE, NORTHEAST])
      expect(await read(region, key)).toMatchObject({ status: 'APPROVED' });
  });

  it("reads a transaction's update back once for both other regions", async () => {
    const key = newKey('transact');
    await doc(SOUTH).send(new PutCommand({ TableName: TABLES.global, Item: { ...key, status: 'RECEIVED' } }));
    await proxy.settled();
    const before = proxy.state();
    await doc(SOUTH).send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLES.global,
              Key: key,
              UpdateExpression: 'SET #s = :s',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':s': 'SETTLED' },
            },
          },
        ],
      }),
    );
    await proxy.settled();
    expect(proxy.state().replicationReads - before.replicationReads).toBe(1);
    for (const region of [EUROPE, NORTHEAST])
      expect(await read(region, key)).toMatchObject({ status: 'SETTLED' });
  });

  it('delivers only the newest of several writes of one item waiting for a region', async () => {
    proxy.setLag(300);
    try {
      const key = newKey('superseded');
      const before = proxy.state();
      for (const version of [1, 2, 3])
        await doc(SOUTH).send(new PutCommand({ TableName: TABLES.global, Item: { ...key, version } }));
      await proxy.settled();
      const after = proxy.state();
      // The two older versions, for each of the two other regions, are dropped unwritten.
      expect(after.superseded - before.superseded).toBe(4);
      expect(after.replicationWrites - before.replicationWrites).toBe(2);
      for (const region of [EUROPE, NORTHEAST]) expect(await read(region, key)).toMatchObject({ version: 3 });
    } finally {
      proxy.setLag(50);
    }
  });

  it('leaves every replica with the last write of items that many clients update at once', async () => {
    // Prepare: six counters; three clients, as three Lambda containers would be.
    const counters = Array.from({ length: 6 }, () => newKey('counter'));
    for (const key of counters)
      await doc(SOUTH).send(new PutCommand({ TableName: TABLES.global, Item: { ...key, count: 0 } }));
    const clients = [0, 1, 2].map(() => clientAt(proxy.url));
    // Act: 150 concurrent increments of each; each answer is the item as that update left it.
    await Promise.all(
      counters.flatMap((key) => Array.from({ length: 150 }, (_, i) => clients[i % 3]!.send(increment(key)))),
    );
    for (const c of clients) c.destroy();
    await proxy.settled();
    // Assess: the newest stamp carries the last item DynamoDB wrote, in every region.
    for (const key of counters) {
      const source = await read(SOUTH, key);
      expect(source).toMatchObject({ count: 150 });
      for (const region of [EUROPE, NORTHEAST]) expect(await read(region, key)).toEqual(source);
    }
  });

  it('sends the writes of one item to DynamoDB Local one at a time, in the order of their stamps', async () => {
    // Prepare: a second proxy whose database link is tapped (and slowed by 5 ms) to see what arrives.
    const arrivals: { stamp: string; inFlight: number }[] = [];
    let inFlight = 0;
    const tap = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks);
        const stamp = String(req.headers['x-amz-target']).endsWith('UpdateItem')
          ? JSON.parse(body.toString()).ExpressionAttributeValues?.[':cfReplicatedAt']?.S
          : undefined;
        if (stamp) arrivals.push({ stamp, inFlight: ++inFlight });
        await new Promise((r) => setTimeout(r, 5));
        const answer = await fetch(ddb.url, {
          method: 'POST',
          headers: Object.fromEntries(
            Object.entries(req.headers).filter(([h]) => h !== 'host' && h !== 'content-length'),
          ) as Record<string, string>,
          body,
        });
        if (stamp) inFlight--;
        const text = Buffer.from(await answer.arrayBuffer());
        res.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? '',
          'content-length': text.length,
        });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => tap.listen(0, '127.0.0.1', resolve));
    const tapped = await startReplicatingProxy({
      backendUrl: `http://127.0.0.1:${(tap.address() as AddressInfo).port}`,
      regions: REGIONS,
      globalTable: TABLES.global,
      keyAttributes: ['pk', 'sk'],
      stampAttribute: REPLICATION_STAMP_ATTRIBUTE,
      lagMs: 50,
    });
    const client = clientAt(tapped.url);
    try {
      const key = newKey('one-at-a-time');
      await client.send(new PutCommand({ TableName: TABLES.global, Item: { ...key, count: 0 } }));
      // Act: 30 updates of the item at once.
      await Promise.all(Array.from({ length: 30 }, () => client.send(increment(key))));
      await tapped.settled();
      // Assess
      expect(arrivals).toHaveLength(30);
      expect(Math.max(...arrivals.map((a) => a.inFlight))).toBe(1);
      const stamps = arrivals.map((a) => a.stamp);
      expect(stamps).toEqual([...stamps].sort());
      for (const region of [EUROPE, NORTHEAST]) expect(await read(region, key)).toMatchObject({ count: 30 });
    } finally {
      client.destroy();
      await tapped.stop();
      await new Promise((resolve) => tap.close(resolve));
    }
  });

  it('keeps replicating an item written more often than the lag while its writes go on', async () => {
    proxy.setLag(100);
    try {
      const key = newKey('hot');
      let version = 0;
      const writeUntil = Date.now() + 700;
      let seenWhileWriting: Record<string, unknown> | undefined;
      while (Date.now() < writeUntil) {
        version += 1;
        await doc(SOUTH).send(new PutCommand({ TableName: TABLES.global, Item: { ...key, version } }));
        if (Date.now() > writeUntil - 200) seenWhileWriting ??= await read(EUROPE, key);
        await new Promise((r) => setTimeout(r, 5));
      }
      // A newer version was always queued: the target still got one before the writes stopped.
      expect(seenWhileWriting?.version).toBeGreaterThan(1);
      await proxy.settled();
      for (const region of [EUROPE, NORTHEAST]) expect(await read(region, key)).toMatchObject({ version });
    } finally {
      proxy.setLag(50);
    }
  });

  it('does not resurrect an item deleted after a put that was still waiting', async () => {
    proxy.setLag(200);
    try {
      const key = newKey('deleted');
      await doc(SOUTH).send(new PutCommand({ TableName: TABLES.global, Item: { ...key, version: 1 } }));
      await doc(SOUTH).send(
        new TransactWriteCommand({ TransactItems: [{ Delete: { TableName: TABLES.global, Key: key } }] }),
      );
      await proxy.settled();
      for (const region of REGIONS) expect(await read(region, key)).toBeUndefined();
    } finally {
      proxy.setLag(50);
    }
  });
});

describe("DynamoDB Local's files", () => {
  it('keeps every region in a SQLite database in WAL mode', () => {
    for (const region of REGIONS) {
      const fd = openSync(join(dataDir, 'dynamodb', `${LOCAL_ACCESS_KEY}_${region}.db`), 'r');
      const versions = Buffer.alloc(2);
      readSync(fd, versions, 0, 2, 18);
      // Header bytes 18 and 19: 2 = WAL (1 = rollback journal).
      expect([...versions]).toEqual([2, 2]);
    }
  });
});
