import type { PartnerEventType } from '../../domain/partner-events.ts';
import { ConditionFailedError, type GuardedTable } from '../data/guarded-table.ts';
import { toModel } from '../data/item.ts';
import { keys } from '../data/keys.ts';

/** A signing secret; a rotated-out one keeps signing until `retiresAt` so receivers can switch over. */
export interface WebhookSecret {
  readonly secret: string;
  readonly createdAt: string;
  readonly retiresAt?: string;
}

export interface WebhookEndpoint {
  readonly partnerId: string;
  readonly homeRegion: string;
  readonly url: string;
  readonly events: PartnerEventType[];
  readonly secrets: WebhookSecret[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set when the endpoint answered 410 Gone: nothing more is sent until the partner sets it again. */
  readonly disabledAt?: string;
  readonly disabledReason?: string;
}

/** Someone else changed the endpoint between our read and our write. */
export class WebhookEndpointChangedError extends Error {
  constructor(readonly partnerId: string) {
    super(`the webhook endpoint of ${partnerId} changed meanwhile; send the request again`);
    this.name = 'WebhookEndpointChangedError';
  }
}

/**
 * The partner's webhook endpoint in the global table (home = the partner's region, where its
 * claims and their events live). Each write is conditional on the version read, so two concurrent
 * changes cannot lose one another.
 */
export class WebhookEndpointStore {
  constructor(private readonly table: GuardedTable) {}

  async get(partnerId: string, consistent = true): Promise<WebhookEndpoint | undefined> {
    return toModel<WebhookEndpoint>(await this.table.get(keys.webhookEndpoint(partnerId), consistent));
  }

  /** Writes `next` over `previous` (or as the first endpoint when there was none). */
  async save(next: WebhookEndpoint, previous: WebhookEndpoint | undefined): Promise<void> {
    try {
      await this.table.put(
        { ...keys.webhookEndpoint(next.partnerId), type: 'WebhookEndpoint', ...next },
        previous
          ? { expression: 'updatedAt = :prev', values: { ':prev': previous.updatedAt } }
          : { expression: 'attribute_not_exists(pk)' },
      );
    } catch (err) {
      if (err instanceof ConditionFailedError) throw new WebhookEndpointChangedError(next.partnerId);
      throw err;
    }
  }

  /** The endpoint answered 410 Gone: stop sending to it (kept, so the partner sees why). */
  async disable(endpoint: WebhookEndpoint, at: string, reason: string): Promise<void> {
    try {
      await this.table.update({
        key: keys.webhookEndpoint(endpoint.partnerId),
        homeRegion: endpoint.homeRegion,
        expression: 'SET disabledAt = :at, disabledReason = :why',
        values: { ':at': at, ':why': reason, ':url': endpoint.url },
        // Only the endpoint that said 410: a URL the partner set meanwhile stays enabled.
        condition: { expression: '#url = :url', names: { '#url': 'url' } },
      });
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
    }
  }
}

/** The secrets that sign now: the current one and any rotated-out one still within its grace time. */
export const liveSecrets = (endpoint: WebhookEndpoint, now: Date): string[] =>
  endpoint.secrets.filter((s) => !s.retiresAt || new Date(s.retiresAt) > now).map((s) => s.secret);
