import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLAIM_STATUSES, type Claim } from '../../domain/claim.ts';
import {
  OVERDUE_STATUSES,
  overdueOf,
  STALLED_AFTER_MINUTES,
  stalledBefore,
  TRANSIENT_STATUSES,
} from '../../domain/overdue.ts';
import { aClaim } from './support/fixtures.ts';

const NOW = new Date('2025-02-01T12:00:00.000Z');
const minutesBefore = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();
const appointment = (end: string) => ({
  technicianId: 'tech-ram',
  centreId: 'KTM-1',
  start: new Date(Date.parse(end) - 3_600_000).toISOString(),
  end,
});
const completion = {
  completedAt: minutesBefore(30),
  partsUsed: [],
  laborHours: 1,
  notes: 'done',
};
const claimIn = (over: Partial<Claim>) => aClaim({ updatedAt: NOW.toISOString(), ...over });

describe('overdue in review', () => {
  it('is overdue once the review timed out (escalated), since the escalation', () => {
    const claim = claimIn({ status: 'IN_REVIEW', escalatedAt: minutesBefore(5) });
    expect(overdueOf(claim, NOW)).toEqual({ reason: 'REVIEW_TIMED_OUT', since: minutesBefore(5) });
  });

  it('is not overdue while the review timeout has not fired, however long ago it was filed', () => {
    const claim = claimIn({ status: 'IN_REVIEW', updatedAt: minutesBefore(60 * 24 * 30) });
    expect(overdueOf(claim, NOW)).toBeUndefined();
  });
});

describe('overdue when scheduled', () => {
  it('is overdue when the appointment ended and no completion was reported, since its end', () => {
    const claim = claimIn({ status: 'SCHEDULED', appointment: appointment(minutesBefore(1)) });
    expect(overdueOf(claim, NOW)).toEqual({ reason: 'APPOINTMENT_PASSED', since: minutesBefore(1) });
  });

  it('is not overdue at the very moment the appointment ends', () => {
    const claim = claimIn({ status: 'SCHEDULED', appointment: appointment(NOW.toISOString()) });
    expect(overdueOf(claim, NOW)).toBeUndefined();
  });

  it('is not overdue before the appointment ends, nor once the completion is reported', () => {
    const upcoming = claimIn({ status: 'SCHEDULED', appointment: appointment(minutesBefore(-60)) });
    const reported = claimIn({
      status: 'SCHEDULED',
      appointment: appointment(minutesBefore(90)),
      completion,
    });
    expect(overdueOf(upcoming, NOW)).toBeUndefined();
    expect(overdueOf(reported, NOW)).toBeUndefined();
  });

  it('is overdue once the workflow reminded the partner, even before the appointment ends', () => {
    const claim = claimIn({
      status: 'SCHEDULED',
      appointment: appointment(minutesBefore(-60)),
      repairReminders: 1,
      updatedAt: minutesBefore(10),
    });
    expect(overdueOf(claim, NOW)).toEqual({ reason: 'REPAIR_NOT_REPORTED', since: minutesBefore(10) });
  });

  it('counts a scheduled claim without an appointment (its slot given back) as stalled after an hour', () => {
    expect(overdueOf(claimIn({ status: 'SCHEDULED', updatedAt: minutesBefore(59) }), NOW)).toBeUndefined();
    expect(overdueOf(claimIn({ status: 'SCHEDULED', updatedAt: minutesBefore(61) }), NOW)?.reason).toBe(
      'STALLED',
    );
  });
});

describe('stalled workflow', () => {
  it.each(TRANSIENT_STATUSES)(
    'is overdue in %s only after the claim stayed unchanged for an hour',
    (status) => {
      const atLimit = claimIn({ status, updatedAt: minutesBefore(STALLED_AFTER_MINUTES) });
      const past = claimIn({ status, updatedAt: minutesBefore(STALLED_AFTER_MINUTES + 1) });
      expect(overdueOf(atLimit, NOW)).toBeUndefined();
      expect(overdueOf(past, NOW)).toEqual({ reason: 'STALLED', since: minutesBefore(1) });
    },
  );

  it('agrees with stalledBefore, the bound the index query uses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 24 * 60 * 60 }), (secondsAgo) => {
        const updatedAt = new Date(NOW.getTime() - secondsAgo * 1000).toISOString();
        const claim = claimIn({ status: 'APPROVED', updatedAt });
        expect(overdueOf(claim, NOW) !== undefined).toBe(updatedAt < stalledBefore(NOW).toISOString());
      }),
    );
  });
});

describe('never overdue', () => {
  it.each(CLAIM_STATUSES.filter((s) => !OVERDUE_STATUSES.includes(s)))(
    'never counts a claim %s as overdue, however old',
    (status) => {
      const claim = claimIn({
        status,
        updatedAt: minutesBefore(60 * 24 * 365),
        escalatedAt: minutesBefore(60 * 24 * 300),
        appointment: appointment(minutesBefore(60 * 24 * 300)),
        repairReminders: 3,
      });
      expect(overdueOf(claim, NOW)).toBeUndefined();
    },
  );
});
