import { addDays, dayOfWeek } from './calendar.ts';
import { toScaledDecimal } from './money.ts';
import type { ComponentCategory } from './part.ts';
import { minutesOfClockTime, type ServiceCentre, WEEKDAYS } from './partner.ts';
import {
  type Booking,
  certifiedOn,
  intervalsOverlap,
  type Technician,
  type TechnicianSkill,
  worksOn,
} from './technician.ts';
import { instantAt, localDateAt } from './time-zone.ts';

/**
 * Technician matching (DESIGN §4): a technician of the claim's service centre who holds every
 * skill the parts need, at the earliest start on the slot grid inside the centre's working hours
 * (in the centre's own time zone, public holidays closed) where the whole job fits without
 * overlapping their bookings. A job longer than what is left of a working day continues at the
 * next opening; the booking then spans the closed hours in between, which no one else can use
 * anyway. On every day the job takes, the technician must work (a working day, not on leave) and
 * hold a valid certification for each skill (`certifiedOn`). Ties go to the technician with fewer
 * bookings, then to the technician id that sorts first.
 */

export const SKILL_FOR_CATEGORY: Readonly<Record<ComponentCategory, TechnicianSkill>> = {
  'ev-battery': 'ev-high-voltage',
  'hv-electrical': 'ev-high-voltage',
  'ev-drive-unit': 'ev-high-voltage',
  engine: 'powertrain',
  transmission: 'powertrain',
  driveline: 'powertrain',
  electrical: 'electrical',
  body: 'body',
  interior: 'body',
  suspension: 'general',
  brakes: 'general',
  climate: 'general',
  'wear-item': 'general',
};

export const DEFAULT_SLOT_MINUTES = 15;
export const DEFAULT_HORIZON_DAYS = 60;
const MINUTE_MS = 60_000;

/** The skills a job on these categories needs, each once. */
export function requiredSkills(categories: readonly ComponentCategory[]): TechnicianSkill[] {
  return [...new Set(categories.map((c) => SKILL_FOR_CATEGORY[c]))];
}

/**
 * Whether the technician can do the job. Every technician does general work: a high-voltage
 * specialist can also change brake pads, so 'general' is required only in the sense of "anyone".
 */
export function isQualified(
  technician: Pick<Technician, 'skills'>,
  skills: readonly TechnicianSkill[],
): boolean {
  return skills.every((skill) => skill === 'general' || technician.skills.includes(skill));
}

/** Job length for labour hours: whole minutes, rounded up (1.25 h → 75 min, 0.01 h → 1 min). */
export function minutesForLabourHours(hours: number): number {
  const tenThousandths = toScaledDecimal(hours) * 60n;
  return Number((tenThousandths + 9_999n) / 10_000n);
}

export type MatchResult =
  | { readonly ok: true; readonly technicianId: string; readonly start: string; readonly end: string }
  | { readonly ok: false; readonly reason: 'NO_QUALIFIED_TECHNICIAN' | 'NO_FREE_SLOT' };

export interface MatchInput {
  readonly centre: Pick<ServiceCentre, 'centreId' | 'timeZone' | 'workingHours' | 'holidays'>;
  readonly technicians: readonly Technician[];
  /** Existing bookings of the centre's technicians. */
  readonly bookings: readonly Booking[];
  readonly categories: readonly ComponentCategory[];
  readonly durationMinutes: number;
  /** Earliest acceptable start (now, or when the parts arrive). */
  readonly notBefore: Date;
  /** The claim being scheduled: if it already holds a booking (a retried task), that booking is the answer. */
  readonly claimId?: string;
  readonly horizonDays?: number;
  readonly slotMinutes?: number;
}

interface Period {
  readonly start: number;
  readonly end: number;
  /** The centre's local day it belongs to. */
  readonly date: string;
}

/** The centre's opening periods, as instants, for each local day from `fromDate` on. */
function workingPeriods(centre: MatchInput['centre'], fromDate: string, days: number): Period[] {
  const periods: Period[] = [];
  const holidays = new Set(centre.holidays ?? []);
  for (let i = 0; i <= days; i++) {
    const date = addDays(fromDate, i);
    if (holidays.has(date)) continue;
    const hours = centre.workingHours[WEEKDAYS[dayOfWeek(date)] as keyof typeof centre.workingHours];
    if (hours === 'closed') continue;
    const start = instantAt(date, minutesOfClockTime(hours.open), centre.timeZone).getTime();
    const end = instantAt(date, minutesOfClockTime(hours.close), centre.timeZone).getTime();
    if (end > start) periods.push({ start, end, date });
  }
  return periods;
}

