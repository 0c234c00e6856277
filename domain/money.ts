import * as z from 'zod/mini';

/**
 * Money in integer minor units of an ISO 4217 currency (paisa, tetri, yen). Amounts are always
 * safe integers: every operation that could leave that range throws instead of losing precision.
 */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

export const CURRENCY_CODE = /^[A-Z]{3}$/;

/**
 * Minor-unit digits from ISO 4217 for the currencies our markets use. Written out because ICU's
 * data (what Intl reads) has differed from ISO 4217 for some currencies over the years, and these
 * are the ones we settle in.
 */
const ISO_4217_MINOR_UNITS: Readonly<Record<string, number>> = {
  JPY: 0,
  KZT: 2,
  NPR: 2,
  BDT: 2,
  INR: 2,
  LKR: 2,
  AMD: 2,
  GEL: 2,
  USD: 2,
  EUR: 2,
};

export class UnknownCurrencyError extends Error {
  constructor(readonly currency: string) {
    super(`unknown currency ${JSON.stringify(currency)}: expected an ISO 4217 code such as NPR or JPY`);
    this.name = 'UnknownCurrencyError';
  }
}

export class CurrencyMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`currency mismatch: expected ${expected}, got ${actual}`);
    this.name = 'CurrencyMismatchError';
  }
}

/** The error to throw when two amounts in different currencies meet. */
export const currencyMismatch = (expected: string, actual: string): CurrencyMismatchError =>
  new CurrencyMismatchError(expected, actual);

export class MoneyRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyRangeError';
  }
}

let intlCurrencies: ReadonlySet<string> | undefined;
function isKnownToIntl(currency: string): boolean {
  intlCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return intlCurrencies.has(currency);
}

/** Whether `currency` is an ISO 4217 code this runtime knows (our table or Intl's). */
export function isKnownCurrency(currency: string): boolean {
  return CURRENCY_CODE.test(currency) && (currency in ISO_4217_MINOR_UNITS || isKnownToIntl(currency));
}

/** Digits after the decimal point of the currency's minor unit: 0 for JPY, 2 for NPR, 3 for KWD. */
export function minorUnitDigits(currency: string): number {
  const fromTable = ISO_4217_MINOR_UNITS[currency];
  if (fromTable !== undefined) return fromTable;
  if (!isKnownCurrency(currency)) throw new UnknownCurrencyError(currency);
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

function assertSafeAmount(amountMinor: number, what = 'amount'): void {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new MoneyRangeError(`${what} must be a safe integer number of minor units, got ${amountMinor}`);
  }
}

function fromBigInt(value: bigint, currency: string): Money {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyRangeError(`result ${value} ${currency} is outside the safe integer range`);
  }
  return { amountMinor: Number(value), currency };
}

/** Makes a Money; throws on a non-integer or unsafe amount or an unknown currency. */
export function money(amountMinor: number, currency: string): Money {
  assertSafeAmount(amountMinor);
  if (!isKnownCurrency(currency)) throw new UnknownCurrencyError(currency);
  return { amountMinor, currency };
}

export const zeroMoney = (currency: string): Money => money(0, currency);

export const MoneySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    amountMinor: z
      .int('amountMinor must be an integer number of minor units (e.g. 150000 for NPR 1,500.00)')
      .check(z.refine(Number.isSafeInteger, 'amountMinor must be a safe integer')),
    currency: z
      .string()
      .check(
        z.regex(CURRENCY_CODE, 'currency must be an ISO 4217 code such as NPR'),
        z.refine(isKnownCurrency, 'currency is not a known ISO 4217 code'),
      ),
  }))();

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw currencyMismatch(a.currency, b.currency);
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return fromBigInt(BigInt(a.amountMinor) + BigInt(b.amountMinor), a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return fromBigInt(BigInt(a.amountMinor) - BigInt(b.amountMinor), a.currency);
}

/** Sum of amounts that must all be in `currency`; an empty list is zero in that currency. */
export function sumMoney(list: readonly Money[], currency: string): Money {
  if (!isKnownCurrency(currency)) throw new UnknownCurrencyError(currency);
  let total = 0n;
  for (const m of list) {
    if (m.currency !== currency) throw currencyMismatch(currency, m.currency);
    total += BigInt(m.amountMinor);
  }
  return fromBigInt(total, currency);
}

/** Negative, zero or positive as `a` is less than, equal to or greater than `b`. */
export function compareMoney(a: Money, b: Money): number {
  assertSameCurrency(a, b);
  return Math.sign(a.amountMinor - b.amountMinor);
}

export function multiplyMoney(m: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity)) {
    throw new MoneyRangeError(
      `quantity must be an integer, got ${quantity}; use multiplyByDecimal for fractions`,
    );
  }
  return fromBigInt(BigInt(m.amountMinor) * BigInt(quantity), m.currency);
}

/** Scale of the decimal factors `multiplyByDecimal` accepts: at most 4 decimal places. */
export const DECIMAL_PLACES = 4;
export const DECIMAL_SCALE = 10n ** BigInt(DECIMAL_PLACES);
const DECIMAL_TEXT = /^(-)?(\d+)(?:\.(\d{1,4}))?$/;

