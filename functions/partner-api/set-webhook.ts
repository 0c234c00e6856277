import { apiKeyCheck, webhookAdapters } from '../shared/adapters.ts';
import { ok, partnerRoute } from '../shared/partner-route.ts';
import { partnerWebhooks } from '../webhooks/partner-webhook.ts';
import { routeContracts } from './contract.ts';
import { asWebhookProblem } from './webhook-problems.ts';

const { setWebhook } = partnerWebhooks(webhookAdapters);

/** PUT /v1/webhook: sets the endpoint; the first time, the answer (201) carries the signing secret. */
export const handler = partnerRoute(
  routeContracts.setWebhook,
  async ({ partnerId, body }) => {
    const { created, view } = await asWebhookProblem(() => setWebhook(partnerId, body));
    return created ? { status: 201, body: view } : ok(view);
  },
  apiKeyCheck,
);
