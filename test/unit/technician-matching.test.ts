import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComponentCategory } from '../../domain/part.ts';
import type { Booking } from '../../domain/technician.ts';
import {
  isQualified,
  type MatchInput,
  matchTechnician,
  minutesForLabourHours,
  requiredSkills,
} from '../../domain/technician-matching.ts';
import { localDateAt, localMinuteOfDayAt } from '../../domain/time-zone.ts';
import { aCentre, aTechnician } from './support/fixtures.ts';

// Kathmandu is UTC+05:45: 08:00 local on Monday 2026-01-05 is 02:15 UTC.
const MONDAY_EARLY = new Date('2026-01-05T00:00:00Z');
const MONDAY_0800 = '2026-01-05T02:15:00.000Z';
const centre = aCentre();

const ram = aTechnician({ technicianId: 'tech-ram', skills: ['general'] });
const sita = aTechnician({
  technicianId: 'tech-sita',
  name: 'Sita Rai',
  skills: ['general', 'ev-high-voltage'],
});
const hari = aTechnician({ technicianId: 'tech-hari', name: 'Hari KC', skills: ['powertrain'] });

const booking = (technicianId: string, start: string, end: string, claimId = 'CLM-other'): Booking => ({
  technicianId,
  claimId,
  start,
  end,
});

const match = (over: Partial<MatchInput> = {}) =>
  matchTechnician({
    centre,
    technicians: [ram, sita, hari],
    bookings: [],
    categories: ['brakes'],
    durationMinutes: 120,
    notBefore: MONDAY_EARLY,
    ...over,
  });

describe('skills', () => {
  it.each<[ComponentCategory, string]>([
    ['ev-battery', 'ev-high-voltage'],
    ['hv-electrical', 'ev-high-voltage'],
    ['ev-drive-unit', 'ev-high-voltage'],
    ['engine', 'powertrain'],
    ['transmission', 'powertrain'],
    ['driveline', 'powertrain'],
    ['electrical', 'electrical'],
    ['body', 'body'],
    ['interior', 'body'],
    ['suspension', 'general'],
  ])('needs %s work done by a technician with %s', (category, skill) => {
    expect(requiredSkills([category])).toEqual([skill]);
  });

  it('lets any technician do general work but only holders do specialist work', () => {
    expect(isQualified(hari, ['general'])).toBe(true);
    expect(isQualified(ram, ['ev-high-voltage'])).toBe(false);
    expect(isQualified(sita, ['ev-high-voltage', 'general'])).toBe(true);
  });

  it('turns labour hours into whole minutes, rounding up', () => {
    expect(minutesForLabourHours(1.25)).toBe(75);
    expect(minutesForLabourHours(0.01)).toBe(1);
    expect(minutesForLabourHours(2)).toBe(120);
  });
});

