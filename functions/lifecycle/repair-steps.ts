import { type Claim, payableLines, transition } from '../../domain/claim.ts';
import { partsArriveAt } from '../../domain/parts-expected.ts';
import { SlotTakenError } from '../../domain/ports.ts';
import { matchTechnician } from '../../domain/technician-matching.ts';
import { NoTechnicianError } from '../errors.ts';
import { repairJob } from './centre-choice.ts';
import { loadClaim, loadPartner, serviceCentreOf, systemChange, updateClaim } from './claim-loader.ts';
import type { LifecycleDependencies, StepInput } from './dependencies.ts';

const MAX_BOOKING_ATTEMPTS = 6;

type RepairDependencies = Pick<
  LifecycleDependencies,
  | 'region'
  | 'clock'
  | 'claims'
  | 'partners'
  | 'partsCatalog'
  | 'stock'
  | 'technicians'
  | 'leases'
  | 'waits'
>;

/**
 * The workflow's repair: AssignTechnician (once the parts are reserved; it schedules the repair), then
 * AwaitRepair with RemindRepair on its timeouts (SettleClaim records the repair and settles).
 */
export function repairSteps(deps: RepairDependencies) {
  /** Parts held and a technician booked: the repair is SCHEDULED (unchanged if it is already, or failed). */
  const schedule = (c: Claim): Claim | undefined =>
    !c.failure && c.appointment && (c.status === 'APPROVED' || c.status === 'AWAITING_PARTS')
      ? transition(
          c,
          'SCHEDULED',
          systemChange(deps, `appointment ${c.appointment.start} with ${c.appointment.technicianId}`),
        )
      : undefined;

  return {
    /**
     * Books the earliest qualified technician of the claim's service centre (DESIGN §4), once its
     * parts are there: no earlier than their arrival at the centre (domain/parts-expected.ts). The
     * booking takes per-slot locks in one transaction, so a slot another claim took meanwhile makes
     * this one read the bookings again and pick the next slot; a retried task gets its own booking
     * back. An appointment held from before the parts could arrive (booked before a backorder) is
     * given back and booked again; the new time is told by NotifyAppointment and the partner's
     * claim.appointment_booked. The same write schedules the repair (SCHEDULED): one task and one
     * claim write where there were two (issue 18).
     */
    async assignTechnician({ claimId, epoch }: StepInput): Promise<{ technicianId: string; start: string }> {
      let claim = await loadClaim(deps, claimId);
      // Repaired already (a redriven run after a failure at settlement): no slot to book any more.
      if (claim.completion) return { technicianId: '', start: claim.completion.completedAt };
      // A run that booked and was cut short before the claim was scheduled (or one resumed in another
      // region) finishes the job with the booking it has.
      const arrival = partsArriveAt(
        claim.reservations ?? [],
        claim.reservations?.some((r) => r.region !== claim.homeRegion) ? await deps.stock.warehouses() : [],
        claim.homeRegion,
        new Date(claim.partsReservedAt ?? deps.clock.now().toISOString()),
      );
      if (claim.appointment && Date.parse(claim.appointment.start) >= arrival.getTime()) {
        const { technicianId, start } = claim.appointment;
        await updateClaim(deps.claims.underEpoch(epoch), claimId, (c) => schedule(c));
        return { technicianId, start };
      }
      if (claim.appointment) {
        await deps.technicians.cancelBooking(claimId);
        claim = await updateClaim(deps.claims.underEpoch(epoch), claimId, (c) =>
          c.appointment ? { ...c, appointment: undefined } : undefined,
        );
      }
      const partner = await loadPartner(deps, claim.partnerId);
      const centre = serviceCentreOf(partner, claim);
      if (!centre) throw new NoTechnicianError(claimId, 'the partner has no service centre');
      const lines = payableLines(claim);
      const parts = await deps.partsCatalog.getParts(lines.map((l) => l.partNumber));
      const { categories, durationMinutes } = repairJob(lines, parts);
      const team = await deps.technicians.listByCentre(centre.centreId);

      // "Earliest free slot" is a race by nature: bookings at one centre take turns under a lease,
      // and the per-slot locks still refuse any overlap should a lease ever expire mid-booking.
      const match = await deps.leases.withLease(`centre:${centre.centreId}`, async () => {
        for (let attempt = 1; ; attempt++) {
          const now = deps.clock.now();
          const notBefore = new Date(Math.max(arrival.getTime(), now.getTime()));
          const bookings = await deps.technicians.bookings(centre.centreId, now.toISOString());
          const found = matchTechnician({
            centre,
            technicians: team,
            bookings,
            categories,
            durationMinutes,
            notBefore,
            claimId,
          });
          if (!found.ok) throw new NoTechnicianError(claimId, found.reason);
          try {
            await deps.technicians.book(
              centre.centreId,
              { technicianId: found.technicianId, claimId, start: found.start, end: found.end },
              claim.homeRegion,
            );
            return found;
          } catch (err) {
            if (err instanceof SlotTakenError && attempt < MAX_BOOKING_ATTEMPTS) continue;
            throw err;
          }
        }
      });
      const appointment = {
        technicianId: match.technicianId,
        centreId: centre.centreId,
        start: match.start,
        end: match.end,
      };
      const saved = await updateClaim(deps.claims.underEpoch(epoch), claimId, (c) =>
        c.appointment || c.failure ? schedule(c) : (schedule({ ...c, appointment }) ?? { ...c, appointment }),
      );
      if (saved.failure) {
        // The claim was compensated while this task ran (the parts branch failed): give the slot back.
        await deps.technicians.cancelBooking(claimId);
        throw new Error(`claim ${claimId} failed while its technician was being booked`);
      }
      return { technicianId: match.technicianId, start: match.start };
    },

    /** Waits for the partner's completion call; if it came already (a resumed run), goes on at once. */
    async awaitRepair(input: StepInput & { taskToken: string }): Promise<{ waiting: boolean }> {
      await deps.waits.park(input.claimId, 'repair', input.taskToken);
      const claim = await loadClaim(deps, input.claimId);
      if (claim.completion) {
        await deps.waits.resume(claim.claimId, 'repair', claim.completion);
        return { waiting: false };
      }
      return { waiting: true };
    },

    /** The repair is overdue: one more reminder to the partner, counted on the claim. */
    async remindRepair({ claimId, epoch }: StepInput): Promise<{ reminders: number }> {
      const saved = await updateClaim(deps.claims.underEpoch(epoch), claimId, (c) => ({
        ...c,
        repairReminders: (c.repairReminders ?? 0) + 1,
        updatedAt: deps.clock.now().toISOString(),
      }));
      return { reminders: saved.repairReminders ?? 0 };
    },
  };
}
