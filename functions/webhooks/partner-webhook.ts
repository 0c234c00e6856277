import type { PartnerEventType } from '../../domain/partner-events.ts';
import type { Clock, PartnerRepository } from '../../domain/ports.ts';
import { NoWebhookError, WebhookUrlNotAllowedError, WrongRegionError } from '../errors.ts';
import { loadPartner } from '../lifecycle/claim-loader.ts';
import type { WebhookEndpoint, WebhookEndpointStore } from './endpoint-store.ts';
import type { PartnerEventStore } from './partner-event-store.ts';
import { newWebhookSecret } from './signing.ts';
import { webhookUrlProblem } from './url-checks.ts';
import type { WebhookUrlPolicy } from './url-policy.ts';
import { deliveriesOf, endpointView } from './webhook-views.ts';

/**
 * What a partner does with its webhook through the partner API: set the endpoint (the secret is
 * shown once, when it is made), rotate the secret, read the endpoint and the latest deliveries.
 * In the partner's home region only, like its claims.
 */

/** How long a rotated-out secret still signs, so the partner can deploy the new one without a gap. */
export const ROTATION_GRACE_MS = 24 * 3600 * 1000;

export interface PartnerWebhookDependencies {
  readonly region: string;
  readonly clock: Clock;
  readonly partners: PartnerRepository;
  readonly webhookEndpoints: WebhookEndpointStore;
  readonly partnerEvents: PartnerEventStore;
  /** Which webhook URLs are allowed here (https and public addresses; loopback on the local runtime). */
  readonly urlPolicy: WebhookUrlPolicy;
}

export function partnerWebhooks(deps: PartnerWebhookDependencies) {
  async function partnerHere(partnerId: string) {
    const partner = await loadPartner(deps, partnerId);
    if (partner.homeRegion !== deps.region) throw new WrongRegionError(partner.homeRegion);
    return partner;
  }

  async function setWebhook(partnerId: string, body: { url: string; events: PartnerEventType[] }) {
    const partner = await partnerHere(partnerId);
    const problem = webhookUrlProblem(body.url, deps.urlPolicy);
    if (problem) throw new WebhookUrlNotAllowedError(problem);
    const previous = await deps.webhookEndpoints.get(partnerId);
    const now = deps.clock.now().toISOString();
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
    await deps.webhookEndpoints.save(next, previous);
    return { created: !previous, view: { ...endpointView(next), ...(secret ? { secret } : {}) } };
  }

  async function rotateWebhookSecret(partnerId: string) {
    await partnerHere(partnerId);
    const previous = await deps.webhookEndpoints.get(partnerId);
    if (!previous) throw new NoWebhookError(partnerId);
    const now = deps.clock.now();
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
    await deps.webhookEndpoints.save(next, previous);
    return { ...endpointView(next), secret, previousSecretRetiresAt: retiresAt };
  }

  async function getWebhook(partnerId: string) {
    await partnerHere(partnerId);
    const endpoint = await deps.webhookEndpoints.get(partnerId, false);
    if (!endpoint) throw new NoWebhookError(partnerId);
    return endpointView(endpoint);
  }

  async function webhookDeliveries(partnerId: string, query: { limit: number; cursor?: string }) {
    await partnerHere(partnerId);
    return deliveriesOf(deps, partnerId, query);
  }

  return { setWebhook, rotateWebhookSecret, getWebhook, webhookDeliveries };
}