describe('matchTechnician', () => {
  it('books battery work with the high-voltage technician at 08:00 on the centre clock', () => {
    expect(match({ categories: ['ev-battery'] })).toEqual({
      ok: true,
      technicianId: 'tech-sita',
      start: MONDAY_0800,
      end: '2026-01-05T04:15:00.000Z',
    });
  });

  it('answers NO_QUALIFIED_TECHNICIAN when nobody at the centre holds the skill', () => {
    expect(match({ categories: ['body'] })).toEqual({ ok: false, reason: 'NO_QUALIFIED_TECHNICIAN' });
  });

  it('considers only technicians of the claim’s centre', () => {
    const elsewhere = aTechnician({ technicianId: 'tech-far', centreId: 'PKR-1', skills: ['body'] });
    expect(match({ categories: ['body'], technicians: [elsewhere] })).toEqual({
      ok: false,
      reason: 'NO_QUALIFIED_TECHNICIAN',
    });
  });

  it('needs every skill of a mixed job from one technician', () => {
    const result = match({ categories: ['ev-battery', 'engine'] });
    expect(result).toEqual({ ok: false, reason: 'NO_QUALIFIED_TECHNICIAN' });
  });

  it('gives a tie at the earliest slot to the technician with fewer bookings', () => {
    // Prepare: both free at 08:00 Monday; Hari (first by id) already has a job later in the week
    const bookings = [booking('tech-hari', '2026-01-07T02:15:00.000Z', '2026-01-07T04:15:00.000Z')];
    // Act
    const result = match({ technicians: [ram, hari], bookings });
    // Assess
    expect(result).toMatchObject({ ok: true, technicianId: 'tech-ram', start: MONDAY_0800 });
  });

  it('breaks a tie of equal load by technician id', () => {
    expect(match({ technicians: [ram, hari] })).toMatchObject({ technicianId: 'tech-hari' });
  });

  it('takes the first free slot after a technician’s booking and never overlaps it', () => {
    // Prepare: Sita is busy 08:00–10:00 local
    const bookings = [booking('tech-sita', MONDAY_0800, '2026-01-05T04:15:00.000Z')];
    // Act
    const result = match({ categories: ['ev-battery'], technicians: [sita], bookings });
    // Assess: 10:00 local, booking ends are exclusive
    expect(result).toMatchObject({
      ok: true,
      start: '2026-01-05T04:15:00.000Z',
      end: '2026-01-05T06:15:00.000Z',
    });
  });

  it('skips closed days: asked on Saturday, books Monday at opening', () => {
    const saturdayNoon = new Date('2026-01-10T06:15:00Z');
    expect(match({ notBefore: saturdayNoon })).toMatchObject({ start: '2026-01-12T02:15:00.000Z' });
  });

  it('does not start before notBefore, rounding up to the next slot of the opening-time grid', () => {
    // 10:07 local on Monday → 10:15 local
    const result = match({ notBefore: new Date('2026-01-05T04:22:00Z') });
    expect(result).toMatchObject({ start: '2026-01-05T04:30:00.000Z' });
  });

  it('continues a job that outlasts the day at the next opening (Friday 16:00 + 2 h → Monday 09:00)', () => {
    const fridayAt1600 = new Date('2026-01-09T10:15:00Z');
    const result = match({ notBefore: fridayAt1600 });
    expect(result).toMatchObject({ start: '2026-01-09T10:15:00.000Z', end: '2026-01-12T03:15:00.000Z' });
  });

  it('returns the booking a claim already holds, so a retried task books nothing new', () => {
    const held = booking('tech-sita', '2026-01-06T02:15:00.000Z', '2026-01-06T04:15:00.000Z', 'CLM-mine');
    expect(match({ claimId: 'CLM-mine', bookings: [held], categories: ['ev-battery'] })).toEqual({
      ok: true,
      technicianId: 'tech-sita',
      start: held.start,
      end: held.end,
    });
  });

  it('answers NO_FREE_SLOT when the horizon is fully booked', () => {
    const allWeek = booking('tech-sita', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z');
    expect(
      match({ categories: ['ev-battery'], technicians: [sita], bookings: [allWeek], horizonDays: 7 }),
    ).toEqual({
      ok: false,
      reason: 'NO_FREE_SLOT',
    });
  });

  it('never double-books and always starts inside working hours (property)', () => {
    const slotStart = fc
      .integer({ min: 0, max: 14 * 96 })
      .map((q) => MONDAY_EARLY.getTime() + q * 15 * 60_000);
    const bookingArb = fc.record({
      technicianId: fc.constantFrom('tech-ram', 'tech-sita', 'tech-hari'),
      start: slotStart,
      minutes: fc.integer({ min: 15, max: 600 }),
    });
    fc.assert(
      fc.property(
        fc.array(bookingArb, { maxLength: 25 }),
        fc.integer({ min: 15, max: 900 }),
        fc.integer({ min: 0, max: 7 * 24 * 60 }),
        (raw, durationMinutes, offsetMinutes) => {
          // Prepare
          const bookings = raw.map((b) =>
            booking(
              b.technicianId,
              new Date(b.start).toISOString(),
              new Date(b.start + b.minutes * 60_000).toISOString(),
            ),
          );
          const notBefore = new Date(MONDAY_EARLY.getTime() + offsetMinutes * 60_000);
          // Act
          const result = match({ bookings, durationMinutes, notBefore });
          // Assess
          if (!result.ok) return;
          const start = new Date(result.start);
          expect(start.getTime()).toBeGreaterThanOrEqual(notBefore.getTime());
          expect(Date.parse(result.end)).toBeGreaterThan(start.getTime());
          for (const b of bookings.filter((x) => x.technicianId === result.technicianId)) {
            const overlaps =
              Date.parse(b.start) < Date.parse(result.end) && Date.parse(result.start) < Date.parse(b.end);
            expect(overlaps).toBe(false);
          }
          const minute = localMinuteOfDayAt(start, centre.timeZone);
          const weekday = new Date(`${localDateAt(start, centre.timeZone)}T00:00:00Z`).getUTCDay();
          expect(weekday).toBeGreaterThanOrEqual(1);
          expect(weekday).toBeLessThanOrEqual(5);
          expect(minute).toBeGreaterThanOrEqual(8 * 60);
          expect(minute).toBeLessThan(17 * 60);
        },
      ),
    );
  });
});
