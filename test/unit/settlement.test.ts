import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClaimLine } from '../../domain/claim.ts';
import { money } from '../../domain/money.ts';
import type { Part } from '../../domain/part.ts';
import {
  MissingPriceError,
  type SettlementInput,
  settleClaim,
  splitReservations,
} from '../../domain/settlement.ts';
import type { Reservation } from '../../domain/stock.ts';
import { aPart, aPartner } from './support/fixtures.ts';

const alternator = aPart({ prices: { NPR: 2_500_000 } });
const belt = aPart({
  partNumber: 'BLT-2002',
  name: 'Drive belt',
  category: 'driveline',
  prices: { NPR: 333_333 },
});
const jpyOnly = aPart({ partNumber: 'SEN-5001', name: 'Sensor', prices: { JPY: 3000 } });
const parts = new Map<string, Part>([alternator, belt, jpyOnly].map((p) => [p.partNumber, p]));

const claimLine = (
  lineNo: number,
  partNumber: string,
  quantity: number,
  laborHours: number,
  over: Partial<ClaimLine> = {},
): ClaimLine => ({
  lineNo,
  partNumber,
  quantity,
  laborOperation: 'EL-ALT-R',
  laborHours,
  decision: 'COVERED',
  reasons: [],
  ...over,
});

const reservation = (
  warehouseId: string,
  partNumber: string,
  quantity: number,
  region = 'ap-south-1',
): Reservation => ({
  warehouseId,
  region,
  partNumber,
  quantity,
});

const settle = (over: Partial<SettlementInput> = {}) =>
  settleClaim({
    claim: { lines: [claimLine(1, 'ALT-1001', 1, 1.5)] },
    completion: { partsUsed: [{ partNumber: 'ALT-1001', quantity: 1 }], laborHours: 1.5 },
    partner: aPartner(),
    parts,
    reservations: [reservation('WH-KTM', 'ALT-1001', 1)],
    ...over,
  });

