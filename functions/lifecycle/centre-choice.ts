import { type CentreChoice, chooseCentre } from '../../domain/centre-choice.ts';
import { allowedLaborHours, type Claim, type ClaimLine } from '../../domain/claim.ts';
import type { ComponentCategory, Part } from '../../domain/part.ts';
import type { Partner } from '../../domain/partner.ts';
import { minutesForLabourHours } from '../../domain/technician-matching.ts';
import type { LifecycleDependencies } from './dependencies.ts';

/** What a repair of these lines asks of a technician: the parts' categories and the time, in minutes. */
export function repairJob(
  lines: readonly ClaimLine[],
  parts: ReadonlyMap<string, Part>,
): { categories: ComponentCategory[]; durationMinutes: number } {
  const categories = lines
    .map((l) => l.category ?? parts.get(l.partNumber)?.category)
    .filter((c) => c !== undefined);
  const hours = lines.reduce((sum, l) => sum + allowedLaborHours(l), 0);
  return { categories, durationMinutes: Math.max(15, minutesForLabourHours(Math.round(hours * 100) / 100)) };
}

/**
 * The service centre for a claim (domain/centre-choice.ts): the one it names, or the partner's
 * centre with the earliest slot of a qualified technician, judged on the lines a decision would pay.
 */
export async function serviceCentreFor(
  deps: Pick<LifecycleDependencies, 'clock' | 'technicians'>,
  claim: Claim,
  partner: Partner,
  lines: readonly ClaimLine[],
  parts: ReadonlyMap<string, Part>,
): Promise<CentreChoice> {
  const centres = claim.centreId
    ? partner.serviceCentres.filter((c) => c.centreId === claim.centreId)
    : partner.serviceCentres;
  const now = deps.clock.now();
  const candidates = await Promise.all(
    centres.map(async (centre) => ({
      centre,
      technicians: await deps.technicians.listByCentre(centre.centreId),
      bookings: await deps.technicians.bookings(centre.centreId, now.toISOString()),
    })),
  );
  return chooseCentre({ candidates, ...repairJob(lines, parts), notBefore: now, claimId: claim.claimId });
}
