import { partnerEvents, webhookEndpoints } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { staffWebhookView } from '../webhooks/webhook-views.ts';
import { partnerWebhookContract } from './contract.ts';

/** GET /backoffice/v1/partners/{partnerId}/webhook: what the partner set and what was sent (viewer and up). */
const webhookForStaff = staffWebhookView({ webhookEndpoints, partnerEvents });

export const handler = backofficeRoute(partnerWebhookContract, 'viewer', async ({ path, query }) =>
  ok(
    await webhookForStaff(path.partnerId, {
      limit: query?.limit ?? 50,
      ...(query?.cursor ? { cursor: query.cursor } : {}),
    }),
  ),
);