describe('settleClaim', () => {
  it('pays parts at the partner price plus labour hours at the labour rate', () => {
    expect(settle()).toEqual({
      currency: 'NPR',
      lines: [
        {
          kind: 'part',
          lineNo: 1,
          partNumber: 'ALT-1001',
          quantity: 1,
          unitPrice: money(2_500_000, 'NPR'),
          amount: money(2_500_000, 'NPR'),
        },
        { kind: 'labour', hours: 1.5, rate: money(150_000, 'NPR'), amount: money(225_000, 'NPR') },
      ],
      total: money(2_725_000, 'NPR'),
      consume: [reservation('WH-KTM', 'ALT-1001', 1)],
      release: [],
    });
  });

  it('applies the partner discount per unit, rounding half to even, then multiplies by quantity', () => {
    // Prepare: 333,333 × 0.875 = 291,666.375 → 291,666 per unit
    const partner = aPartner({ priceList: { discountPct: 12.5 } });
    // Act
    const result = settle({
      partner,
      claim: { lines: [claimLine(1, 'BLT-2002', 3, 0)] },
      completion: { partsUsed: [{ partNumber: 'BLT-2002', quantity: 3 }], laborHours: 0 },
      reservations: [],
    });
    // Assess
    expect(result.lines).toEqual([
      {
        kind: 'part',
        lineNo: 1,
        partNumber: 'BLT-2002',
        quantity: 3,
        unitPrice: money(291_666, 'NPR'),
        amount: money(874_998, 'NPR'),
      },
    ]);
    expect(result.total).toEqual(money(874_998, 'NPR'));
  });

  it('pays no more parts than approved, and not for parts that were not used', () => {
    const result = settle({
      claim: { lines: [claimLine(1, 'ALT-1001', 1, 1.5), claimLine(2, 'BLT-2002', 2, 0.5)] },
      completion: { partsUsed: [{ partNumber: 'ALT-1001', quantity: 2 }], laborHours: 2 },
    });
    expect(result.lines.filter((l) => l.kind === 'part').map((l) => [l.lineNo, l.quantity])).toEqual([
      [1, 1],
    ]);
  });

  it('pays the reported labour hours up to the approved hours', () => {
    const over = settle({ completion: { partsUsed: [], laborHours: 4 } });
    const under = settle({ completion: { partsUsed: [], laborHours: 1 } });
    expect(over.lines.find((l) => l.kind === 'labour')).toMatchObject({
      hours: 1.5,
      amount: money(225_000, 'NPR'),
    });
    expect(under.lines.find((l) => l.kind === 'labour')).toMatchObject({
      hours: 1,
      amount: money(150_000, 'NPR'),
    });
  });

  it('adds hours exactly: 0.1 h + 0.2 h approved is 0.3 h, not 0.30000000000000004', () => {
    const result = settle({
      claim: { lines: [claimLine(1, 'ALT-1001', 0, 0.1), claimLine(2, 'ALT-1001', 0, 0.2)] },
      completion: { partsUsed: [], laborHours: 5 },
    });
    expect(result.lines).toEqual([
      { kind: 'labour', hours: 0.3, rate: money(150_000, 'NPR'), amount: money(45_000, 'NPR') },
    ]);
  });

  it('pays an adjusted line on its adjusted quantity and hours, and nothing for rejected lines', () => {
    const result = settle({
      claim: {
        lines: [
          claimLine(1, 'ALT-1001', 2, 3, { decision: 'ADJUSTED', adjusted: { quantity: 1, laborHours: 1 } }),
          claimLine(2, 'BLT-2002', 1, 1, { decision: 'REJECTED' }),
        ],
      },
      completion: {
        partsUsed: [
          { partNumber: 'ALT-1001', quantity: 2 },
          { partNumber: 'BLT-2002', quantity: 1 },
        ],
        laborHours: 4,
      },
    });
    expect(result.total).toEqual(money(2_500_000 + 150_000, 'NPR'));
  });

  it('consumes used reserved units and releases the rest', () => {
    const result = settle({
      claim: { lines: [claimLine(1, 'ALT-1001', 3, 1)] },
      completion: { partsUsed: [{ partNumber: 'ALT-1001', quantity: 2 }], laborHours: 1 },
      reservations: [
        reservation('WH-KTM', 'ALT-1001', 1),
        reservation('WH-FRA', 'ALT-1001', 2, 'eu-central-1'),
      ],
    });
    expect(result.consume).toEqual([
      reservation('WH-KTM', 'ALT-1001', 1),
      reservation('WH-FRA', 'ALT-1001', 1, 'eu-central-1'),
    ]);
    expect(result.release).toEqual([reservation('WH-FRA', 'ALT-1001', 1, 'eu-central-1')]);
  });

  it('releases every reservation when nothing was used', () => {
    const reservations = [reservation('WH-KTM', 'ALT-1001', 1)];
    expect(splitReservations(reservations, new Map())).toEqual({ consume: [], release: reservations });
  });

  it('refuses to settle a used part that has no price in the partner currency', () => {
    expect(() =>
      settle({
        claim: { lines: [claimLine(1, 'SEN-5001', 1, 1)] },
        completion: { partsUsed: [{ partNumber: 'SEN-5001', quantity: 1 }], laborHours: 1 },
      }),
    ).toThrow(MissingPriceError);
  });

  it('has a total equal to the sum of its lines to the minor unit, and consumes plus releases exactly what was reserved (property)', () => {
    const partNumbers = ['ALT-1001', 'BLT-2002'];
    const hours = fc.integer({ min: 0, max: 2000 }).map((h) => h / 100);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            partNumber: fc.constantFrom(...partNumbers),
            quantity: fc.integer({ min: 0, max: 9 }),
            laborHours: hours,
            decision: fc.constantFrom('COVERED' as const, 'REJECTED' as const, 'ADJUSTED' as const),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.array(
          fc.record({
            partNumber: fc.constantFrom(...partNumbers),
            quantity: fc.integer({ min: 0, max: 9 }),
          }),
          {
            maxLength: 4,
          },
        ),
        hours,
        fc.array(
          fc.record({
            warehouseId: fc.constantFrom('W1', 'W2'),
            partNumber: fc.constantFrom(...partNumbers),
            quantity: fc.integer({ min: 1, max: 5 }),
          }),
          { maxLength: 4 },
        ),
        fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100),
        (rawLines, partsUsed, laborHours, rawReservations, discountPct) => {
          // Prepare
          const lines = rawLines.map((l, i) =>
            claimLine(i + 1, l.partNumber, l.quantity, l.laborHours, {
              decision: l.decision,
              ...(l.decision === 'ADJUSTED'
                ? { adjusted: { quantity: Math.floor(l.quantity / 2), laborHours: l.laborHours } }
                : {}),
            }),
          );
          const reservations = rawReservations.map((r) =>
            reservation(r.warehouseId, r.partNumber, r.quantity),
          );
          // Act
          const result = settle({
            claim: { lines },
            completion: { partsUsed, laborHours },
            partner: aPartner({ priceList: { discountPct } }),
            reservations,
          });
          // Assess
          const sum = result.lines.reduce((s, l) => s + BigInt(l.amount.amountMinor), 0n);
          expect(BigInt(result.total.amountMinor)).toBe(sum);
          for (const l of result.lines) {
            expect(Number.isSafeInteger(l.amount.amountMinor)).toBe(true);
            if (l.kind === 'part') expect(l.amount.amountMinor).toBe(l.unitPrice.amountMinor * l.quantity);
          }
          for (const part of partNumbers) {
            const total = (list: Reservation[]) =>
              list.filter((r) => r.partNumber === part).reduce((s, r) => s + r.quantity, 0);
            expect(total(result.consume) + total(result.release)).toBe(total(reservations));
            const used = partsUsed.filter((p) => p.partNumber === part).reduce((s, p) => s + p.quantity, 0);
            expect(total(result.consume)).toBe(Math.min(used, total(reservations)));
          }
        },
      ),
    );
  });
});