/**
 * Reads a decimal with at most 4 places (a number such as 1.5 or a string such as "1.25") as an
 * exact integer count of ten-thousandths: 1.5 → 15000n. A number is read through its shortest
 * round-trip text (String(0.1) is "0.1"), so the binary float error never enters the arithmetic.
 */
export function toScaledDecimal(value: number | string): bigint {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL_TEXT.exec(text);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new MoneyRangeError(`decimal must be finite, got ${value}`);
  }
  if (!match) {
    throw new MoneyRangeError(
      `decimal ${JSON.stringify(text)} must be written as digits with at most ${DECIMAL_PLACES} decimal places`,
    );
  }
  const [, sign, whole = '0', fraction = ''] = match;
  const scaled = BigInt(whole) * DECIMAL_SCALE + BigInt(fraction.padEnd(DECIMAL_PLACES, '0'));
  return sign ? -scaled : scaled;
}

/** Whether `value` has at most `places` decimal places when written out (1.25 has 2). */
export function hasAtMostDecimalPlaces(value: number, places: number): boolean {
  if (!Number.isFinite(value)) return false;
  const text = String(value);
  if (/e/i.test(text)) return Number.isInteger(value) && Math.abs(value) < 1e21;
  const dot = text.indexOf('.');
  return dot < 0 || text.length - dot - 1 <= places;
}

/** numerator / denominator rounded to the nearest integer, ties to the even neighbour. */
export function divideRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new MoneyRangeError('division by zero');
  if (denominator < 0n) return divideRoundHalfEven(-numerator, -denominator);
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator;
  const twiceRemainder = 2n * (remainder < 0n ? -remainder : remainder);
  const awayFromZero = numerator < 0n ? -1n : 1n;
  if (twiceRemainder > denominator) return quotient + awayFromZero;
  if (twiceRemainder === denominator && quotient % 2n !== 0n) return quotient + awayFromZero;
  return quotient;
}

/**
 * `m × factor` for a decimal factor such as labour hours (1.5 × the hourly rate) or a discount
 * (0.9). The factor is read exactly as a decimal of at most 4 places, multiplied in integers, and
 * rounded once to the minor unit, half to even ("banker's rounding"): ties alternate up and down,
 * so rounding over many lines does not drift in the partner's or the exporter's favour.
 */
export function multiplyByDecimal(m: Money, factor: number | string): Money {
  return multiplyByScaledDecimal(m, toScaledDecimal(factor));
}

/** `m × tenThousandths / 10⁴`, rounded half to even: multiplyByDecimal for an already-scaled factor. */
export function multiplyByScaledDecimal(m: Money, tenThousandths: bigint): Money {
  assertSafeAmount(m.amountMinor);
  return fromBigInt(divideRoundHalfEven(BigInt(m.amountMinor) * tenThousandths, DECIMAL_SCALE), m.currency);
}

/**
 * Splits `m` in proportion to non-negative integer `weights` (quantities, amounts in minor units)
 * without losing or inventing a minor unit: each share is the floor of its exact share, and the
 * minor units left over go one each to the largest fractional remainders (earlier index on a tie).
 * A negative amount is split as its magnitude and negated.
 */
export function allocateMoney(m: Money, weights: readonly number[]): Money[] {
  assertSafeAmount(m.amountMinor);
  if (weights.length === 0) throw new MoneyRangeError('allocateMoney needs at least one weight');
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new MoneyRangeError(`weights must be non-negative integers, got ${w}`);
    }
  }
  const total = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  if (total === 0n) throw new MoneyRangeError('allocateMoney needs at least one positive weight');

  const negative = m.amountMinor < 0;
  const amount = BigInt(Math.abs(m.amountMinor));
  const shares = weights.map((w) => (amount * BigInt(w)) / total);
  const remainders = weights.map((w, index) => ({ index, remainder: (amount * BigInt(w)) % total }));
  let leftOver = amount - shares.reduce((sum, s) => sum + s, 0n);
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const { index } of remainders) {
    if (leftOver === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    leftOver -= 1n;
  }
  return shares.map((share) => fromBigInt(negative ? -share : share, m.currency));
}

/** The amount as a plain decimal string in major units: NPR 150050 → "1500.50", JPY 1500 → "1500". */
export function moneyToDecimalString(m: Money): string {
  const digits = minorUnitDigits(m.currency);
  const sign = m.amountMinor < 0 ? '-' : '';
  const text = String(Math.abs(m.amountMinor)).padStart(digits + 1, '0');
  return digits === 0 ? sign + text : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Formats for people (emails, console) in a locale, e.g. "NPR 1,500.50" or "¥1,500". */
export function formatMoney(m: Money, locale = 'en'): string {
  const digits = minorUnitDigits(m.currency);
  // Via the decimal string, not amountMinor / 10^digits, so large amounts keep every digit.
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(moneyToDecimalString(m) as unknown as number);
}
