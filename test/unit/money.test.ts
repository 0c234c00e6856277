import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMoney,
  allocateMoney,
  CurrencyMismatchError,
  compareMoney,
  formatMoney,
  MoneyRangeError,
  MoneySchema,
  minorUnitDigits,
  money,
  moneyToDecimalString,
  multiplyByDecimal,
  multiplyMoney,
  subtractMoney,
  sumMoney,
  toScaledDecimal,
  UnknownCurrencyError,
} from '../../domain/money.ts';

describe('minorUnitDigits', () => {
  it.each([
    ['JPY', 0],
    ['KZT', 2],
    ['NPR', 2],
    ['BDT', 2],
    ['INR', 2],
    ['LKR', 2],
    ['AMD', 2],
    ['GEL', 2],
    ['USD', 2],
    ['EUR', 2],
  ])('gives %s %i minor-unit digits as ISO 4217 does', (currency, digits) => {
    expect(minorUnitDigits(currency)).toBe(digits);
  });

  it('falls back to Intl for a currency outside our table (KWD has 3 digits)', () => {
    expect(minorUnitDigits('KWD')).toBe(3);
  });

  it('rejects a code that is not a currency', () => {
    expect(() => minorUnitDigits('XYZ')).toThrow(UnknownCurrencyError);
    expect(() => minorUnitDigits('npr')).toThrow(UnknownCurrencyError);
  });
});

describe('money', () => {
  it('refuses a fractional amount of minor units', () => {
    expect(() => money(10.5, 'NPR')).toThrow(MoneyRangeError);
  });

  it('refuses an amount beyond the safe integer range', () => {
    expect(() => money(Number.MAX_SAFE_INTEGER + 1, 'NPR')).toThrow(MoneyRangeError);
  });

  it('refuses an unknown currency', () => {
    expect(() => money(100, 'ABC')).toThrow(UnknownCurrencyError);
  });

  it('is described by MoneySchema, which rejects floats with a message naming minor units', () => {
    // Prepare
    const body = { amountMinor: 12.34, currency: 'NPR' };
    // Act
    const result = MoneySchema.safeParse(body);
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/minor units/);
    expect(MoneySchema.parse({ amountMinor: 1234, currency: 'NPR' })).toEqual(money(1234, 'NPR'));
  });
});

describe('adding and summing', () => {
  it('adds ten tenths of a rupee to exactly one rupee, with no float drift', () => {
    // Prepare
    const tenPaisa = money(10, 'NPR');
    // Act
    const total = sumMoney(
      Array.from({ length: 10 }, () => tenPaisa),
      'NPR',
    );
    // Assess
    expect(total).toEqual(money(100, 'NPR'));
  });

  it('throws CurrencyMismatchError when adding NPR to JPY', () => {
    expect(() => addMoney(money(1, 'NPR'), money(1, 'JPY'))).toThrow(CurrencyMismatchError);
  });

  it('names both currencies in a mismatch', () => {
    // Act
    const error = (() => {
      try {
        sumMoney([money(1, 'NPR'), money(1, 'INR')], 'NPR');
      } catch (e) {
        return e;
      }
    })();
    // Assess
    expect(error).toBeInstanceOf(CurrencyMismatchError);
    expect(error).toMatchObject({ expected: 'NPR', actual: 'INR' });
  });

  it('sums an empty list to zero in the requested currency', () => {
    expect(sumMoney([], 'JPY')).toEqual(money(0, 'JPY'));
  });

  it('throws rather than overflowing the safe integer range', () => {
    expect(() => addMoney(money(Number.MAX_SAFE_INTEGER, 'USD'), money(1, 'USD'))).toThrow(MoneyRangeError);
  });

  it('subtracts and compares in one currency', () => {
    expect(subtractMoney(money(500, 'GEL'), money(501, 'GEL'))).toEqual(money(-1, 'GEL'));
    expect(compareMoney(money(2, 'GEL'), money(1, 'GEL'))).toBe(1);
    expect(compareMoney(money(1, 'GEL'), money(1, 'GEL'))).toBe(0);
  });

  it('agrees with exact integer addition for any list of amounts (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e12, max: 1e12 }), { maxLength: 50 }), (amounts) => {
        const total = sumMoney(
          amounts.map((a) => money(a, 'INR')),
          'INR',
        );
        expect(BigInt(total.amountMinor)).toBe(amounts.reduce((s, a) => s + BigInt(a), 0n));
      }),
    );
  });
});

