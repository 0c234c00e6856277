import type { ComponentCategory } from './part.ts';
import type { ServiceCentre } from './partner.ts';
import type { Booking, Technician } from './technician.ts';
import { matchTechnician } from './technician-matching.ts';

/**
 * Which of a partner's service centres repairs a claim (issue 16): the one the partner named, or
 * else the centre with the earliest slot of a technician certified and skilled for every line
 * (ties go to the centre listed first). Decided at adjudication, before anything is reserved: when
 * no centre has a qualified technician at all, the claim goes to review for it instead of failing
 * after its parts were reserved. A centre whose qualified technicians have no free slot within the
 * horizon is still a choice (the booking says so later); only "nobody can do this job" is a reason.
 */

export interface CentreCandidate {
  readonly centre: Pick<ServiceCentre, 'centreId' | 'timeZone' | 'workingHours' | 'holidays'>;
  readonly technicians: readonly Technician[];
  readonly bookings: readonly Booking[];
}

export type CentreChoice =
  | { readonly ok: true; readonly centreId: string; readonly earliestStart?: string }
  | { readonly ok: false; readonly reason: 'NO_QUALIFIED_TECHNICIAN' };

export function chooseCentre(input: {
  /** The centres to choose from, in the partner's order (one, when the partner named it). */
  readonly candidates: readonly CentreCandidate[];
  readonly categories: readonly ComponentCategory[];
  readonly durationMinutes: number;
  readonly notBefore: Date;
  readonly claimId?: string;
}): CentreChoice {
  let best: { centreId: string; start: string } | undefined;
  let withoutSlot: string | undefined;
  for (const { centre, technicians, bookings } of input.candidates) {
    const match = matchTechnician({
      centre,
      technicians,
      bookings,
      categories: input.categories,
      durationMinutes: input.durationMinutes,
      notBefore: input.notBefore,
      ...(input.claimId ? { claimId: input.claimId } : {}),
    });
    if (match.ok) {
      if (!best || Date.parse(match.start) < Date.parse(best.start))
        best = { centreId: centre.centreId, start: match.start };
    } else if (match.reason === 'NO_FREE_SLOT') withoutSlot ??= centre.centreId;
  }
  if (best) return { ok: true, centreId: best.centreId, earliestStart: best.start };
  if (withoutSlot) return { ok: true, centreId: withoutSlot };
  return { ok: false, reason: 'NO_QUALIFIED_TECHNICIAN' };
}
