import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, daysBetween, isIsoDate, monthsLater } from '../../domain/calendar.ts';
import { instantAt, localDateAt, localMinuteOfDayAt, offsetMinutesAt } from '../../domain/time-zone.ts';

describe('calendar dates', () => {
  it('recognises real dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-13-01')).toBe(false);
    expect(isIsoDate('2023-1-01')).toBe(false);
  });

  it('counts days across a leap day', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });

  it('adds months on the same day of the month', () => {
    expect(monthsLater('2023-03-15', 36)).toBe('2026-03-15');
  });

  it('moves to the first of the next month when the day does not exist there', () => {
    expect(monthsLater('2023-01-31', 1)).toBe('2023-03-01');
    expect(monthsLater('2024-02-29', 12)).toBe('2025-03-01');
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek('2026-01-05')).toBe(1);
  });
});

describe('time zones', () => {
  it('knows Kathmandu is UTC+05:45', () => {
    expect(offsetMinutesAt(new Date('2026-01-05T00:00:00Z'), 'Asia/Kathmandu')).toBe(345);
  });

  it('finds the instant of 08:00 in Kathmandu', () => {
    expect(instantAt('2026-01-05', 8 * 60, 'Asia/Kathmandu').toISOString()).toBe('2026-01-05T02:15:00.000Z');
  });

  it('gives the local date, which can be a day ahead of UTC', () => {
    expect(localDateAt(new Date('2026-01-01T20:00:00Z'), 'Asia/Kathmandu')).toBe('2026-01-02');
    expect(localMinuteOfDayAt(new Date('2026-01-01T20:00:00Z'), 'Asia/Kathmandu')).toBe(1 * 60 + 45);
  });

  it('moves a wall time inside a daylight-saving gap forward by the gap', () => {
    expect(instantAt('2024-03-10', 2 * 60 + 30, 'America/New_York').toISOString()).toBe(
      '2024-03-10T07:30:00.000Z',
    );
  });

  it('resolves a wall time in a daylight-saving overlap to the earlier instant', () => {
    expect(instantAt('2024-11-03', 60 + 30, 'America/New_York').toISOString()).toBe(
      '2024-11-03T05:30:00.000Z',
    );
  });
});
