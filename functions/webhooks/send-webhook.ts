import { type LookupAddress, lookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { addressAllowed } from './url-checks.ts';
import type { WebhookUrlPolicy } from './url-policy.ts';

export interface SendResult {
  readonly httpStatus?: number;
  readonly error?: string;
  readonly ms: number;
}

/** Resolves like the system resolver, and refuses when any address of the host is not allowed. */
const guardedLookup =
  (policy: WebhookUrlPolicy): LookupFunction =>
  (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.find((a) => !addressAllowed(a.address, policy));
      if (refused || addresses.length === 0)
        return callback(
          new Error(`${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not allowed`),
          '',
          0,
        );
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

/**
 * One POST of a signed webhook: the answer's status, or why none came. Never follows a redirect
 * (it would leave the checked address), never waits longer than `timeoutMs` in all, reads at most a
 * little of the answer (only its status matters).
 */
export function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs: number; policy: WebhookUrlPolicy },
): Promise<SendResult> {
  const started = performance.now();
  const done = (r: Omit<SendResult, 'ms'>): SendResult => ({
    ...r,
    ms: Math.round(performance.now() - started),
  });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve(done({ error: 'not a URL' }));
    }
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (ipaddr.isValid(host) && !addressAllowed(host, opts.policy))
      return resolve(done({ error: `address ${host} is not allowed` }));
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(opts.policy),
        signal: AbortSignal.timeout(opts.timeoutMs),
        // A fresh connection per attempt: a pooled socket could have been opened to an older address.
        agent: false,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > 64 * 1024) res.destroy();
        });
        res.on('close', () => resolve(done({ httpStatus: res.statusCode })));
        res.on('error', () => resolve(done({ httpStatus: res.statusCode })));
      },
    );
    req.on('error', (err) =>
      resolve(
        done({ error: err.name === 'AbortError' ? `no answer within ${opts.timeoutMs} ms` : err.message }),
      ),
    );
    req.end(body);
  });
}
