import { describe, expect, it } from 'vitest';
import {
  billOf,
  lessBackground,
  mixBill,
  perClaim,
  totalUsd,
  transitionsOf,
  type Usage,
} from '../../bench/cost-figures.ts';
import { CapacityMeter, capacityBetween, takeCapacity } from '../../local/dynamodb/capacity-meter.ts';

const usage = (over: Partial<Usage> = {}): Usage => ({
  claims: 1,
  executions: 1,
  transitions: [],
  lambda: [],
  capacity: [],
  api: [],
  emails: [],
  ...over,
});

describe('state transitions from an execution history', () => {
  it('counts every state entered, whatever its type', () => {
    const events = [
      { type: 'ExecutionStarted' },
      { type: 'TaskStateEntered' },
      { type: 'TaskScheduled' },
      { type: 'TaskSucceeded' },
      { type: 'TaskStateExited' },
      { type: 'ChoiceStateEntered' },
      { type: 'WaitStateEntered' },
      { type: 'SucceedStateEntered' },
      { type: 'ExecutionSucceeded' },
    ];
    expect(transitionsOf(events)).toBe(4);
  });

  it('counts each retry of a task as one more transition', () => {
    const events = [
      { type: 'TaskStateEntered' },
      { type: 'TaskScheduled' },
      { type: 'TaskFailed' },
      { type: 'TaskScheduled' },
      { type: 'TaskFailed' },
      { type: 'TaskScheduled' },
      { type: 'TaskSucceeded' },
    ];
    expect(transitionsOf(events)).toBe(3);
  });
});

describe('the bill of what claims used', () => {
  it('prices each count at its region price', () => {
    const bill = billOf(
      usage({
        transitions: [
          { region: 'ap-south-1', count: 1000 },
          { region: 'ap-northeast-1', count: 1000 },
        ],
        emails: [{ region: 'eu-central-1', recipients: 10 }],
        lambda: [
          { region: 'ap-south-1', functionName: 'adjudicate', memoryMb: 512, invocations: 4, billedMs: 2000 },
        ],
      }),
    );
    expect(bill.transitions).toEqual({ count: 2000, usd: 0.0285 + 0.025 });
    expect(bill.emails.usd).toBeCloseTo(0.001, 12);
    expect(bill.lambdaRequests.count).toBe(4);
    // 2 s at 0.5 GB.
    expect(bill.lambdaGbSeconds.count).toBe(1);
  });

  it('bills table, index and replicated writes apart, and leaves the replicator check unbilled', () => {
    const bill = billOf(
      usage({
        capacity: [
          { region: 'ap-south-1', table: 'claimflow', kind: 'write', units: 3 },
          { region: 'ap-south-1', table: 'claimflow', index: 'byStatus', kind: 'write', units: 2 },
          { region: 'eu-central-1', table: 'claimflow', kind: 'replicatedWrite', units: 3 },
          { region: 'eu-central-1', table: 'claimflow', kind: 'replicaApplied', units: 3 },
          { region: 'ap-south-1', table: 'claimflow', kind: 'read', units: 0.5 },
        ],
      }),
    );
    expect([bill.writeUnits.count, bill.gsiWriteUnits.count, bill.replicatedWriteUnits.count]).toEqual([
      3, 2, 3,
    ]);
    expect(bill.readUnits.count).toBe(0.5);
    expect(bill.replicatedWriteUnits.usd).toBeCloseTo((3 * 0.7625) / 1e6, 15);
  });

  it('refuses a region it has no prices for', () => {
    expect(() => billOf(usage({ transitions: [{ region: 'us-east-1', count: 1 }] }))).toThrow(/us-east-1/);
  });

  it('weights per-path bills by the mix', () => {
    const a = perClaim(billOf(usage({ emails: [{ region: 'ap-south-1', recipients: 8 }] })), 2);
    const b = perClaim(billOf(usage({ emails: [{ region: 'ap-south-1', recipients: 2 }] })), 2);
    const mix = mixBill({ a, b }, { a: 3, b: 1 });
    expect(mix.emails.count).toBeCloseTo((3 * 4 + 1 * 1) / 4, 12);
    expect(totalUsd(mix)).toBeCloseTo(mix.emails.usd, 15);
  });

  it('takes the background off pro rata, never below zero', () => {
    const key = (t: { k: string }) => t.k;
    const before = [{ k: 'x', n: 10 }];
    const after = [
      { k: 'x', n: 30 },
      { k: 'y', n: 1 },
    ];
    const background = [
      { k: 'x', n: 4 },
      { k: 'y', n: 5 },
    ];
    expect(lessBackground(before, after, background, 2, key, ['n'])).toEqual([{ k: 'x', n: 12 }]);
  });
});

