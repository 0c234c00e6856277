import * as z from 'zod/mini';
import type { Partner } from '../partner.ts';
import {
  CertificationSchema,
  LeaveSchema,
  type Technician,
  TechnicianSkillSchema,
  WeekdaySchema,
} from '../technician.ts';
import { builtOnFirstUse } from '../validation.ts';
import { invalidField, MasterDataError } from './audit.ts';

/**
 * A service centre's technicians as a manager keeps them: skills, the certifications that prove
 * them (with expiry dates), the weekdays they work and their leave. Matching (technician-matching.ts)
 * books a technician only on days they work and are certified for the job.
 */

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** `PUT technicians/{technicianId}`. */
export const TechnicianDraftSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      centreId: z.string().check(z.regex(ID, 'must be a service centre id')),
      skills: z.array(TechnicianSkillSchema).check(
        z.minLength(1, 'a technician needs at least one skill'),
        z.refine((s) => new Set(s).size === s.length, 'a skill is listed twice'),
      ),
      certifications: z.array(CertificationSchema).check(z.maxLength(50)),
      workingDays: z.optional(
        z.array(WeekdaySchema).check(
          z.minLength(1, 'a technician works at least one day a week'),
          z.refine((d) => new Set(d).size === d.length, 'a day is listed twice'),
        ),
      ),
      leave: z.optional(z.array(LeaveSchema).check(z.maxLength(200))),
    })
    .check(
      z.superRefine((t, ctx) => {
        t.certifications.forEach((c, i) => {
          if (!t.skills.includes(c.skill))
            ctx.addIssue({
              code: 'custom',
              path: ['certifications', i, 'skill'],
              message: `certification for ${c.skill}, which is not among the skills (${t.skills.join(', ')})`,
            });
        });
      }),
    ),
);
export type TechnicianDraft = z.infer<typeof TechnicianDraftSchema>;

/**
 * The technician as stored: written in the centre's (its partner's) region. A technician stays
 * at their centre: bookings are kept per centre, so a move is a new technician id.
 */
export function technicianAt(
  technicianId: string,
  draft: TechnicianDraft,
  partner: Partner | undefined,
  existing: Technician | undefined,
): Technician {
  if (!partner?.serviceCentres.some((c) => c.centreId === draft.centreId))
    throw invalidField(
      '/centreId',
      `no service centre ${draft.centreId}; create it first (PUT service-centres/${draft.centreId})`,
    );
  if (existing && existing.centreId !== draft.centreId)
    throw new MasterDataError(
      'conflict',
      `technician ${technicianId} works at ${existing.centreId}; bookings are kept per centre, so a move to ${draft.centreId} is a new technician id`,
      { pointer: '/centreId' },
    );
  const centre = partner.serviceCentres.find((c) => c.centreId === draft.centreId)!;
  if (draft.workingDays) {
    const i = draft.workingDays.findIndex((d) => centre.workingHours[d] === 'closed');
    if (i !== -1)
      throw invalidField(
        `/workingDays/${i}`,
        `${draft.workingDays[i]} is a closed day at ${centre.centreId}`,
      );
  }
  return {
    technicianId,
    name: draft.name,
    centreId: draft.centreId,
    partnerId: partner.partnerId,
    homeRegion: partner.homeRegion,
    skills: draft.skills,
    certifications: draft.certifications,
    ...(draft.workingDays ? { workingDays: draft.workingDays } : {}),
    ...(draft.leave ? { leave: draft.leave } : {}),
  };
}