describe('multiplying', () => {
  it('multiplies by an integer quantity', () => {
    expect(multiplyMoney(money(1250, 'NPR'), 3)).toEqual(money(3750, 'NPR'));
  });

  it('refuses a fractional quantity in multiplyMoney', () => {
    expect(() => multiplyMoney(money(1250, 'NPR'), 1.5)).toThrow(MoneyRangeError);
  });

  it('charges 1.5 labour hours at NPR 1,500.00/h as exactly NPR 2,250.00', () => {
    expect(multiplyByDecimal(money(150000, 'NPR'), 1.5)).toEqual(money(225000, 'NPR'));
  });

  it('computes 0.1 × 3 without the binary float error (0.30000000000000004)', () => {
    expect(multiplyByDecimal(money(3, 'USD'), 0.1)).toEqual(money(0, 'USD'));
    expect(multiplyByDecimal(money(30, 'USD'), 0.1)).toEqual(money(3, 'USD'));
  });

  it('rounds a tie half to even: 1001 × 0.5 = 500.5 → 500, 1003 × 0.5 = 501.5 → 502', () => {
    expect(multiplyByDecimal(money(1001, 'NPR'), '0.5')).toEqual(money(500, 'NPR'));
    expect(multiplyByDecimal(money(1003, 'NPR'), '0.5')).toEqual(money(502, 'NPR'));
  });

  it('rounds a negative tie half to even too', () => {
    expect(multiplyByDecimal(money(-1001, 'NPR'), '0.5')).toEqual(money(-500, 'NPR'));
    expect(multiplyByDecimal(money(-1003, 'NPR'), '0.5')).toEqual(money(-502, 'NPR'));
  });

  it('rounds a non-tie to the nearest minor unit: 1001 × 0.875 = 875.875 → 876', () => {
    expect(multiplyByDecimal(money(1001, 'NPR'), '0.875')).toEqual(money(876, 'NPR'));
  });

  it('refuses a factor with more than 4 decimal places', () => {
    expect(() => multiplyByDecimal(money(100, 'USD'), '1.23456')).toThrow(MoneyRangeError);
    expect(() => multiplyByDecimal(money(100, 'USD'), 1e-7)).toThrow(MoneyRangeError);
    expect(() => multiplyByDecimal(money(100, 'USD'), Number.NaN)).toThrow(MoneyRangeError);
  });

  it('reads decimals exactly as ten-thousandths', () => {
    expect(toScaledDecimal('1.25')).toBe(12500n);
    expect(toScaledDecimal(0.1)).toBe(1000n);
    expect(toScaledDecimal('-2')).toBe(-20000n);
  });

  it('matches exact rational arithmetic with half-even rounding for any amount and 4-place factor (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e10, max: 1e10 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (amount, tenThousandths) => {
          const factor = `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, '0')}`;
          const result = multiplyByDecimal(money(amount, 'USD'), factor).amountMinor;
          // result is the nearest integer to amount × factor: |result − exact| ≤ ½, ties even.
          const exactTimes10k = BigInt(amount) * BigInt(tenThousandths);
          const diffTimes10k = BigInt(result) * 10_000n - exactTimes10k;
          const absDiff = diffTimes10k < 0n ? -diffTimes10k : diffTimes10k;
          expect(absDiff <= 5_000n).toBe(true);
          // A tie goes to the even neighbour (Math.abs: -4 % 2 is -0, which toBe(0) tells apart).
          if (absDiff === 5_000n) expect(Math.abs(result % 2)).toBe(0);
        },
      ),
    );
  });
});

describe('allocateMoney', () => {
  it('splits JPY 100 three ways as 34/33/33, giving the odd yen to the first', () => {
    expect(allocateMoney(money(100, 'JPY'), [1, 1, 1]).map((m) => m.amountMinor)).toEqual([34, 33, 33]);
  });

  it('splits in proportion to the weights', () => {
    expect(allocateMoney(money(1000, 'NPR'), [1, 3]).map((m) => m.amountMinor)).toEqual([250, 750]);
  });

  it('gives nothing to a zero weight', () => {
    expect(allocateMoney(money(7, 'NPR'), [0, 1, 0]).map((m) => m.amountMinor)).toEqual([0, 7, 0]);
  });

  it('refuses weights that are all zero, negative or fractional', () => {
    expect(() => allocateMoney(money(7, 'NPR'), [0, 0])).toThrow(MoneyRangeError);
    expect(() => allocateMoney(money(7, 'NPR'), [-1, 2])).toThrow(MoneyRangeError);
    expect(() => allocateMoney(money(7, 'NPR'), [0.5, 0.5])).toThrow(MoneyRangeError);
    expect(() => allocateMoney(money(7, 'NPR'), [])).toThrow(MoneyRangeError);
  });

  it('never loses or invents a minor unit, and each share is within one unit of its exact share (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc
          .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 })
          .filter((w) => w.some((x) => x > 0)),
        (amount, weights) => {
          // Act
          const shares = allocateMoney(money(amount, 'BDT'), weights);
          // Assess
          expect(shares).toHaveLength(weights.length);
          expect(shares.reduce((s, m) => s + BigInt(m.amountMinor), 0n)).toBe(BigInt(amount));
          const total = weights.reduce((s, w) => s + w, 0);
          shares.forEach((share, i) => {
            const exact = (amount * (weights[i] ?? 0)) / total;
            expect(Math.abs(share.amountMinor - exact)).toBeLessThan(1 + 1e-6 * Math.abs(exact));
            expect(share.currency).toBe('BDT');
          });
        },
      ),
    );
  });
});

describe('showing money', () => {
  it('writes minor units as a decimal string in major units', () => {
    expect(moneyToDecimalString(money(150050, 'NPR'))).toBe('1500.50');
    expect(moneyToDecimalString(money(5, 'NPR'))).toBe('0.05');
    expect(moneyToDecimalString(money(-5, 'NPR'))).toBe('-0.05');
    expect(moneyToDecimalString(money(1500, 'JPY'))).toBe('1500');
  });

  it('formats for people without losing digits of large amounts', () => {
    // Intl separates code and amount with a no-break space.
    expect(formatMoney(money(150050, 'NPR')).replace(/\s/u, ' ')).toBe('NPR 1,500.50');
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER, 'USD'))).toBe('$90,071,992,547,409.91');
  });
});
