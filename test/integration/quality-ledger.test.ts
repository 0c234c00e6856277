import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { QualityFactRecord } from '../../domain/quality/ledger.ts';
import { DynamoQualityLedger } from '../../functions/data/quality-ledger.ts';
import { localAws } from '../support/local-aws.ts';

const aws = localAws();
const SOUTH = 'ap-south-1';
const ledger = new DynamoQualityLedger(aws.table(SOUTH));

const facts = (over: Partial<QualityFactRecord> = {}): QualityFactRecord => ({
  claimId: `Q-${randomUUID()}`,
  vin: 'JT2BG22K1Y0123456',
  partnerId: 'P1',
  market: 'NP',
  failureDate: '2026-11-03',
  odometerKm: 12_000,
  status: 'RECEIVED',
  lines: [{ partNumber: 'BRK-100', category: 'BRAKES', laborOperation: 'BR10' }],
  version: 1,
  homeRegion: SOUTH,
  ...over,
});

// Each test files under a market code of its own, so a month's partition holds only its records.
describe('the quality ledger on DynamoDB Local', () => {
  it('files a claim’s facts under its market and failure month, and a newer version replaces them', async () => {
    const market = `T${randomUUID().slice(0, 6)}`;
    const first = facts({ market });
    expect(await ledger.record(first)).toBe(true);
    expect(await ledger.month(market, '2026-11')).toEqual([first]);
    expect(await ledger.month(market, '2026-10')).toEqual([]);

    const approved = {
      ...first,
      status: 'APPROVED' as const,
      version: 3,
      approved: { amountMinor: 9_000, currency: 'NPR' },
    };
    expect(await ledger.record(approved)).toBe(true);
    expect(await ledger.month(market, '2026-11')).toEqual([approved]);
  });

  it('ignores a late write of an older version and takes a repeat of the same one', async () => {
    const market = `T${randomUUID().slice(0, 6)}`;
    const newer = facts({ market, status: 'SETTLED', version: 5 });
    await ledger.record(newer);
    expect(await ledger.record({ ...newer, status: 'RECEIVED', version: 2 })).toBe(false);
    expect(await ledger.record(newer)).toBe(true);
    const other = facts({ market, claimId: `Q-${randomUUID()}` });
    await ledger.record(other);
    const stored = await ledger.month(market, '2026-11');
    expect(stored).toHaveLength(2);
    expect(stored.find((f) => f.claimId === newer.claimId)).toEqual(newer);
  });
});
