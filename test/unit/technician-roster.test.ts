import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar.ts';
import { technicianAt } from '../../domain/master-data/technicians.ts';
import { certifiedOn, type Technician, worksOn } from '../../domain/technician.ts';
import { type MatchInput, matchTechnician } from '../../domain/technician-matching.ts';
import { localDateAt } from '../../domain/time-zone.ts';
import { aCentre, aPartner, aTechnician } from './support/fixtures.ts';

// Kathmandu is UTC+05:45: Monday 2026-01-05 08:00 local is 02:15 UTC; the centre opens Mon–Fri 08–17.
const MONDAY_EARLY = new Date('2026-01-05T00:00:00Z');
const centre = aCentre();

const evTech = (technicianId: string, expiresOn: string, over: Partial<Technician> = {}) =>
  aTechnician({
    technicianId,
    skills: ['general', 'ev-high-voltage'],
    certifications: [{ skill: 'ev-high-voltage', expiresOn }],
    ...over,
  });

const batteryJob = (technicians: Technician[], over: Partial<MatchInput> = {}) =>
  matchTechnician({
    centre,
    technicians,
    bookings: [],
    categories: ['ev-battery'],
    durationMinutes: 120,
    notBefore: MONDAY_EARLY,
    ...over,
  });

describe('certifiedOn', () => {
  const t = evTech('t1', '2026-01-31', {
    certifications: [{ skill: 'ev-high-voltage', validFrom: '2025-02-01', expiresOn: '2026-01-31' }],
  });

  it('counts a certification from its first day through its expiry day, both included', () => {
    expect(certifiedOn(t, ['ev-high-voltage'], '2025-02-01')).toBe(true);
    expect(certifiedOn(t, ['ev-high-voltage'], '2026-01-31')).toBe(true);
  });

  it('does not count it the day before it starts or the day after it expires', () => {
    expect(certifiedOn(t, ['ev-high-voltage'], '2025-01-31')).toBe(false);
    expect(certifiedOn(t, ['ev-high-voltage'], '2026-02-01')).toBe(false);
  });

  it('needs no certification for general work', () => {
    expect(certifiedOn(aTechnician({ certifications: [] }), ['general'], '2030-01-01')).toBe(true);
  });

  it('treats a technician stored before certifications were kept as certified in their skills', () => {
    const legacy = aTechnician({ skills: ['general', 'electrical'] });
    expect(certifiedOn(legacy, ['electrical'], '2030-01-01')).toBe(true);
    expect(certifiedOn(legacy, ['ev-high-voltage'], '2030-01-01')).toBe(false);
  });
});

describe('worksOn', () => {
  const t = aTechnician({
    workingDays: ['mon', 'tue', 'wed'],
    leave: [{ from: '2026-01-12', to: '2026-01-13' }],
  });

  it('works on a working day that is not leave', () => {
    expect(worksOn(t, '2026-01-05')).toBe(true); // Monday
  });

  it('does not work on another weekday, or on leave (first and last day included)', () => {
    expect(worksOn(t, '2026-01-08')).toBe(false); // Thursday
    expect(worksOn(t, '2026-01-12')).toBe(false);
    expect(worksOn(t, '2026-01-13')).toBe(false);
    expect(worksOn(t, '2026-01-14')).toBe(true);
  });
});

