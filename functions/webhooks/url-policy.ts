/**
 * Where a webhook may be sent (server-side request forgery is the risk: a partner must not make us
 * call our own network). Public unicast addresses only, over HTTPS; never private, link-local
 * (169.254.169.254 is the instance metadata service), carrier-grade NAT, multicast or reserved
 * ranges. Loopback is allowed only where the configuration says so: the embedded runtime sets
 * `CLAIMFLOW_WEBHOOK_ALLOW_LOOPBACK=true` so a partner's test receiver on the same laptop works;
 * CDK never sets it. The checks are in `url-checks.ts`, apart so that the functions that never
 * check a URL do not load ipaddr.js.
 */
export interface WebhookUrlPolicy {
  /** Loopback addresses (127.0.0.0/8, ::1, localhost), over plain HTTP too. */
  readonly allowLoopback: boolean;
}

export const urlPolicyFromEnv = (env: NodeJS.ProcessEnv = process.env): WebhookUrlPolicy => ({
  allowLoopback: env.CLAIMFLOW_WEBHOOK_ALLOW_LOOPBACK === 'true',
});

export const MAX_WEBHOOK_URL_LENGTH = 2048;
