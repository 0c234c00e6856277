import {
  allowedLaborHours,
  type Claim,
  type Completion,
  payableLines,
  transition,
} from '../../domain/claim.ts';
import { findServiceCentre } from '../../domain/partner.ts';
import { SlotTakenError } from '../../domain/ports.ts';
import { applySettlement, settleClaim } from '../../domain/settlement.ts';
import { matchTechnician, minutesForLabourHours } from '../../domain/technician-matching.ts';
import { updateClaim } from '../data/claim-repository.ts';
import { NoTechnicianError, RepairNotExpectedError } from '../errors.ts';
import { catalog, claimsRepo, clock, regional, stock, technicians } from '../shared/context.ts';
import type { TaskInput } from '../shared/workflow-task.ts';
import { systemChange } from './change.ts';
import { scheduleMaintenanceReminder } from './follow-up.ts';
import { loadClaim, loadPartner } from './steps-decision.ts';
import { leaveRestockQueue } from './steps-parts.ts';
import { resumeClaim } from './task-tokens.ts';

const MAX_BOOKING_ATTEMPTS = 6;

/**
 * Books the earliest qualified technician of the claim's service centre (DESIGN §4). The booking
 * takes per-slot locks in one transaction, so a slot another claim took meanwhile makes this one
 * read the bookings again and pick the next slot; a retried task gets its own booking back.
 */
