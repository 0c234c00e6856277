import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ForeignRegionWriteError, StaleEpochError } from '../../domain/region.ts';
import { GuardedTable } from '../../functions/data/guarded-table.ts';
import { keys } from '../../functions/data/keys.ts';
import { eventually, localAws } from '../support/local-aws.ts';

const aws = localAws();
const [SOUTH, EUROPE, NORTHEAST] = ['ap-south-1', 'eu-central-1', 'ap-northeast-1'] as const;
const PRIMARY = NORTHEAST;
const testKey = (label: string) => ({ pk: `TEST#${label}-${randomUUID()}`, sk: 'ITEM' });
const read = (region: string, key: { pk: string; sk: string }) => aws.table(region).get(key, true);

afterEach(async () => {
  // Every test leaves the simulated network as it found it.
  await aws.network.set({ lagMs: 50, resume: [SOUTH, EUROPE], up: SOUTH });
  await aws.network.set({ up: EUROPE });
});

describe('the global table on DynamoDB Local, one database per region', () => {
  it('round-trips an item written in each region in that region', async () => {
    for (const region of aws.regions) {
      const key = testKey('roundtrip');
      await aws
        .table(region)
        .put({ ...key, homeRegion: region, note: `written in ${region}`, amountMinor: 12_345 });
      const item = await read(region, key);
      expect(item).toMatchObject({
        note: `written in ${region}`,
        amountMinor: 12_345,
        homeRegion: region,
        ownerEpoch: 1,
      });
    }
  });

  it('keeps the regions apart: an item written in one region is not in another before replication', async () => {
    await aws.network.set({ lagMs: 2_000 });
    const key = testKey('apart');
    await aws.table(SOUTH).put({ ...key, homeRegion: SOUTH });
    expect(await read(SOUTH, key)).toBeDefined();
    expect(await read(EUROPE, key)).toBeUndefined();
    expect(await read(NORTHEAST, key)).toBeUndefined();
  });
});

