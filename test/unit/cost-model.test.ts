import { describe, expect, it } from 'vitest';
import {
  COST_REGIONS,
  dollars,
  lambdaGbSeconds,
  PRICES,
  per1000Claims,
  readUnits,
  replicatedWriteUnits,
  writeUnits,
} from '../../domain/cost-model.ts';

describe('the cost model', () => {
  it('rounds an item write up to whole kilobytes, at least one unit', () => {
    expect(writeUnits(0)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(writeUnits(3000)).toBe(3);
  });

  it('doubles the write units of a transactional write', () => {
    expect(writeUnits(1025, { transactional: true })).toBe(4);
  });

  it('bills one replicated write per replica per kilobyte', () => {
    expect(replicatedWriteUnits(1500, 2)).toBe(4);
  });

  it('halves an eventually consistent read and doubles a transactional one, per 4 KB', () => {
    expect(readUnits(4096, 'strong')).toBe(1);
    expect(readUnits(4097, 'strong')).toBe(2);
    expect(readUnits(100)).toBe(0.5);
    expect(readUnits(100, 'transactional')).toBe(2);
  });

  it('bills Lambda duration to the next millisecond, in GB-seconds', () => {
    expect(lambdaGbSeconds(512, [10.2, 9.8])).toBeCloseTo(0.0105, 10); // 11 ms + 10 ms at 0.5 GB
  });

  it('prices 25 transitions a claim in Mumbai at 0.7125 dollars per 1,000 claims', () => {
    expect(per1000Claims(dollars('stepFunctionsTransition', 25, 'ap-south-1'), 1)).toBeCloseTo(0.7125, 10);
  });

  it('has a positive price with a source for every line in every region', () => {
    for (const price of Object.values(PRICES)) {
      expect(price.source).not.toBe('');
      for (const region of COST_REGIONS) expect(price.usd[region]).toBeGreaterThan(0);
    }
  });
});