export async function assignTechnician({
  claimId,
  epoch,
}: TaskInput): Promise<{ technicianId: string; start: string }> {
  const claim = await loadClaim(claimId, epoch);
  if (claim.appointment)
    return { technicianId: claim.appointment.technicianId, start: claim.appointment.start };
  // Repaired already (a redriven run after a failure at settlement): no slot to book any more.
  if (claim.completion) return { technicianId: '', start: claim.completion.completedAt };
  const partner = await loadPartner(claim.partnerId);
  const centre = (claim.centreId && findServiceCentre(partner, claim.centreId)) || partner.serviceCentres[0];
  if (!centre) throw new NoTechnicianError(claimId, 'the partner has no service centre');
  const lines = payableLines(claim);
  const parts = await catalog.getParts(lines.map((l) => l.partNumber));
  const categories = lines
    .map((l) => l.category ?? parts.get(l.partNumber)?.category)
    .filter((c) => c !== undefined);
  const hours = lines.reduce((sum, l) => sum + allowedLaborHours(l), 0);
  const durationMinutes = Math.max(15, minutesForLabourHours(Math.round(hours * 100) / 100));
  const team = await technicians.listByCentre(centre.centreId);

  // "Earliest free slot" is a race by nature: bookings at one centre take turns under a lease,
  // and the per-slot locks still refuse any overlap should a lease ever expire mid-booking.
  const match = await regional.withLease(`centre:${centre.centreId}`, async () => {
    for (let attempt = 1; ; attempt++) {
      const now = clock.now();
      const bookings = await technicians.bookings(centre.centreId, now.toISOString());
      const found = matchTechnician({
        centre,
        technicians: team,
        bookings,
        categories,
        durationMinutes,
        notBefore: now,
        claimId,
      });
      if (!found.ok) throw new NoTechnicianError(claimId, found.reason);
      try {
        await technicians.book(
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
  const saved = await updateClaim(claimsRepo(epoch), claimId, (c) =>
    c.appointment || c.failure ? undefined : { ...c, appointment },
  );
  if (saved.failure) {
    // The claim was compensated while this task ran (the parts branch failed): give the slot back.
    await technicians.cancelBooking(claimId);
    throw new Error(`claim ${claimId} failed while its technician was being booked`);
  }
  return { technicianId: match.technicianId, start: match.start };
}

/** Parts held and a technician booked: the repair is SCHEDULED. */
export async function confirmAppointment({ claimId, epoch }: TaskInput): Promise<{ status: string }> {
  const saved = await updateClaim(claimsRepo(epoch), claimId, (c) =>
    c.status === 'APPROVED' || c.status === 'AWAITING_PARTS'
      ? transition(
          c,
          'SCHEDULED',
          systemChange(
            `appointment ${c.appointment?.start ?? ''} with ${c.appointment?.technicianId ?? ''}`.trim(),
          ),
        )
      : undefined,
  );
  return { status: saved.status };
}

/** Waits for the partner's completion call; if it came already (a resumed run), goes on at once. */
export async function awaitRepair(input: TaskInput & { taskToken: string }): Promise<{ waiting: boolean }> {
  await regional.putTaskToken(input.claimId, 'repair', input.taskToken);
  const claim = await loadClaim(input.claimId, input.epoch);
  if (claim.completion) {
    await resumeClaim(claim.claimId, 'repair', claim.completion);
    return { waiting: false };
  }
  return { waiting: true };
}

/** The repair is overdue: one more reminder to the partner, counted on the claim. */
export async function remindRepair({ claimId, epoch }: TaskInput): Promise<{ reminders: number }> {
  const saved = await updateClaim(claimsRepo(epoch), claimId, (c) => ({
    ...c,
    repairReminders: (c.repairReminders ?? 0) + 1,
    updatedAt: clock.now().toISOString(),
  }));
  return { reminders: saved.repairReminders ?? 0 };
}

/**
 * The partner reports the repair done (partner API). Stored on the claim first, so a lost answer
 * to the workflow is recovered when AwaitRepair runs again; then the waiting execution goes on.
 */
export async function completeRepair(claimId: string, completion: Completion): Promise<Claim> {
  const claim = await loadClaim(claimId);
  if (claim.status !== 'SCHEDULED' && !claim.completion)
    throw new RepairNotExpectedError(claimId, claim.status);
  const saved = await updateClaim(claimsRepo(), claimId, (c) =>
    c.completion ? undefined : { ...c, completion },
  );
  await resumeClaim(claimId, 'repair', saved.completion);
  return saved;
}

/** Records the completion reported through the token and moves the claim to REPAIRED. */
export async function recordRepair(
  input: TaskInput & { completion?: Completion },
): Promise<{ status: string }> {
  const saved = await updateClaim(claimsRepo(input.epoch), input.claimId, (c) => {
    if (c.status !== 'SCHEDULED') return undefined;
    const completion = c.completion ?? input.completion;
    if (!completion) throw new Error(`claim ${c.claimId} has no completion to record`);
    return transition(
      { ...c, completion },
      'REPAIRED',
      systemChange(`repaired at ${completion.completedAt}`),
    );
  });
  return { status: saved.status };
}

/** Totals per warehouse and part, as the ledger keeps them. */
function byWarehousePart(
  list: readonly { warehouseId: string; partNumber: string; quantity: number }[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of list)
    out.set(
      `${r.warehouseId}|${r.partNumber}`,
      (out.get(`${r.warehouseId}|${r.partNumber}`) ?? 0) + r.quantity,
    );
  return out;
}

/**
 * Settles with the partner (DESIGN §4): used parts at the partner's prices plus labour, in minor
 * units; used reservations consumed, the rest released, each once.
 */
export async function settleRepair({
  claimId,
  epoch,
}: TaskInput): Promise<{ total: number; currency: string }> {
  const claim = await loadClaim(claimId, epoch);
  if (claim.status !== 'REPAIRED') {
    const settled = claim.amounts?.settled;
    return { total: settled?.amountMinor ?? 0, currency: settled?.currency ?? '' };
  }
  const partner = await loadPartner(claim.partnerId);
  const parts = await catalog.getParts(claim.lines.map((l) => l.partNumber));
  const settlement = settleClaim({
    claim,
    completion: claim.completion!,
    partner,
    parts,
    reservations: claim.reservations ?? [],
  });
  const consume = byWarehousePart(settlement.consume);
  const release = byWarehousePart(settlement.release);
  for (const key of new Set([...consume.keys(), ...release.keys()])) {
    const [warehouseId, partNumber] = key.split('|') as [string, string];
    await stock.settle(warehouseId, partNumber, claimId, consume.get(key) ?? 0, release.get(key) ?? 0);
  }
  const saved = await updateClaim(claimsRepo(epoch), claimId, (c) =>
    c.status === 'REPAIRED'
      ? applySettlement(
          c,
          settlement,
          systemChange(`settled ${settlement.total.amountMinor} ${settlement.total.currency} (minor units)`),
        )
      : undefined,
  );
  return {
    total: saved.amounts?.settled?.amountMinor ?? 0,
    currency: saved.amounts?.settled?.currency ?? partner.currency,
  };
}

/**
 * After the follow-up: CLOSED. Then the maintenance reminder is handed to its own small workflow
 * (MaintenanceReminder), which waits until it is due, so nothing keeps the claim open.
 */
export async function closeClaim({
  claimId,
  epoch,
  maintenanceReminderAfterSeconds,
}: TaskInput & { maintenanceReminderAfterSeconds?: number }): Promise<{ status: string; remindAt?: string }> {
  const saved = await updateClaim(claimsRepo(epoch), claimId, (c) =>
    c.status === 'SETTLED' ? transition(c, 'CLOSED', systemChange('follow-up finished')) : undefined,
  );
  if (saved.status !== 'CLOSED' || !maintenanceReminderAfterSeconds) return { status: saved.status };
  const { remindAt } = await scheduleMaintenanceReminder(saved, epoch, maintenanceReminderAfterSeconds);
  return { status: saved.status, remindAt };
}

/**
 * Compensation (a failure after parts or a slot were reserved): release every reservation the
 * claim holds (read from the ledger, so a plan that failed half-way is covered too) and its
 * technician slot, and record why. Safe to run twice.
 */
export async function releaseReservations(
  input: TaskInput & { error?: { Error?: string; Cause?: string } },
): Promise<{ released: number }> {
  const claim = await loadClaim(input.claimId, input.epoch);
  const candidates = new Map<string, { warehouseId: string; partNumber: string }>();
  for (const r of [...(claim.reservations ?? []), ...(claim.allocationPlan?.reservations ?? [])]) {
    candidates.set(`${r.warehouseId}|${r.partNumber}`, r);
  }
  let released = 0;
  for (const r of candidates.values())
    released += await stock.releaseAll(r.warehouseId, r.partNumber, claim.claimId);
  await technicians.cancelBooking(claim.claimId);
  // A dead claim must not hold its place in a restock queue (restocks serve the queue in order).
  await leaveRestockQueue(claim);
  const at = clock.now().toISOString();
  await updateClaim(claimsRepo(input.epoch), claim.claimId, (c) => ({
    ...c,
    reservations: [],
    allocationPlan: undefined,
    appointment: undefined,
    failure: c.failure ?? {
      error: input.error?.Error ?? 'Unknown',
      cause: String(input.error?.Cause ?? '').slice(0, 1000),
      at,
    },
    updatedAt: at,
  }));
  return { released };
}
