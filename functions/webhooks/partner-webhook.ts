import type { PartnerEventType } from '../../domain/partner-events.ts';
import { decodeCursor, InvalidCursorError } from '../data/item.ts';
import { WrongRegionError } from '../lifecycle/intake.ts';
import { loadPartner } from '../lifecycle/steps-decision.ts';
import { clock, globalTable, settings } from '../shared/context.ts';
import { type WebhookEndpoint, WebhookEndpointStore } from './endpoint-store.ts';
import { PartnerEventStore } from './partner-event-store.ts';
import { newWebhookSecret } from './signing.ts';
import { urlPolicyFromEnv, webhookUrlProblem } from './url-policy.ts';

/**
 * What a partner does with its webhook through the partner API: set the endpoint (the secret is
 * shown once, when it is made), rotate the secret, read the endpoint and the latest deliveries.
 * In the partner's home region only, like its claims.
 */

/** How long a rotated-out secret still signs, so the partner can deploy the new one without a gap. */
export const ROTATION_GRACE_MS = 24 * 3600 * 1000;

export class WebhookUrlNotAllowedError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'WebhookUrlNotAllowedError';
  }
}

export class NoWebhookError extends Error {
  constructor(readonly partnerId: string) {
    super('no webhook endpoint is set; set one with PUT /v1/webhook');
    this.name = 'NoWebhookError';
  }
}

const endpoints = new WebhookEndpointStore(globalTable);
const events = new PartnerEventStore(globalTable);

async function partnerHere(partnerId: string) {
  const partner = await loadPartner(partnerId);
  if (partner.homeRegion !== settings.region) throw new WrongRegionError(partner.homeRegion);
  return partner;
}

/** The endpoint as the partner may see it: never a secret. */
export const endpointView = (e: WebhookEndpoint) => ({
  url: e.url,
  events: e.events,
  enabled: !e.disabledAt,
  ...(e.disabledAt ? { disabledAt: e.disabledAt, disabledReason: e.disabledReason } : {}),
  secretCreatedAt: e.secrets.at(-1)?.createdAt,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

export async function setWebhook(partnerId: string, body: { url: string; events: PartnerEventType[] }) {
  const partner = await partnerHere(partnerId);
  const problem = webhookUrlProblem(body.url, urlPolicyFromEnv());
  if (problem) throw new WebhookUrlNotAllowedError(problem);
  const previous = await endpoints.get(partnerId);
  const now = clock.now().toISOString();
  const secret = previous ? undefined : newWebhookSecret();
  const next: WebhookEndpoint = {
    partnerId,
    homeRegion: partner.homeRegion,
    url: body.url,
    events: [...new Set(body.events)],
    secrets: previous?.secrets ?? [{ secret: secret!, createdAt: now }],
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    // Setting the endpoint again is how a partner turns it back on after a 410.
  };
  await endpoints.save(next, previous);
  return { created: !previous, view: { ...endpointView(next), ...(secret ? { secret } : {}) } };
}

export async function rotateWebhookSecret(partnerId: string) {
  await partnerHere(partnerId);
  const previous = await endpoints.get(partnerId);
  if (!previous) throw new NoWebhookError(partnerId);
  const now = clock.now();
  const secret = newWebhookSecret();
  const retiresAt = new Date(now.getTime() + ROTATION_GRACE_MS).toISOString();
  const kept = previous.secrets
    .filter((s) => !s.retiresAt || new Date(s.retiresAt) > now)
    .map((s) => ({ ...s, retiresAt: s.retiresAt ?? retiresAt }));
  const next: WebhookEndpoint = {
    ...previous,
    secrets: [...kept, { secret, createdAt: now.toISOString() }],
    updatedAt: now.toISOString(),
  };
  await endpoints.save(next, previous);
  return { ...endpointView(next), secret, previousSecretRetiresAt: retiresAt };
}

export async function getWebhook(partnerId: string) {
  await partnerHere(partnerId);
  const endpoint = await endpoints.get(partnerId, false);
  if (!endpoint) throw new NoWebhookError(partnerId);
  return endpointView(endpoint);
}

export async function webhookDeliveries(partnerId: string, query: { limit: number; cursor?: string }) {
  await partnerHere(partnerId);
  return deliveriesOf(partnerId, query);
}

/** The latest deliveries of a partner (also what the back office shows). */
export async function deliveriesOf(partnerId: string, query: { limit: number; cursor?: string }) {
  // A cursor made by hand must not start in another partner's partition (nor make DynamoDB fail).
  if (query.cursor && decodeCursor(query.cursor)?.gsi1pk !== `WEBHOOKS#${partnerId}`)
    throw new InvalidCursorError();
  const page = await events.ofPartner(partnerId, query.limit, query.cursor);
  return {
    items: page.items.map((e) => ({
      eventId: e.eventId,
      type: e.eventType,
      claimId: e.claimId,
      createdAt: e.createdAt,
      state: e.state,
      ...(e.url ? { url: e.url } : {}),
      attempts: e.attempts,
      ...(e.nextAttemptAt && e.state === 'pending' ? { nextAttemptAt: e.nextAttemptAt } : {}),
      ...(e.deliveredAt ? { deliveredAt: e.deliveredAt } : {}),
      ...(e.note ? { note: e.note } : {}),
    })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
