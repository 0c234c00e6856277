import { z } from 'zod';
import { RegionSchema } from './region.ts';

export const TECHNICIAN_SKILLS = ['general', 'ev-high-voltage', 'powertrain', 'electrical', 'body'] as const;
export type TechnicianSkill = (typeof TECHNICIAN_SKILLS)[number];
export const TechnicianSkillSchema = z.enum(TECHNICIAN_SKILLS);

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const TechnicianIdSchema = z.string().regex(ID, 'must be a technician id of letters, digits, - and _');

/** A technician is owned (written) by the region of their service centre. */
export const TechnicianSchema = z.strictObject({
  technicianId: TechnicianIdSchema,
  name: z.string().trim().min(1).max(200),
  centreId: z.string().regex(ID),
  partnerId: z.string().regex(ID),
  homeRegion: RegionSchema,
  skills: z.array(TechnicianSkillSchema).min(1, 'a technician needs at least one skill'),
});

export type Technician = z.infer<typeof TechnicianSchema>;

/** A technician's time held for one claim: [start, end) as ISO instants. */
export const BookingSchema = z.strictObject({
  technicianId: TechnicianIdSchema,
  claimId: z.string().min(1),
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
});

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