describe('matching with certifications, working days, leave and holidays', () => {
  it('never books a technician whose certification for the job has expired', () => {
    const result = batteryJob([evTech('expired', '2025-12-31'), evTech('valid', '2027-12-31')]);
    expect(result).toMatchObject({ ok: true, technicianId: 'valid' });
  });

  it('finds no qualified technician when every certification for the job has expired', () => {
    expect(batteryJob([evTech('expired', '2025-12-31')])).toEqual({
      ok: false,
      reason: 'NO_QUALIFIED_TECHNICIAN',
    });
  });

  it('books a certification that expires on Tuesday only up to Tuesday', () => {
    // Prepare: Monday and Tuesday fully booked
    const t = evTech('t1', '2026-01-06');
    const busy = [
      {
        technicianId: 't1',
        claimId: 'x',
        start: '2026-01-05T02:15:00.000Z',
        end: '2026-01-06T11:15:00.000Z',
      },
    ];
    // Act: Monday and Tuesday are taken; Wednesday is after the expiry
    const result = batteryJob([t], { bookings: busy });
    // Assess
    expect(result).toEqual({ ok: false, reason: 'NO_FREE_SLOT' });
  });

  it('skips the centre’s public holidays', () => {
    const holidayCentre = aCentre({ holidays: ['2026-01-05'] });
    const result = batteryJob([evTech('t1', '2027-01-01')], { centre: holidayCentre });
    expect(result.ok && localDateAt(new Date(result.start), 'Asia/Kathmandu')).toBe('2026-01-06');
  });

  it('skips a technician’s leave and days off, choosing a colleague who works', () => {
    const onLeave = evTech('a-on-leave', '2027-01-01', { leave: [{ from: '2026-01-05', to: '2026-01-09' }] });
    const tuesdaysOnly = evTech('b-tuesdays', '2027-01-01', { workingDays: ['tue'] });
    const result = batteryJob([onLeave, tuesdaysOnly]);
    expect(result).toMatchObject({ ok: true, technicianId: 'b-tuesdays' });
    expect(result.ok && localDateAt(new Date(result.start), 'Asia/Kathmandu')).toBe('2026-01-06');
  });

  it('books only technicians certified and at work on every day of the job (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            expiresIn: fc.integer({ min: -5, max: 20 }),
            leaveFrom: fc.integer({ min: 0, max: 15 }),
            leaveDays: fc.integer({ min: 0, max: 5 }),
            days: fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri'] as const, { minLength: 1 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.integer({ min: 15, max: 900 }),
        (specs, minutes) => {
          const team = specs.map((s, i) =>
            evTech(`t${i}`, addDays('2026-01-05', s.expiresIn), {
              workingDays: [...s.days],
              leave: [
                {
                  from: addDays('2026-01-05', s.leaveFrom),
                  to: addDays('2026-01-05', s.leaveFrom + s.leaveDays),
                },
              ],
            }),
          );
          const result = batteryJob(team, { durationMinutes: minutes, horizonDays: 20 });
          if (!result.ok) return;
          const chosen = team.find((t) => t.technicianId === result.technicianId)!;
          const first = localDateAt(new Date(result.start), 'Asia/Kathmandu');
          const last = localDateAt(new Date(Date.parse(result.end) - 1), 'Asia/Kathmandu');
          for (let d = first; d <= last; d = addDays(d, 1)) {
            // Closed days in between (the weekend) are spanned, not worked.
            if (['2026-01-10', '2026-01-11', '2026-01-17', '2026-01-18'].includes(d)) continue;
            expect(certifiedOn(chosen, ['ev-high-voltage'], d)).toBe(true);
            expect(worksOn(chosen, d)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('technicianAt (a technician as a manager puts them)', () => {
  const partner = aPartner();
  const draft = {
    name: 'Pema Sherpa',
    centreId: 'KTM-1',
    skills: ['general' as const, 'ev-high-voltage' as const],
    certifications: [{ skill: 'ev-high-voltage' as const, expiresOn: '2027-03-31' }],
  };

  it('takes the partner and region of the centre', () => {
    expect(technicianAt('pema', draft, partner, undefined)).toMatchObject({
      partnerId: partner.partnerId,
      homeRegion: 'ap-south-1',
      centreId: 'KTM-1',
    });
  });

  it('refuses a centre the partner does not have, naming centreId', () => {
    expect(() => technicianAt('pema', { ...draft, centreId: 'NOPE' }, partner, undefined)).toThrow(
      expect.objectContaining({ kind: 'invalid', field: { pointer: '/centreId' } }),
    );
  });

  it('refuses a working day the centre is closed, naming it', () => {
    expect(() => technicianAt('pema', { ...draft, workingDays: ['mon', 'sun'] }, partner, undefined)).toThrow(
      expect.objectContaining({ field: { pointer: '/workingDays/1' } }),
    );
  });

  it('refuses a move to another centre (bookings are kept per centre)', () => {
    const existing = technicianAt('pema', draft, partner, undefined);
    const twoCentres = aPartner({ serviceCentres: [aCentre(), aCentre({ centreId: 'PKR-1' })] });
    expect(() => technicianAt('pema', { ...draft, centreId: 'PKR-1' }, twoCentres, existing)).toThrow(
      expect.objectContaining({ kind: 'conflict' }),
    );
  });
});