/** The local days a job from period `index` until `end` works on. */
function jobDays(periods: readonly Period[], index: number, end: number): string[] {
  const days: string[] = [];
  for (let i = index; i < periods.length && (periods[i] as Period).start < end; i++)
    days.push((periods[i] as Period).date);
  return days;
}

/** When a job starting at `start` (inside period `index`) ends, counting only working time. */
function jobEnd(
  periods: readonly Period[],
  index: number,
  start: number,
  durationMs: number,
): number | undefined {
  let remaining = durationMs;
  let from = start;
  for (let i = index; i < periods.length; i++) {
    const period = periods[i] as Period;
    if (i > index) from = period.start;
    if (from + remaining <= period.end) return from + remaining;
    remaining -= period.end - from;
  }
  return undefined;
}

export function matchTechnician(input: MatchInput): MatchResult {
  const { centre, bookings, notBefore } = input;
  const slotMs = (input.slotMinutes ?? DEFAULT_SLOT_MINUTES) * MINUTE_MS;
  const durationMs = input.durationMinutes * MINUTE_MS;
  if (!(input.durationMinutes > 0))
    throw new RangeError(`duration must be positive, got ${input.durationMinutes}`);

  const skills = requiredSkills(input.categories);
  const firstDay = localDateAt(notBefore, centre.timeZone);
  // Certifications that lapse before the earliest possible day cannot make anyone qualified.
  const stillCertifiable = (t: Technician) =>
    skills.every(
      (skill) =>
        skill === 'general' ||
        t.certifications === undefined ||
        t.certifications.some((c) => c.skill === skill && c.expiresOn >= firstDay),
    );
  const qualified = input.technicians
    .filter((t) => t.centreId === centre.centreId && isQualified(t, skills) && stillCertifiable(t))
    .sort((a, b) => a.technicianId.localeCompare(b.technicianId));
  if (qualified.length === 0) return { ok: false, reason: 'NO_QUALIFIED_TECHNICIAN' };

  const held = bookings.find(
    (b) => b.claimId === input.claimId && qualified.some((t) => t.technicianId === b.technicianId),
  );
  if (input.claimId !== undefined && held) {
    return { ok: true, technicianId: held.technicianId, start: held.start, end: held.end };
  }

  const others = bookings.filter((b) => b.claimId !== input.claimId);
  const bookingsOf = new Map(
    qualified.map((t) => [t.technicianId, others.filter((b) => b.technicianId === t.technicianId)]),
  );
  const load = (technicianId: string) =>
    (bookingsOf.get(technicianId) ?? []).filter((b) => Date.parse(b.end) > notBefore.getTime()).length;

  const periods = workingPeriods(
    centre,
    addDays(firstDay, -1),
    (input.horizonDays ?? DEFAULT_HORIZON_DAYS) + 1,
  );
  for (const [index, period] of periods.entries()) {
    // The grid starts at opening time, so appointments read 08:00, 08:15, … on the centre's clock.
    for (let start = period.start; start < period.end; start += slotMs) {
      if (start < notBefore.getTime()) continue;
      const end = jobEnd(periods, index, start, durationMs);
      if (end === undefined) break;
      const slot = { start: new Date(start), end: new Date(end) };
      const days = jobDays(periods, index, end);
      const free = qualified.filter(
        (t) =>
          days.every((day) => worksOn(t, day) && certifiedOn(t, skills, day)) &&
          !(bookingsOf.get(t.technicianId) ?? []).some((b) => intervalsOverlap(slot, b)),
      );
      const chosen = free.sort((a, b) => load(a.technicianId) - load(b.technicianId))[0];
      if (chosen) {
        return {
          ok: true,
          technicianId: chosen.technicianId,
          start: slot.start.toISOString(),
          end: slot.end.toISOString(),
        };
      }
    }
  }
  return { ok: false, reason: 'NO_FREE_SLOT' };
}
