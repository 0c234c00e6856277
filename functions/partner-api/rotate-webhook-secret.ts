import { apiKeyCheck, webhookAdapters } from '../shared/adapters.ts';
import { ok, partnerRoute } from '../shared/partner-route.ts';
import { partnerWebhooks } from '../webhooks/partner-webhook.ts';
import { routeContracts } from './contract.ts';
import { asWebhookProblem } from './webhook-problems.ts';

const { rotateWebhookSecret } = partnerWebhooks(webhookAdapters);

/** POST /v1/webhook/rotate-secret: a new secret, shown once; the old one signs for 24 h more. */
export const handler = partnerRoute(
  routeContracts.rotateWebhookSecret,
  async ({ partnerId }) => ok(await asWebhookProblem(() => rotateWebhookSecret(partnerId))),
  apiKeyCheck,
);
