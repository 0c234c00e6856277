import { apiKeyCheck, webhookAdapters } from '../shared/adapters.ts';
import { ok, partnerRoute } from '../shared/partner-route.ts';
import { partnerWebhooks } from '../webhooks/partner-webhook.ts';
import { routeContracts } from './contract.ts';
import { asWebhookProblem } from './webhook-problems.ts';

const { webhookDeliveries } = partnerWebhooks(webhookAdapters);

/** GET /v1/webhook/deliveries: the latest deliveries, newest first, with attempts and next retry. */
export const handler = partnerRoute(
  routeContracts.webhookDeliveries,
  async ({ partnerId, query }) =>
    ok(
      await asWebhookProblem(() =>
        webhookDeliveries(partnerId, {
          limit: query?.limit ?? 20,
          ...(query?.cursor ? { cursor: query.cursor } : {}),
        }),
      ),
    ),
  apiKeyCheck,
);
