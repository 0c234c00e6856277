import type { Claim } from '../../domain/claim.ts';
import type { PartnerEvent, PartnerEventType } from '../../domain/partner-events.ts';
import { ConditionFailedError, type GuardedTable, type TransactPut } from '../data/guarded-table.ts';
import { decodeCursor, encodeCursor, toModel } from '../data/item.ts';
import { indexKeys, keys } from '../data/keys.ts';
import { itemsOf } from '../data/table-reads.ts';
import { GLOBAL_INDEX } from '../data/table-schema.ts';

/**
 * Partner events in the global table, beside their claim (home = the claim's region): each is
 * written in the same transaction as the claim change it reports (an outbox), and carries its own
 * delivery state. While a delivery is due the item sits in its home region's queue
 * (`WEBHOOKDUE#<region>` on index byStatus, sorted by due time); once delivered, given up or not
 * wanted it leaves the queue. Deliveries a partner can list sit on index byPartner.
 */

export const DELIVERY_STATES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface DeliveryAttempt {
  readonly at: string;
  /** The endpoint's HTTP status; absent when no answer came (timeout, refused, address not allowed). */
  readonly httpStatus?: number;
  readonly error?: string;
  readonly ms: number;
}

export interface PartnerEventRecord {
  /**
   * The event's subject, which its key and the due queue name: the claim, or for `campaign.opened`
   * the campaign (then also in `campaignId`).
   */
  readonly claimId: string;
  readonly campaignId?: string;
  readonly partnerId: string;
  readonly homeRegion: string;
  readonly eventId: string;
  readonly eventType: PartnerEventType;
  /** The exact body signed and sent on every attempt. */
  readonly body: string;
  readonly createdAt: string;
  readonly state: DeliveryState;
  /** Why it was skipped or failed for good (no endpoint, not subscribed, endpoint gone, retries over). */
  readonly note?: string;
  readonly attempts: DeliveryAttempt[];
  readonly firstAttemptAt?: string;
  readonly nextAttemptAt?: string;
  readonly deliveredAt?: string;
  /** While a dispatcher holds it: no second dispatcher sends it until this time. */
  readonly leaseUntil?: string;
  /** The endpoint URL the attempts went to. */
  readonly url?: string;
}

/** Attempts kept on the item: the latest ones (a day of retries is about 15). */
export const MAX_ATTEMPTS_KEPT = 20;

const attributesOf = (item: Record<string, unknown>): PartnerEventRecord =>
  toModel<PartnerEventRecord>(item)!;

/** The item of a new event, for the claim change's transaction: due at once. */
export const partnerEventPut = (claim: Claim, event: PartnerEvent, body: string): TransactPut =>
  eventPut(
    { subjectId: claim.claimId, partnerId: claim.partnerId, homeRegion: claim.homeRegion },
    claim.updatedAt,
    event,
    body,
  );

/**
 * The item of a campaign's event for one partner, written by the region that opened the campaign
 * (its home: that region's dispatcher delivers it, wherever the partner is); due at once.
 */
export const campaignEventPut = (
  campaign: { campaignId: string; homeRegion: string; openedAt: string },
  event: PartnerEvent & { partnerId: string },
  body: string,
): TransactPut =>
  eventPut(
    {
      subjectId: campaign.campaignId,
      partnerId: event.partnerId,
      homeRegion: campaign.homeRegion,
      campaignId: campaign.campaignId,
    },
    campaign.openedAt,
    event,
    body,
  );

function eventPut(
  subject: { subjectId: string; partnerId: string; homeRegion: string; campaignId?: string },
  createdAt: string,
  event: PartnerEvent,
  body: string,
): TransactPut {
  return {
    put: {
      ...keys.partnerEvent(subject.subjectId, event.eventId),
      ...indexKeys.partnerEventDue(subject.homeRegion, createdAt, event.eventId),
      type: 'PartnerEvent',
      claimId: subject.subjectId,
      ...(subject.campaignId ? { campaignId: subject.campaignId } : {}),
      partnerId: subject.partnerId,
      homeRegion: subject.homeRegion,
      eventId: event.eventId,
      eventType: event.type,
      body,
      createdAt,
      state: 'pending',
      attempts: [],
      nextAttemptAt: createdAt,
    },
    condition: { expression: 'attribute_not_exists(pk)' },
  };
}

export class PartnerEventStore {
  constructor(private readonly table: GuardedTable) {}

  /** Events of one home region due at `nowIso` or earlier, oldest due first (eventually consistent index). */
  async due(
    homeRegion: string,
    nowIso: string,
    limit: number,
  ): Promise<{ claimId: string; eventId: string }[]> {
    const res = await this.table.query({
      IndexName: GLOBAL_INDEX.byStatus,
      KeyConditionExpression: 'gsi2pk = :p AND gsi2sk <= :now',
      ExpressionAttributeValues: { ':p': `WEBHOOKDUE#${homeRegion}`, ':now': `${nowIso}#~` },
      Limit: limit,
    });
    return res.items.map((i) => ({ claimId: String(i.claimId), eventId: String(i.eventId) }));
  }