describe('the capacity meter', () => {
  const meter = () =>
    new CapacityMeter({
      globalTable: 'claimflow',
      regions: ['ap-south-1', 'eu-central-1', 'ap-northeast-1'],
    });

  it('bills a write to the global table again in each other replica: table as replicated, GSIs as writes', () => {
    const m = meter();
    m.request('ap-south-1', 'PutItem', [
      {
        TableName: 'claimflow',
        CapacityUnits: 5,
        Table: { CapacityUnits: 3 },
        GlobalSecondaryIndexes: { byStatus: { CapacityUnits: 2 } },
      },
    ]);
    const lines = m.snapshot();
    const of = (region: string, kind: string, index?: string) =>
      lines.find((l) => l.region === region && l.kind === kind && l.index === index)?.units;
    expect(of('ap-south-1', 'write')).toBe(3);
    expect(of('ap-south-1', 'write', 'byStatus')).toBe(2);
    expect(of('eu-central-1', 'replicatedWrite')).toBe(3);
    expect(of('ap-northeast-1', 'write', 'byStatus')).toBe(2);
    expect(of('ap-south-1', 'replicatedWrite')).toBeUndefined();
  });

  it('replicates a transaction as ordinary writes, and does not replicate the regional table', () => {
    const m = meter();
    m.request('ap-south-1', 'TransactWriteItems', [
      { TableName: 'claimflow', CapacityUnits: 4, Table: { CapacityUnits: 4 } },
      { TableName: 'claimflow-regional', CapacityUnits: 2, Table: { CapacityUnits: 2 } },
    ]);
    const replicated = m.snapshot().filter((l) => l.kind === 'replicatedWrite');
    expect(replicated.map((l) => [l.region, l.table, l.units])).toEqual([
      ['eu-central-1', 'claimflow', 2],
      ['ap-northeast-1', 'claimflow', 2],
    ]);
  });

  it('counts reads as reads, and the difference between two snapshots', () => {
    const m = meter();
    m.request('eu-central-1', 'Query', [
      {
        TableName: 'claimflow',
        CapacityUnits: 1,
        Table: { CapacityUnits: 0 },
        GlobalSecondaryIndexes: { byPartner: { CapacityUnits: 1 } },
      },
    ]);
    const first = m.snapshot();
    m.request('eu-central-1', 'GetItem', [{ TableName: 'claimflow', CapacityUnits: 0.5 }]);
    expect(capacityBetween(first, m.snapshot())).toEqual([
      { region: 'eu-central-1', table: 'claimflow', kind: 'read', units: 0.5 },
    ]);
  });

  it('strips the figures from an answer the client did not ask them in, fixing length and checksum', () => {
    const raw = Buffer.from(
      JSON.stringify({
        Item: { pk: { S: 'a' } },
        ConsumedCapacity: { TableName: 'claimflow', CapacityUnits: 0.5 },
      }),
    );
    const taken = takeCapacity(raw, { 'content-length': String(raw.length), 'x-amz-crc32': '1' }, true);
    expect(taken.consumed).toEqual([{ TableName: 'claimflow', CapacityUnits: 0.5 }]);
    expect(JSON.parse(taken.raw.toString())).toEqual({ Item: { pk: { S: 'a' } } });
    expect(taken.headers['content-length']).toBe(String(taken.raw.length));
    expect(taken.headers['x-amz-crc32']).not.toBe('1');
  });
});
