import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks 1.0 signatures, made by the `standardwebhooks` package (the specification's own
 * reference library): HMAC-SHA256 over `webhook-id.webhook-timestamp.body` with the endpoint's
 * `whsec_` secret, sent as `v1,<base64>`. While a rotated secret is still honoured, each delivery
 * carries one signature per live secret, space-separated, as the specification allows.
 */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export function signatureHeader(secrets: readonly string[], id: string, at: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' ');
}

/** The headers of one delivery attempt (the timestamp is the attempt's, the id the event's). */
export function webhookHeaders(secrets: readonly string[], id: string, at: Date, body: string) {
  return {
    'content-type': 'application/json',
    'user-agent': 'claimflow-webhooks/1.0',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatureHeader(secrets, id, at, body),
  };
}
