import ipaddr from 'ipaddr.js';
import { MAX_WEBHOOK_URL_LENGTH, type WebhookUrlPolicy } from './url-policy.ts';

/**
 * The webhook URL policy's checks (see url-policy.ts), run twice: on the URL when the endpoint is
 * set, and on every address the host name resolves to when a delivery connects (DNS may change in
 * between). ipaddr.js classifies the address ranges.
 */

const isLoopbackName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/** Whether a connection to `address` (an IP) is allowed. */
export function addressAllowed(address: string, policy: WebhookUrlPolicy): boolean {
  if (!ipaddr.isValid(address)) return false;
  // ::ffff:10.0.0.1 is 10.0.0.1: judged as the IPv4 address it maps to.
  const range = ipaddr.process(address).range();
  return range === 'unicast' || (range === 'loopback' && policy.allowLoopback);
}

/** Why `raw` cannot be a webhook URL, or undefined when it can. */
export function webhookUrlProblem(raw: string, policy: WebhookUrlPolicy): string | undefined {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return `url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute URL such as https://example.com/claimflow/webhooks';
  }
  if (url.username || url.password) return 'url must not carry a user name or password';
  if (url.hash) return 'url must not have a fragment (#…)';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const literal = ipaddr.isValid(host);
  const loopback = literal ? ipaddr.process(host).range() === 'loopback' : isLoopbackName(host);
  if (loopback) {
    if (!policy.allowLoopback) return 'url must not point at a loopback address';
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return 'url must be https (or http on loopback)';
    return undefined;
  }
  if (url.protocol !== 'https:') return 'url must be https';
  if (literal && !addressAllowed(host, policy))
    return `url must not point at a private, link-local or reserved address (${host} is ${ipaddr.process(host).range()})`;
  if (!literal && !host.includes('.')) return 'url must name a public host (a fully qualified domain name)';
  return undefined;
}
