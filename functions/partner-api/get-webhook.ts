import { apiKeyCheck, webhookAdapters } from '../shared/adapters.ts';
import { ok, partnerRoute } from '../shared/partner-route.ts';
import { partnerWebhooks } from '../webhooks/partner-webhook.ts';
import { routeContracts } from './contract.ts';
import { asWebhookProblem } from './webhook-problems.ts';

const { getWebhook } = partnerWebhooks(webhookAdapters);

/** GET /v1/webhook: the endpoint, never its secret. */
export const handler = partnerRoute(
  routeContracts.getWebhook,
  async ({ partnerId }) => ok(await asWebhookProblem(() => getWebhook(partnerId))),
  apiKeyCheck,
);
