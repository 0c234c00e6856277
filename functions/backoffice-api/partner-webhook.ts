import { backofficeRoute } from '../shared/backoffice-route.ts';
import { globalTable } from '../shared/context.ts';
import { ok } from '../shared/partner-route.ts';
import { WebhookEndpointStore } from '../webhooks/endpoint-store.ts';
import { deliveriesOf, endpointView } from '../webhooks/partner-webhook.ts';
import { backofficeContracts } from './contract.ts';

const endpoints = new WebhookEndpointStore(globalTable);

/** GET /backoffice/v1/partners/{partnerId}/webhook: what the partner set and what was sent (viewer and up). */
export const handler = backofficeRoute(
  backofficeContracts.partnerWebhook,
  'viewer',
  async ({ path, query }) => {
    const [endpoint, deliveries] = await Promise.all([
      endpoints.get(path.partnerId, false),
      deliveriesOf(path.partnerId, {
        limit: query?.limit ?? 50,
        ...(query?.cursor ? { cursor: query.cursor } : {}),
      }),
    ]);
    return ok({ partnerId: path.partnerId, endpoint: endpoint ? endpointView(endpoint) : null, deliveries });
  },
);
