import { ok, partnerRoute } from '../shared/partner-route.ts';
import { getWebhook } from '../webhooks/partner-webhook.ts';
import { routeContracts } from './contract.ts';
import { asWebhookProblem } from './webhook-problems.ts';

/** GET /v1/webhook: the endpoint, never its secret. */
export const handler = partnerRoute(routeContracts.getWebhook, async ({ partnerId }) =>
  ok(await asWebhookProblem(() => getWebhook(partnerId))),
);
