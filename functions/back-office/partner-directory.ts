import type { ServiceCentre } from '../../domain/partner.ts';
import type { Booking, Technician } from '../../domain/technician.ts';
import { matchTechnician } from '../../domain/technician-matching.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

const LOAD_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;
/** The next free slot is looked for this far ahead (the matcher's own horizon is 60 days). */
const FREE_SLOT_HORIZON_DAYS = 14;

export interface TechnicianLoad {
  /** Bookings that overlap the next 7 days. */
  bookedSlots: number;
  /** Booked hours inside the next 7 days. */
  bookedHours: number;
  /** Start of the technician's earliest free 15-minute slot within the centre's hours (14 days ahead). */
  nextFreeSlot?: string;
}

/** A technician's load: the pure matcher asked about one technician and a 15-minute job. */
function loadOf(
  technician: Technician,
  centre: ServiceCentre,
  bookings: readonly Booking[],
  now: Date,
): TechnicianLoad {
  const from = now.getTime();
  const to = from + LOAD_WINDOW_DAYS * DAY_MS;
  const own = bookings.filter(
    (b) => b.technicianId === technician.technicianId && Date.parse(b.start) < to && Date.parse(b.end) > from,
  );
  const bookedMs = own.reduce(
    (ms, b) => ms + Math.min(Date.parse(b.end), to) - Math.max(Date.parse(b.start), from),
    0,
  );
  const free = matchTechnician({
    centre,
    technicians: [technician],
    bookings,
    categories: [],
    durationMinutes: 15,
    notBefore: now,
    horizonDays: FREE_SLOT_HORIZON_DAYS,
  });
  return {
    bookedSlots: own.length,
    bookedHours: Math.round((bookedMs / 3_600_000) * 100) / 100,
    ...(free.ok ? { nextFreeSlot: free.start } : {}),
  };
}

/** The partners homed in `region`, by id. */
export async function partnersOf(deps: Pick<BackOfficeDependencies, 'partners'>, region: string) {
  return (await deps.partners.list())
    .filter((p) => p.homeRegion === region)
    .sort((a, b) => a.partnerId.localeCompare(b.partnerId));
}

/** A region's partners with their service centres (hours, time zone) and technicians (skills, load). */
export function partnerDirectory(deps: Pick<BackOfficeDependencies, 'partners' | 'technicians' | 'clock'>) {
  return async (region: string) => {
    const now = deps.clock.now();
    const list = await partnersOf(deps, region);
    const items = await Promise.all(
      list.map(async (p) => ({
        partnerId: p.partnerId,
        name: p.name,
        market: p.market,
        region: p.homeRegion,
        currency: p.currency,
        tier: p.tier,
        status: p.status ?? 'active',
        ...(p.contact ? { contact: p.contact } : {}),
        centres: await Promise.all(
          p.serviceCentres.map(async (c) => {
            const [team, bookings] = await Promise.all([
              deps.technicians.listByCentre(c.centreId),
              deps.technicians.bookings(c.centreId, now.toISOString()),
            ]);
            return {
              centreId: c.centreId,
              name: c.name,
              address: c.address,
              phone: c.phone,
              timeZone: c.timeZone,
              workingHours: c.workingHours,
              technicians: [...team]
                .sort((a, b) => a.technicianId.localeCompare(b.technicianId))
                .map((t) => ({
                  technicianId: t.technicianId,
                  name: t.name,
                  skills: t.skills,
                  load: loadOf(t, c, bookings, now),
                })),
            };
          }),
        ),
      })),
    );
    return { region, at: now.toISOString(), items };
  };
}
