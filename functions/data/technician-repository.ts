import { SlotTakenError, type TechnicianRepository } from '../../domain/ports.ts';
import type { Booking, Technician } from '../../domain/technician.ts';
import { type GuardedTable, TransactionFailedError } from './guarded-table.ts';
import { toModel } from './item.ts';
import { keys } from './keys.ts';
import { queryAll } from './table-reads.ts';

const SLOT_MS = 15 * 60_000;
/** A transaction holds at most 100 items: a booking record, its claim pointer and 98 slot locks. */
const MAX_SLOTS = 98;

/**
 * Technicians and their bookings, in the service centre's region. No double booking: a booking
 * takes a lock item per 15-minute slot it covers, all in one transaction with the booking, so two
 * overlapping bookings cannot both commit, whichever region or container makes them.
 */
export class DynamoTechnicianRepository implements TechnicianRepository {
  constructor(private readonly table: GuardedTable) {}

  async listByCentre(centreId: string): Promise<Technician[]> {
    const { items } = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :t)',
      ExpressionAttributeValues: { ':p': keys.technician(centreId, '').pk, ':t': keys.technician('', '').sk },
    });
    return items.map((i) => toModel<Technician>(i, [])!);
  }

  /** Bookings of the centre that end after `fromIso` (jobs are shorter than two days). */
  async bookings(centreId: string, fromIso: string): Promise<Booking[]> {
    const since = new Date(Date.parse(fromIso) - 2 * 86_400_000).toISOString();
    const { items } = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :p AND sk >= :s',
      ExpressionAttributeValues: { ':p': keys.booking(centreId, '', '', '').pk, ':s': since },
      ConsistentRead: true,
    });
    return items
      .filter((i) => String(i.end) > fromIso)
      .map((i) => ({
        technicianId: String(i.technicianId),
        claimId: String(i.claimId),
        start: String(i.start),
        end: String(i.end),
      }));
  }

  private async bookingOf(claimId: string) {
    return toModel<Booking & { centreId: string; homeRegion: string }>(
      await this.table.get(keys.claimBooking(claimId), true),
    );
  }

  private slots(booking: Booking): string[] {
    const out: string[] = [];
    const start = Math.floor(Date.parse(booking.start) / SLOT_MS) * SLOT_MS;
    for (let t = start; t < Date.parse(booking.end); t += SLOT_MS) out.push(new Date(t).toISOString());
    if (out.length > MAX_SLOTS)
      throw new RangeError(`a booking may cover at most ${MAX_SLOTS / 4} hours, got ${out.length / 4}`);
    return out;
  }

  async book(centreId: string, booking: Booking, homeRegion: string): Promise<void> {
    const existing = await this.bookingOf(booking.claimId);
    if (existing) {
      if (existing.technicianId === booking.technicianId && existing.start === booking.start) return;
      throw new Error(
        `claim ${booking.claimId} already holds a booking with ${existing.technicianId} at ${existing.start}`,
      );
    }
    const record = { ...booking, centreId, homeRegion, type: 'Booking' };
    try {
      await this.table.transact([
        {
          put: { ...keys.claimBooking(booking.claimId), ...record },
          condition: { expression: 'attribute_not_exists(pk)' },
        },
        {
          put: { ...keys.booking(centreId, booking.start, booking.technicianId, booking.claimId), ...record },
          condition: { expression: 'attribute_not_exists(pk)' },
        },
        ...this.slots(booking).map((slot) => ({
          put: {
            ...keys.slotLock(booking.technicianId, slot),
            homeRegion,
            type: 'SlotLock',
            claimId: booking.claimId,
          },
          condition: { expression: 'attribute_not_exists(pk)' },
        })),
      ]);
    } catch (err) {
      if (!(err instanceof TransactionFailedError)) throw err;
      if (
        err.reasons[0]?.code === 'ConditionalCheckFailed' &&
        err.reasons[0].item?.technicianId === booking.technicianId
      )
        return;
      if (err.reasons.slice(2).some((r) => r.code === 'ConditionalCheckFailed'))
        throw new SlotTakenError(booking);
      throw err;
    }
  }

  async cancelBooking(claimId: string): Promise<void> {
    const existing = await this.bookingOf(claimId);
    if (!existing) return;
    const home = existing.homeRegion;
    await this.table.transact([
      { delete: { key: keys.claimBooking(claimId), homeRegion: home } },
      {
        delete: {
          key: keys.booking(existing.centreId, existing.start, existing.technicianId, claimId),
          homeRegion: home,
        },
      },
      ...this.slots(existing).map((slot) => ({
        delete: { key: keys.slotLock(existing.technicianId, slot), homeRegion: home },
      })),
    ]);
  }
}
