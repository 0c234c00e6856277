import * as z from 'zod/mini';

/**
 * Calendar dates as `YYYY-MM-DD` strings (delivery dates, failure dates): days, not instants, so
 * they are compared and counted in UTC arithmetic where every day has 24 hours.
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parts(date: IsoDate): { year: number; month: number; day: number } | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function requireParts(date: IsoDate): { year: number; month: number; day: number } {
  const p = parts(date);
  if (!p) throw new RangeError(`${JSON.stringify(date)} is not a calendar date (YYYY-MM-DD)`);
  return p;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether `value` is a real calendar date written YYYY-MM-DD (2023-02-29 is not). */
export const isIsoDate = (value: unknown): value is IsoDate =>
  typeof value === 'string' && parts(value) !== undefined;

export const IsoDateSchema = /* @__PURE__ */ (() =>
  z.string().check(z.refine(isIsoDate, 'must be a calendar date written YYYY-MM-DD, such as 2025-03-14')))();

const format = (year: number, month: number, day: number): IsoDate =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const dayNumber = (date: IsoDate): number => {
  const { year, month, day } = requireParts(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
};

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number => dayNumber(to) - dayNumber(from);

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date((dayNumber(date) + days) * DAY_MS);
  return format(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/**
 * The day `months` months after `date`, on the same day of the month; when that day does not
 * exist (31 January + 1 month), the first day of the following month. That makes a term of N
 * months end, at the latest, on the last day of the shorter month, never before it.
 */
export function monthsLater(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = requireParts(date);
  const monthIndex = month - 1 + months;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = (((monthIndex % 12) + 12) % 12) + 1;
  if (day <= daysInMonth(targetYear, targetMonth)) return format(targetYear, targetMonth, day);
  return addDays(format(targetYear, targetMonth, daysInMonth(targetYear, targetMonth)), 1);
}

/** Day of the week, 0 = Sunday … 6 = Saturday, as Date.getUTCDay counts. */
export const dayOfWeek = (date: IsoDate): number => new Date(dayNumber(date) * DAY_MS).getUTCDay();
