import * as z from 'zod/mini';
import type { Claim, ClaimStatus } from './claim.ts';
import type { Campaign } from './quality/campaign.ts';

/**
 * What a partner is told about its claims without asking (webhooks, Standard Webhooks 1.0): the
 * events are derived purely from two versions of a claim, so every code path that saves a claim
 * produces them, and the same save writes them (an event exists exactly when its change does).
 */

export const PARTNER_EVENT_TYPES = [
  'claim.status_changed',
  'claim.appointment_booked',
  'claim.repair_report_due',
  'claim.settled',
  'campaign.opened',
] as const;
export type PartnerEventType = (typeof PARTNER_EVENT_TYPES)[number];
export const PartnerEventTypeSchema = /* @__PURE__ */ (() =>
  z.enum(PARTNER_EVENT_TYPES, {
    error: `must be an event type: ${PARTNER_EVENT_TYPES.join(', ')}`,
  }))();

/** The payload as Standard Webhooks recommends it: `type`, `timestamp`, `data`. */
export interface PartnerEvent {
  /** The `webhook-id`: the same on every retry; deterministic, so a repeated save cannot mint a second one. */
  readonly eventId: string;
  readonly type: PartnerEventType;
  readonly timestamp: string;
  readonly data: Record<string, unknown>;
}

const appointmentOf = (claim: Claim) =>
  claim.appointment
    ? {
        centreId: claim.appointment.centreId,
        technicianId: claim.appointment.technicianId,
        start: claim.appointment.start,
        end: claim.appointment.end,
      }
    : undefined;

const sameAppointment = (a: Claim['appointment'], b: Claim['appointment']) =>
  a?.start === b?.start && a?.technicianId === b?.technicianId && a?.centreId === b?.centreId;

/**
 * The events a save from `before` to `after` means for the partner, in the order they happened.
 * Each id is the claim, the version the change was made on, and the event's position in it: one
 * version is saved once (optimistic locking), so the ids never repeat and never collide.
 */
export function partnerEventsBetween(
  before: Claim,
  after: Claim,
  at: Date = new Date(after.updatedAt),
): PartnerEvent[] {
  const common = { claimId: after.claimId, repairOrderNumber: after.repairOrderNumber, vin: after.vin };
  const out: Omit<PartnerEvent, 'eventId'>[] = [];
  const timestamp = at.toISOString();

  for (const event of after.events.slice(before.events.length)) {
    if (event.from === null) continue;
    out.push({
      type: 'claim.status_changed',
      timestamp: event.at,
      data: { ...common, from: event.from, to: event.to, reasons: [...after.reasons] },
    });
    if (event.to === 'SETTLED')
      out.push({
        type: 'claim.settled',
        timestamp: event.at,
        data: { ...common, settled: after.amounts?.settled, approved: after.amounts?.approved },
      });
  }

  const scheduled: ClaimStatus = 'SCHEDULED';
  const nowScheduled = after.status === scheduled && after.appointment;
  if (
    nowScheduled &&
    (before.status !== scheduled || !sameAppointment(before.appointment, after.appointment))
  )
    out.push({
      type: 'claim.appointment_booked',
      timestamp,
      data: { ...common, appointment: appointmentOf(after), rebooked: before.status === scheduled },
    });

  const reminders = after.repairReminders ?? 0;
  if (reminders > (before.repairReminders ?? 0))
    out.push({
      type: 'claim.repair_report_due',
      timestamp,
      data: {
        ...common,
        reminder: reminders,
        appointment: appointmentOf(after),
        report: `POST /v1/claims/${after.claimId}/completion`,
      },
    });

  return out.map((e, i) => ({ ...e, eventId: `msg_${after.claimId}_${before.version}_${i}` }));
}

/**
 * `campaign.opened`: one event per partner of each market a new service campaign names, so that
 * dealers learn of a recall without polling `GET /v1/campaigns`. Its id is the campaign and the
 * partner: opening is done once, and a repeated write of the same event cannot mint a second one.
 */
export function campaignOpenedEvents(
  campaign: Pick<
    Campaign,
    'campaignId' | 'title' | 'component' | 'markets' | 'openedAt' | 'remedy' | 'byMarket'
  >,
  partners: readonly { partnerId: string; market: string }[],
): (PartnerEvent & { partnerId: string })[] {
  return partners
    .filter((p) => campaign.markets.includes(p.market))
    .map((p) => ({
      eventId: `msg_${campaign.campaignId}_${p.partnerId}`,
      partnerId: p.partnerId,
      type: 'campaign.opened' as const,
      timestamp: campaign.openedAt,
      data: {
        campaignId: campaign.campaignId,
        title: campaign.title,
        component: campaign.component,
        market: p.market,
        openedAt: campaign.openedAt,
        remedy: campaign.remedy,
        vehicles: campaign.byMarket.find((m) => m.market === p.market)?.vehicles ?? 0,
        openVehicles: 'GET /v1/campaigns',
      },
    }));
}

/** The webhook body: what is signed and sent, byte for byte the same on every retry. */
export const webhookBody = (event: PartnerEvent): string =>
  JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });

// ── Delivery: at least once, exponential backoff over at least a day ────────────────────────

export interface WebhookRetryPolicy {
  /** The wait after the first failed attempt; each further wait doubles. */
  readonly firstRetrySeconds: number;
  /** No single wait longer than this. */
  readonly maxRetrySeconds: number;
  /** Attempts go on until this long after the first one; the last attempt is at or after its end. */
  readonly retryForSeconds: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = {
  firstRetrySeconds: 30,
  maxRetrySeconds: 6 * 3600,
  retryForSeconds: 24 * 3600,
};

/**
 * When to try again after `failedAttempts` failed attempts, the first made at `firstAttemptAt`;
 * undefined when the retry window is over (the delivery has failed for good). The wait doubles
 * (30 s, 1 min, 2 min, … capped at 6 h) and the last attempt is moved to the window's end, so a
 * partner that is down for up to a day still gets the event.
 */
export function nextWebhookAttempt(
  firstAttemptAt: Date,
  failedAttempts: number,
  now: Date,
  policy: WebhookRetryPolicy = DEFAULT_WEBHOOK_RETRY,
): Date | undefined {
  const windowEnd = firstAttemptAt.getTime() + policy.retryForSeconds * 1000;
  if (now.getTime() >= windowEnd) return undefined;
  const wait = Math.min(
    policy.firstRetrySeconds * 2 ** Math.max(0, failedAttempts - 1),
    policy.maxRetrySeconds,
  );
  return new Date(Math.min(now.getTime() + wait * 1000, windowEnd));
}

/** What an endpoint's answer means: 2xx delivered; 410 Gone disables the endpoint; anything else retries. */
export function webhookOutcome(httpStatus: number | undefined): 'delivered' | 'gone' | 'retry' {
  if (httpStatus !== undefined && httpStatus >= 200 && httpStatus < 300) return 'delivered';
  if (httpStatus === 410) return 'gone';
  return 'retry';
}
