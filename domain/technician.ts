import * as z from 'zod/mini';
import { dayOfWeek, type IsoDate, IsoDateSchema } from './calendar.ts';
import { WEEKDAYS, type Weekday } from './partner.ts';
import { RegionSchema } from './region.ts';
import { builtOnFirstUse } from './validation.ts';

export const TECHNICIAN_SKILLS = ['general', 'ev-high-voltage', 'powertrain', 'electrical', 'body'] as const;
export type TechnicianSkill = (typeof TECHNICIAN_SKILLS)[number];
export const TechnicianSkillSchema = /* @__PURE__ */ (() => z.enum(TECHNICIAN_SKILLS))();

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const TechnicianIdSchema = /* @__PURE__ */ (() =>
  z.string().check(z.regex(ID, 'must be a technician id of letters, digits, - and _')))();

/**
 * Proof that a technician is trained for a skill (high-voltage safety, say), valid from its issue
 * day through its expiry day, both included.
 */
export const CertificationSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      skill: TechnicianSkillSchema,
      /** The certificate's number or name, as printed on it. */
      certificate: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
      validFrom: z.optional(IsoDateSchema),
      expiresOn: IsoDateSchema,
    })
    .check(
      z.refine((c) => c.validFrom === undefined || c.validFrom <= c.expiresOn, {
        message: 'expiresOn must not be before validFrom',
        path: ['expiresOn'],
      }),
    ),
);
export type Certification = z.infer<typeof CertificationSchema>;

/** Days off, from and to both included, on the centre's calendar. */
export const LeaveSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      from: IsoDateSchema,
      to: IsoDateSchema,
      note: z.optional(z.string().check(z.trim(), z.maxLength(200))),
    })
    .check(z.refine((l) => l.from <= l.to, { message: 'to must not be before from', path: ['to'] })),
);
export type Leave = z.infer<typeof LeaveSchema>;

export const WeekdaySchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.enum(WEEKDAYS, { error: `must be a weekday: ${WEEKDAYS.join(', ')}` }),
);

/** A technician is owned (written) by the region of their service centre. */
export const TechnicianSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    technicianId: TechnicianIdSchema,
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    centreId: z.string().check(z.regex(ID)),
    partnerId: z.string().check(z.regex(ID)),
    homeRegion: RegionSchema,
    skills: z.array(TechnicianSkillSchema).check(z.minLength(1, 'a technician needs at least one skill')),
    /**
     * Absent on technicians stored before certifications were kept: their skills count as certified.
     * Present (even empty): a skill other than `general` counts only on a day a certification for it
     * is valid.
     */
    certifications: z.optional(z.array(CertificationSchema).check(z.maxLength(50))),
    /** The weekdays they work; absent: every day the centre is open. */
    workingDays: z.optional(
      z.array(WeekdaySchema).check(z.minLength(1, 'a technician works at least one day a week')),
    ),
    leave: z.optional(z.array(LeaveSchema).check(z.maxLength(200))),
  }),
);

export type Technician = z.infer<typeof TechnicianSchema>;

/**
 * Whether the technician may do work needing `skills` on `day` (the centre's calendar): every
 * skill other than `general` (which anyone does) must be among theirs and, where certifications are
 * kept, certified on that day.
 */
export function certifiedOn(
  technician: Pick<Technician, 'skills' | 'certifications'>,
  skills: readonly TechnicianSkill[],
  day: IsoDate,
): boolean {
  return skills.every((skill) => {
    if (skill === 'general') return true;
    if (!technician.skills.includes(skill)) return false;
    if (technician.certifications === undefined) return true;
    return technician.certifications.some(
      (c) => c.skill === skill && (c.validFrom === undefined || c.validFrom <= day) && day <= c.expiresOn,
    );
  });
}

/** Whether `day` is one of the technician's working days and not one of their days off. */
export function worksOn(technician: Pick<Technician, 'workingDays' | 'leave'>, day: IsoDate): boolean {
  const weekday = WEEKDAYS[dayOfWeek(day)] as Weekday;
  if (technician.workingDays && !technician.workingDays.includes(weekday)) return false;
  return !(technician.leave ?? []).some((l) => l.from <= day && day <= l.to);
}

/** A technician's time held for one claim: [start, end) as ISO instants. */
export const BookingSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    technicianId: TechnicianIdSchema,
    claimId: z.string().check(z.minLength(1)),
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
  }))();

export type Booking = z.infer<typeof BookingSchema>;

/** The appointment a claim gets: one technician, one booking. */
export interface Appointment {
  readonly technicianId: string;
  readonly centreId: string;
  readonly start: string;
  readonly end: string;
}

/** Whether two [start, end) intervals share any instant (touching ends do not overlap). */
export function intervalsOverlap(
  a: { start: string | Date; end: string | Date },
  b: { start: string | Date; end: string | Date },
): boolean {
  const t = (x: string | Date) => (typeof x === 'string' ? Date.parse(x) : x.getTime());
  return t(a.start) < t(b.end) && t(b.start) < t(a.end);
}
