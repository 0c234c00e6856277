/**
 * The audit trail of master data (partners, keys, centres, technicians, parts, prices, labour
 * operations, warehouses, stock, warranty plans): every change says who made it, when, what it
 * did, and the record before and after. It is written in the same transaction as the change, so
 * there is no change without its entry and no entry without its change.
 */

export const MASTER_DATA_ENTITIES = [
  'market',
  'partner',
  'api-key',
  'service-centre',
  'technician',
  'part',
  'labour-operation',
  'warehouse',
  'stock',
  'warranty-plan',
] as const;
export type MasterDataEntity = (typeof MASTER_DATA_ENTITIES)[number];

export interface AuditActor {
  /** A member of staff (by email), or the system (the demo seed). */
  readonly kind: 'staff' | 'system';
  readonly id: string;
  readonly role?: string;
}

export interface AuditEntry {
  readonly entity: MasterDataEntity;
  readonly entityId: string;
  readonly action: string;
  readonly at: string;
  readonly actor: AuditActor;
  /** Top-level fields that differ between before and after. */
  readonly changed: string[];
  readonly before?: unknown;
  readonly after?: unknown;
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** Whether two records hold the same data (key order aside). */
export const sameRecord = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** The top-level fields whose values differ, sorted. */
export function changedFields(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => canonical(a[k]) !== canonical(b[k]))
    .sort();
}

export function auditEntry(args: {
  entity: MasterDataEntity;
  entityId: string;
  action: string;
  at: Date;
  actor: AuditActor;
  before?: unknown;
  after?: unknown;
}): AuditEntry {
  return {
    entity: args.entity,
    entityId: args.entityId,
    action: args.action,
    at: args.at.toISOString(),
    actor: args.actor,
    changed: changedFields(args.before, args.after),
    ...(args.before === undefined ? {} : { before: args.before }),
    ...(args.after === undefined ? {} : { after: args.after }),
  };
}

/**
 * A rule of master data broken by a request: `kind` says how the API answers (400 a field to fix,
 * 404 something named that does not exist, 409 the current state forbids it), `field` names the
 * input at fault as a JSON Pointer into the body (or a path parameter's name).
 */
export class MasterDataError extends Error {
  constructor(
    readonly kind: 'invalid' | 'notFound' | 'conflict',
    message: string,
    readonly field?: { readonly pointer: string } | { readonly parameter: string },
  ) {
    super(message);
    this.name = 'MasterDataError';
  }
}

export const invalidField = (pointer: string, message: string) =>
  new MasterDataError('invalid', message, { pointer });
