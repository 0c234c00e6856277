import { partnerApi } from '../catalog.ts';
import { apiKeyCheck, webhookAdapters } from '../shared/adapters.ts';
import { ok, partnerRoute } from '../shared/partner-route.ts';
import { routeFamily } from '../shared/route-family.ts';
import { partnerWebhooks } from '../webhooks/partner-webhook.ts';
import {
  getWebhookContract,
  rotateWebhookSecretContract,
  setWebhookContract,
  webhookDeliveriesContract,
} from './contract.ts';
import { asWebhookProblem } from './webhook-problems.ts';

const webhooks = partnerWebhooks(webhookAdapters);

/** The partner's webhook routes, one Lambda (catalog `webhookEndpoint`). */
export const handler = routeFamily(partnerApi.webhookEndpoint, {
  /** PUT /v1/webhook: sets the endpoint; the first time, the answer (201) carries the signing secret. */
  setWebhook: partnerRoute(
    setWebhookContract,
    async ({ partnerId, body }) => {
      const { created, view } = await asWebhookProblem(() => webhooks.setWebhook(partnerId, body));
      return created ? { status: 201, body: view } : ok(view);
    },
    apiKeyCheck,
  ),
  /** GET /v1/webhook: the endpoint, never its secret. */
  getWebhook: partnerRoute(
    getWebhookContract,
    async ({ partnerId }) => ok(await asWebhookProblem(() => webhooks.getWebhook(partnerId))),
    apiKeyCheck,
  ),
  /** POST /v1/webhook/rotate-secret: a new secret, shown once; the old one signs for 24 h more. */
  rotateWebhookSecret: partnerRoute(
    rotateWebhookSecretContract,
    async ({ partnerId }) => ok(await asWebhookProblem(() => webhooks.rotateWebhookSecret(partnerId))),
    apiKeyCheck,
  ),
  /** GET /v1/webhook/deliveries: the latest deliveries, newest first, with attempts and next retry. */
  webhookDeliveries: partnerRoute(
    webhookDeliveriesContract,
    async ({ partnerId, query }) =>
      ok(
        await asWebhookProblem(() =>
          webhooks.webhookDeliveries(partnerId, {
            limit: query?.limit ?? 20,
            ...(query?.cursor ? { cursor: query.cursor } : {}),
          }),
        ),
      ),
    apiKeyCheck,
  ),
});
