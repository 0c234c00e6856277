import * as z from 'zod/mini';
import type { IsoDate } from './calendar.ts';

/**
 * Wall-clock time in an IANA time zone without Temporal (not in Node 20): Intl tells the offset
 * at an instant, and local → instant is solved by applying the offset found at the guess. Offsets
 * need not be whole hours: Asia/Kathmandu is UTC+05:45.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isTimeZone(value: string): boolean {
  try {
    formatterFor(value);
    return true;
  } catch {
    return false;
  }
}

export const TimeZoneSchema = /* @__PURE__ */ (() =>
  z.string().check(z.refine(isTimeZone, 'must be an IANA time zone such as Asia/Kathmandu')))();

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(instant: Date, timeZone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 0,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/** Offset of the zone from UTC at `instant`, in minutes (Kathmandu: 345). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const w = wallClockAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / 60_000);
}

/** The calendar date it is in `timeZone` at `instant`. */
export function localDateAt(instant: Date, timeZone: string): IsoDate {
  const w = wallClockAt(instant, timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** Minutes since local midnight in `timeZone` at `instant`. */
export function localMinuteOfDayAt(instant: Date, timeZone: string): number {
  const w = wallClockAt(instant, timeZone);
  return w.hour * 60 + w.minute;
}

/**
 * The instant at which clocks in `timeZone` show `date` and `minuteOfDay` minutes past midnight.
 * A wall time inside a daylight-saving gap (which does not exist) is moved forward by the length of
 * the gap; one in an overlap resolves to the earlier instant (Temporal's "compatible" rule).
 */
export function instantAt(date: IsoDate, minuteOfDay: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wallAsUtc = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const firstGuess = wallAsUtc - offsetMinutesAt(new Date(wallAsUtc), timeZone) * 60_000;
  const offsetThere = offsetMinutesAt(new Date(firstGuess), timeZone);
  const secondGuess = wallAsUtc - offsetThere * 60_000;
  // Prefer the earlier instant whose wall clock matches (the overlap rule above).
  const candidates = [Math.min(firstGuess, secondGuess), Math.max(firstGuess, secondGuess)];
  for (const candidate of candidates) {
    if (candidate + offsetMinutesAt(new Date(candidate), timeZone) * 60_000 === wallAsUtc)
      return new Date(candidate);
  }
  return new Date(Math.max(firstGuess, secondGuess));
}