describe('the ownership guard', () => {
  it('refuses a write from a region that does not own the item, says which region does, and writes nothing', async () => {
    const key = testKey('foreign');
    await expect(
      aws.table(EUROPE).put({ ...key, homeRegion: SOUTH, note: 'from Frankfurt' }),
    ).rejects.toMatchObject({
      name: 'ForeignRegionWriteError',
      ownerRegion: SOUTH,
      writerRegion: EUROPE,
    });
    await aws.network.settled();
    for (const region of aws.regions) expect(await read(region, key)).toBeUndefined();
  });

  it('refuses a foreign update of a replicated item and leaves every copy unchanged', async () => {
    const key = testKey('foreign-update');
    await aws.table(SOUTH).put({ ...key, homeRegion: SOUTH, status: 'RECEIVED' });
    await eventually(() => read(EUROPE, key), 5_000, 'replica in eu-central-1');
    const err = await aws
      .table(EUROPE)
      .update({
        key,
        homeRegion: SOUTH,
        expression: 'SET #s = :s',
        names: { '#s': 'status' },
        values: { ':s': 'APPROVED' },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForeignRegionWriteError);
    expect((err as ForeignRegionWriteError).message).toContain('owned by ap-south-1');
    await aws.network.settled();
    for (const region of aws.regions) expect(await read(region, key)).toMatchObject({ status: 'RECEIVED' });
  });

  it('refuses a writer that claims another home region than the stored item has', async () => {
    const key = testKey('lying-writer');
    await aws.table(SOUTH).put({ ...key, homeRegion: SOUTH, status: 'RECEIVED' });
    await eventually(() => read(EUROPE, key), 5_000, 'replica');
    // eu-central-1 owns its own items, but this one lives in ap-south-1: the stored copy says so.
    await expect(
      aws.table(EUROPE).put({ ...key, homeRegion: EUROPE, status: 'CANCELLED' }),
    ).rejects.toMatchObject({
      name: 'ForeignRegionWriteError',
      ownerRegion: SOUTH,
    });
    expect(await read(EUROPE, key)).toMatchObject({ status: 'RECEIVED', homeRegion: SOUTH });
  });

  it('after a failover, lets the new writer write and fences the old one by epoch', async () => {
    const region = 'ap-south-1';
    const key = testKey('failover');
    const staleSouth = new GuardedTable(aws.doc(SOUTH), 'claimflow', SOUTH, 60_000);
    await staleSouth.put({ ...key, homeRegion: region, status: 'RECEIVED' }); // caches epoch 1
    await aws.network.settled();

    // The runbook, in the primary region: eu-central-1 now writes for ap-south-1, epoch 2.
    const ownerKey = keys.ownerRecord(region);
    const before = await aws.table(PRIMARY).get(ownerKey, true);
    await aws
      .table(PRIMARY)
      .put({ ...ownerKey, type: 'OwnerRecord', region, homeRegion: PRIMARY, writerRegion: EUROPE, epoch: 2 });
    try {
      await eventually(
        async () => ((await read(EUROPE, ownerKey))?.epoch === 2 ? true : undefined),
        5_000,
        'owner record',
      );
      await eventually(
        async () => ((await read(SOUTH, ownerKey))?.epoch === 2 ? true : undefined),
        5_000,
        'owner record',
      );

      await aws.table(EUROPE).update({
        key,
        homeRegion: region,
        expression: 'SET #s = :s',
        names: { '#s': 'status' },
        values: { ':s': 'APPROVED' },
      });
      await eventually(
        async () => ((await read(SOUTH, key))?.status === 'APPROVED' ? true : undefined),
        5_000,
        'replica',
      );

      // A fresh writer in ap-south-1 reads the owner record and stops before sending.
      await expect(
        aws.table(SOUTH).put({ ...key, homeRegion: region, status: 'CANCELLED' }),
      ).rejects.toBeInstanceOf(ForeignRegionWriteError);
      // A zombie that still holds epoch 1 is stopped by the item's newer epoch.
      await expect(
        staleSouth.update({
          key,
          homeRegion: region,
          expression: 'SET #s = :s',
          names: { '#s': 'status' },
          values: { ':s': 'CANCELLED' },
        }),
      ).rejects.toBeInstanceOf(StaleEpochError);
      expect(await read(SOUTH, key)).toMatchObject({ status: 'APPROVED', ownerEpoch: 2 });
    } finally {
      await aws.table(PRIMARY).put({ ...ownerKey, ...before, homeRegion: PRIMARY } as never);
      await aws.network.settled();
    }
  });

  it('lets the region just evacuated to write at once, though its owner cache still names the old writer', async () => {
    const region = 'ap-south-1';
    const key = testKey('taken-over');
    const europe = new GuardedTable(aws.doc(EUROPE), 'claimflow', EUROPE, 60_000);
    // Prepare: eu-central-1 has read (and cached for a minute) that ap-south-1 writes its own items.
    expect((await europe.ownerOf(region)).writerRegion).toBe(SOUTH);
    const ownerKey = keys.ownerRecord(region);
    const before = await aws.table(PRIMARY).get(ownerKey, true);
    await aws
      .table(PRIMARY)
      .put({ ...ownerKey, type: 'OwnerRecord', region, homeRegion: PRIMARY, writerRegion: EUROPE, epoch: 2 });
    try {
      await eventually(
        async () => ((await read(EUROPE, ownerKey))?.epoch === 2 ? true : undefined),
        5_000,
        'owner record',
      );
      // Act: a run resumed there under epoch 2 writes before the cache has expired.
      await europe.withEpoch(2).put({ ...key, homeRegion: region, status: 'APPROVED' });
      // Assess: the refusal the cache suggested was checked against a fresh read, and the write landed.
      expect(await read(EUROPE, key)).toMatchObject({ status: 'APPROVED', ownerEpoch: 2 });
      // The old writer is still refused on the fresh read.
      await expect(
        europe.withEpoch(1).put({ ...key, homeRegion: region, status: 'CANCELLED' }),
      ).rejects.toBeInstanceOf(StaleEpochError);
    } finally {
      await aws.table(PRIMARY).put({ ...ownerKey, ...before, homeRegion: PRIMARY } as never);
      await aws.network.settled();
    }
  });
});

describe('replication between regions', () => {
  it('converges: a write in one region reaches every other region with the same attributes', async () => {
    const key = testKey('converge');
    await aws.table(SOUTH).put({
      ...key,
      homeRegion: SOUTH,
      lines: [{ partNumber: 'EVB-MODULE-48', quantity: 2 }],
      note: 'नेपाल',
    });
    const original = await read(SOUTH, key);
    for (const region of [EUROPE, NORTHEAST]) {
      const copy = await eventually(() => read(region, key), 5_000, `replica in ${region}`);
      expect(copy).toEqual(original);
    }
  });

  it('with a 200 ms lag, makes a write readable in the other regions after the lag and not before', async () => {
    await aws.network.set({ lagMs: 200 });
    const key = testKey('lag');
    const writtenAt = Date.now();
    await aws.table(SOUTH).put({ ...key, homeRegion: SOUTH });
    const earlyReads = [];
    while (Date.now() - writtenAt < 150) {
      earlyReads.push(await read(EUROPE, key), await read(NORTHEAST, key));
    }
    expect(earlyReads.length).toBeGreaterThan(2);
    expect(earlyReads.every((r) => r === undefined)).toBe(true);
    await eventually(() => read(EUROPE, key), 3_000, 'replica after lag');
    expect(Date.now() - writtenAt).toBeGreaterThanOrEqual(200);
    await eventually(() => read(NORTHEAST, key), 3_000, 'replica after lag');
  });

  it('holds writes for a paused pair and delivers them when the pair resumes', async () => {
    await aws.network.set({ pause: [SOUTH, EUROPE] });
    const key = testKey('paused');
    await aws.table(SOUTH).put({ ...key, homeRegion: SOUTH, version: 1 });
    await aws.table(SOUTH).put({ ...key, homeRegion: SOUTH, version: 2 });
    await eventually(() => read(NORTHEAST, key), 5_000, 'replica in the unpaused region');
    const state = await aws.network.settled();
    expect(state.held).toBeGreaterThan(0);
    expect(await read(EUROPE, key)).toBeUndefined();

    await aws.network.set({ resume: [SOUTH, EUROPE] });
    const caughtUp = await eventually(async () => {
      const item = await read(EUROPE, key);
      return item?.version === 2 ? item : undefined;
    });
    expect(caughtUp).toMatchObject({ version: 2 });
  });

  it('fails the requests of a region that is down and catches it up when it comes back', async () => {
    await aws.network.set({ down: EUROPE });
    const key = testKey('down');
    await expect(aws.table(EUROPE).get(key)).rejects.toThrow(/down/);
    await aws.table(SOUTH).put({ ...key, homeRegion: SOUTH });
    await aws.network.settled();
    await aws.network.set({ up: EUROPE });
    await eventually(() => read(EUROPE, key), 5_000, 'replica after the outage');
  });

  it('replicates an update with the item as it is after the update, and answers the client only what it asked for', async () => {
    const key = testKey('update');
    await aws.table(SOUTH).put({ ...key, homeRegion: SOUTH, status: 'RECEIVED', lines: [{ quantity: 1 }] });
    // Unguarded updates, straight through the proxy: one asks for nothing back, one for the old item.
    const quiet = await aws.doc(SOUTH).send(
      new UpdateCommand({
        TableName: 'claimflow',
        Key: key,
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'APPROVED' },
      }),
    );
    expect(quiet.Attributes).toBeUndefined();
    const old = await aws.doc(SOUTH).send(
      new UpdateCommand({
        TableName: 'claimflow',
        Key: key,
        UpdateExpression: 'SET note = :n',
        ExpressionAttributeValues: { ':n': 'parts ordered' },
        ReturnValues: 'ALL_OLD',
      }),
    );
    expect(old.Attributes).toMatchObject({ status: 'APPROVED' });
    expect(old.Attributes?.note).toBeUndefined();
    const original = await read(SOUTH, key);
    for (const region of [EUROPE, NORTHEAST]) {
      const copy = await eventually(
        async () => ((await read(region, key))?.note ? read(region, key) : undefined),
        5_000,
        `updated replica in ${region}`,
      );
      expect(copy).toEqual(original);
    }
  });

  it('settles two concurrent writes to one item in two regions by last writer wins, losing one: why the guard exists', async () => {
    await aws.network.set({ lagMs: 300 });
    const key = testKey('lww');
    // Unguarded writes, as two regions would make without single-writer ownership.
    await aws
      .doc(SOUTH)
      .send(new PutCommand({ TableName: 'claimflow', Item: { ...key, reservedBy: 'claim-in-south' } }));
    await aws
      .doc(EUROPE)
      .send(new PutCommand({ TableName: 'claimflow', Item: { ...key, reservedBy: 'claim-in-europe' } }));
    await aws.network.settled();
    const copies = await Promise.all(aws.regions.map((r) => read(r, key)));
    // Every region ends with the later write; the earlier one is gone everywhere, silently.
    for (const copy of copies) expect(copy).toMatchObject({ reservedBy: 'claim-in-europe' });
    expect((await aws.network.state()).lostToNewerWrite).toBeGreaterThan(0);
  });
});
