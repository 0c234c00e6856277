import type { Money } from './types.ts';

/** Formatting for staff screens: English, the browser's time zone, amounts in their own currency. */

const digitsOf = (currency: string) => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    return 2;
  }
};

export function money(m: Money | undefined): string {
  if (!m) return '—';
  const digits = digitsOf(m.currency);
  const value = m.amountMinor / 10 ** digits;
  try {
    return new Intl.NumberFormat('en', {
      style: 'currency',
      currency: m.currency,
      currencyDisplay: 'code',
    }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${m.currency}`;
  }
}

export const minorToMoney = (amountMinor: number, currency: string): Money => ({ amountMinor, currency });

const dateTime = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function when(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeOnly.format(d);
}

/** `3 h 20 min`, `2 d 4 h` */
export function hours(h: number | null | undefined): string {
  if (h === null || h === undefined || Number.isNaN(h)) return '—';
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${h.toFixed(h < 10 ? 1 : 0)} h`;
  return `${(h / 24).toFixed(1)} d`;
}

export const percent = (r: number | null | undefined) =>
  r === null || r === undefined || Number.isNaN(r)
    ? '—'
    : `${(r * 100).toFixed(r >= 0.995 || r === 0 ? 0 : 1)} %`;

/** `IN_REVIEW` → `In review`; `AMOUNT_OVER_LIMIT` → `Amount over limit`. */
export function words(code: string): string {
  const s = code.replace(/_/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `AwaitManagerReview` → `Await manager review` */
export function camelWords(name: string): string {
  const s = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