  async get(claimId: string, eventId: string): Promise<PartnerEventRecord | undefined> {
    const item = await this.table.get(keys.partnerEvent(claimId, eventId), true);
    return item ? attributesOf(item) : undefined;
  }

  /**
   * Takes the event for one attempt: only if it is still pending, due, and not held by another
   * dispatcher (the index may be behind). Returns it, or undefined when someone else has it.
   */
  async lease(ev: { claimId: string; eventId: string; homeRegion: string }, now: Date, holdMs: number) {
    try {
      const item = await this.table.update({
        key: keys.partnerEvent(ev.claimId, ev.eventId),
        homeRegion: ev.homeRegion,
        expression: 'SET leaseUntil = :until',
        values: { ':until': new Date(now.getTime() + holdMs).toISOString() },
        condition: {
          expression:
            'attribute_exists(pk) AND #state = :pending AND nextAttemptAt <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          names: { '#state': 'state' },
          values: { ':pending': 'pending', ':now': now.toISOString() },
        },
      });
      return attributesOf(item);
    } catch (err) {
      if (err instanceof ConditionFailedError) return undefined;
      throw err;
    }
  }

  /** Records the outcome of a leased event: its attempts, its state, and its place in the queue. */
  async settle(
    record: PartnerEventRecord,
    change: {
      state: DeliveryState;
      attempt?: DeliveryAttempt;
      nextAttemptAt?: string;
      note?: string;
      url?: string;
      /** Listed among the partner's deliveries (every event that was, or is to be, sent). */
      listed: boolean;
    },
  ): Promise<void> {
    const attempts = change.attempt
      ? [...record.attempts, change.attempt].slice(-MAX_ATTEMPTS_KEPT)
      : record.attempts;
    const values: Record<string, unknown> = {
      ':state': change.state,
      ':attempts': attempts,
      ':first': record.firstAttemptAt ?? change.attempt?.at ?? null,
    };
    const sets = ['#state = :state', 'attempts = :attempts', 'firstAttemptAt = :first'];
    const removes = ['leaseUntil'];
    if (change.nextAttemptAt && change.state === 'pending') {
      sets.push('nextAttemptAt = :next');
      values[':next'] = change.nextAttemptAt;
      const due = indexKeys.partnerEventDue(record.homeRegion, change.nextAttemptAt, record.eventId);
      sets.push('gsi2pk = :duePk', 'gsi2sk = :dueSk');
      values[':duePk'] = due.gsi2pk;
      values[':dueSk'] = due.gsi2sk;
    } else if (change.state === 'failed') {
      // Given up: parked where the region runbook counts it (index byStatus, PARKED#<home>).
      const parked = indexKeys.parked(
        record.homeRegion,
        change.attempt?.at ?? new Date().toISOString(),
        'webhook',
        record.eventId,
      );
      removes.push('nextAttemptAt');
      sets.push('gsi2pk = :parkedPk', 'gsi2sk = :parkedSk');
      values[':parkedPk'] = parked.gsi2pk;
      values[':parkedSk'] = parked.gsi2sk;
    } else removes.push('nextAttemptAt', 'gsi2pk', 'gsi2sk');
    if (change.state === 'delivered') {
      sets.push('deliveredAt = :deliveredAt');
      values[':deliveredAt'] = change.attempt?.at ?? new Date().toISOString();
    }
    if (change.note) {
      sets.push('note = :note');
      values[':note'] = change.note;
    }
    if (change.url) {
      sets.push('#url = :url');
      values[':url'] = change.url;
    }
    if (change.listed) {
      const listed = indexKeys.partnerEventByPartner(record.partnerId, record.createdAt, record.eventId);
      sets.push('gsi1pk = :listPk', 'gsi1sk = :listSk');
      values[':listPk'] = listed.gsi1pk;
      values[':listSk'] = listed.gsi1sk;
    }
    await this.table.update({
      key: keys.partnerEvent(record.claimId, record.eventId),
      homeRegion: record.homeRegion,
      expression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
      names: { '#state': 'state', ...(change.url ? { '#url': 'url' } : {}) },
      values,
    });
  }

  /** A partner's deliveries, newest first, with a cursor. */
  async ofPartner(partnerId: string, limit: number, cursor?: string) {
    const res = await this.table.query({
      IndexName: GLOBAL_INDEX.byPartner,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `WEBHOOKS#${partnerId}` },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor),
    });
    // byPartner carries keys only: the deliveries are read from the table.
    const items = await itemsOf(this.table, res.items);
    return { items: items.map(attributesOf), nextCursor: encodeCursor(res.lastKey) };
  }
}
