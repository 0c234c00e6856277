import { formatMoney, type Money } from '../../domain/money.ts';

/**
 * Dates, numbers and money for a customer, with Intl in the customer's locale: Nepali and Bengali
 * get their own digits (Intl's default numbering for `ne` and `bn`), Japanese its date order.
 * Times are always shown in the service centre's time zone with its UTC offset (Kathmandu is
 * GMT+5:45), on a 24-hour clock, so a customer abroad cannot misread them.
 */

const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** A day, e.g. "18 March 2026" / "२०२६ मार्च १८", in the time zone where it happened. */
export function formatDate(iso: string, locale: string, timeZone: string): string {
  return cached(
    `d|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }),
  ).format(new Date(iso));
}

/** An appointment: weekday, date, 24-hour time and the zone's offset, in the centre's time zone. */
export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  return cached(
    `dt|${locale}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        weekday: 'long',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone,
        timeZoneName: 'shortOffset',
      }),
  ).format(new Date(iso));
}

export function formatNumber(n: number, locale: string): string {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(n);
}

export function formatKm(km: number, locale: string): string {
  return cached(
    `km|${locale}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilometer' }),
  ).format(km);
}

export const formatAmount = (m: Money, locale: string): string => formatMoney(m, locale);
