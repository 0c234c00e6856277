import { createHash } from 'node:crypto';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { keyAdmits } from '../../domain/master-data/api-keys.ts';
import type { Partner } from '../../domain/partner.ts';
import type { GuardedTable } from '../data/guarded-table.ts';
import { keys } from '../data/keys.ts';
import { ProblemError } from './problem.ts';

/**
 * "A revoked key or a suspended partner gets 403 at once" against two caches that would let it in
 * for minutes: API Gateway keeps the authorizer's Allow per key (5 minutes, `resultsCacheTtl`; the
 * local gateway does the same) and the authorizer keeps lookups per container (60 s). Neither can
 * be invalidated from a back-office call in AWS: a stage's authorizer cache can only be flushed
 * whole, and a container's memory not at all. So the caches stay (they spare an authorizer
 * invocation per request) and every partner route checks, uncached, that the key and its partner
 * still admit the request: one strongly consistent BatchGetItem of the key's item and the partner's,
 * in the region serving the request (~1 read unit each), before anything else is read or written.
 */

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

const apiKeyOf = (event: APIGatewayProxyEvent): string | undefined => {
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (name.toLowerCase() === 'x-api-key' && value) return value;
  return undefined;
};

export const keyRefused = () =>
  new ProblemError(
    'forbidden',
    'this API key is not valid: it was revoked or has expired, or the partner is suspended',
  );

/** Whether the key and partner stored in `table` admit a request now. */
export async function keyAndPartnerAdmit(
  table: GuardedTable,
  keyHash: string,
  partnerId: string,
  now: Date,
): Promise<boolean> {
  const wanted = [keys.apiKey(keyHash), keys.partner(partnerId)];
  const found: Record<string, unknown>[] = [];
  let request: Record<string, { Keys: typeof wanted; ConsistentRead: boolean }> | undefined = {
    [table.tableName]: { Keys: wanted, ConsistentRead: true },
  };
  while (request && Object.keys(request).length > 0) {
    const res = await table.doc.send(new BatchGetCommand({ RequestItems: request }));
    found.push(...((res.Responses?.[table.tableName] ?? []) as Record<string, unknown>[]));
    request = res.UnprocessedKeys as typeof request;
  }
  const key = found.find((i) => i.pk === wanted[0]!.pk);
  const partner = found.find((i) => i.pk === 'PARTNERS');
  if (!key || String(key.partnerId) !== partnerId) return false;
  return keyAdmits(
    key as { expiresAt?: string; revokedAt?: string },
    partner as Pick<Partner, 'status'> | undefined,
    now,
  );
}

/** The partner route's check: 403 unless the request's key still admits it. */
export function requestKeyCheck(table: GuardedTable, now: () => Date) {
  return async (event: APIGatewayProxyEvent, partnerId: string): Promise<void> => {
    const apiKey = apiKeyOf(event);
    if (!apiKey || !(await keyAndPartnerAdmit(table, sha256Hex(apiKey), partnerId, now())))
      throw keyRefused();
  };
}
