import { decodeCursor } from '../data/item.ts';
import { InvalidCursorError } from '../errors.ts';
import type { WebhookEndpoint, WebhookEndpointStore } from './endpoint-store.ts';
import type { PartnerEventStore } from './partner-event-store.ts';

/**
 * A partner's webhook as it is read: the endpoint without its secrets, and the latest deliveries.
 * Apart from partner-webhook.ts (setting the endpoint, rotating its secret) so that the back office's
 * read carries neither the URL checks (ipaddr.js) nor the secret maker (standardwebhooks).
 */

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

/** The latest deliveries of a partner (also what the back office shows). */
export async function deliveriesOf(
  deps: { readonly partnerEvents: PartnerEventStore },
  partnerId: string,
  query: { limit: number; cursor?: string },
) {
  // A cursor made by hand must not start in another partner's partition (nor make DynamoDB fail).
  if (query.cursor && decodeCursor(query.cursor)?.gsi1pk !== `WEBHOOKS#${partnerId}`)
    throw new InvalidCursorError();
  const page = await deps.partnerEvents.ofPartner(partnerId, query.limit, query.cursor);
  return {
    items: page.items.map((e) => ({
      eventId: e.eventId,
      type: e.eventType,
      ...(e.campaignId ? { campaignId: e.campaignId } : { claimId: e.claimId }),
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

/**
 * What the back office shows of a partner's webhook: the endpoint (never a secret) and the latest
 * deliveries. Reads only: the back office's function carries neither the URL checks nor the secrets.
 */
export function staffWebhookView(deps: {
  readonly webhookEndpoints: WebhookEndpointStore;
  readonly partnerEvents: PartnerEventStore;
}) {
  return async (partnerId: string, query: { limit: number; cursor?: string }) => {
    const [endpoint, deliveries] = await Promise.all([
      deps.webhookEndpoints.get(partnerId, false),
      deliveriesOf(deps, partnerId, query),
    ]);
    return { partnerId, endpoint: endpoint ? endpointView(endpoint) : null, deliveries };
  };
}
