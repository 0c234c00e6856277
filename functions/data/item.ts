import { InvalidCursorError } from '../errors.ts';

/**
 * Turning stored items back into domain objects: drop the table's own attributes (keys, index
 * keys, ownership and replication stamps) so the domain sees exactly its model.
 */
const TABLE_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
  'gsi5pk',
  'gsi5sk',
  'type',
  'ownerEpoch',
  'replicatedAt',
  'expiresAt',
]);

export function toModel<T>(
  item: Record<string, unknown> | undefined,
  keep: readonly string[] = [],
): T | undefined {
  if (!item) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (!TABLE_ATTRIBUTES.has(k) || keep.includes(k)) out[k] = v;
  }
  return out as T;
}

/** Opaque pagination cursors: the LastEvaluatedKey, base64url JSON. */
export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InvalidCursorError();
    return value as Record<string, unknown>;
  } catch {
    throw new InvalidCursorError();
  }
}
