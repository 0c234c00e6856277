import { auditEntry, MasterDataError, sameRecord } from '../../domain/master-data/audit.ts';
import {
  type LaborOperationDraft,
  laborOperationFrom,
  type PartDraft,
  partFrom,
} from '../../domain/master-data/catalogue.ts';
import type { LaborOperation, Part } from '../../domain/part.ts';
import {
  nextPlanVersion,
  PlanVersionRuleError,
  type WarrantyPlan,
  type WarrantyPlanDraft,
} from '../../domain/warranty-plan.ts';
import type { Attributes } from '../data/guarded-table.ts';
import { encodeCursor } from '../data/item.ts';
import { keys } from '../data/keys.ts';
import { type Change, fieldsOf, recordOf } from '../data/master-data-store.ts';
import { PLAN_FIELDS } from '../data/warranty-plan-repository.ts';
import { type Actor, type MasterDataContext, today } from './master-data-context.ts';

/**
 * The parts catalogue, labour operations and warranty plans: HQ's data, written in the primary
 * region. A part and a labour operation are each kept twice in one transaction: by key (what claim
 * steps read in batches) and in a listing partition (what the back office pages through).
 */

// Pure, as the schemas are: a function that never reads these records leaves the schema out (issue 18).
export const PART_FIELDS = fieldsOf<Part>()([
  'partNumber',
  'name',
  'category',
  'prices',
  'supplier',
  'laborOperations',
  'restockDays',
]);
export const LABOR_OPERATION_FIELDS = fieldsOf<LaborOperation>()(['code', 'description', 'hours', 'skill']);

export async function getPart(ctx: MasterDataContext, partNumber: string): Promise<Part> {
  const part = recordOf<Part>(await ctx.store.read(ctx.primaryRegion, keys.part(partNumber)), PART_FIELDS);
  if (!part) throw new MasterDataError('notFound', `no part ${partNumber}`, { parameter: 'partNumber' });
  return part;
}

export async function getLaborOperation(ctx: MasterDataContext, code: string): Promise<LaborOperation> {
  const op = recordOf<LaborOperation>(
    await ctx.store.read(ctx.primaryRegion, keys.laborOperation(code)),
    LABOR_OPERATION_FIELDS,
  );
  if (!op) throw new MasterDataError('notFound', `no labour operation ${code}`, { parameter: 'code' });
  return op;
}

/** One page of a listing partition (parts, labour operations), with a cursor for the next. */
export async function listingPage<T>(
  ctx: MasterDataContext,
  pk: 'PARTS' | 'LABOROPS',
  fields: readonly string[],
  opts: { limit: number; after?: Attributes },
): Promise<{ items: T[]; nextCursor?: string }> {
  const page = await ctx.store.page(pk, opts);
  const nextCursor = encodeCursor(page.lastKey);
  return { items: page.items.map((i) => recordOf<T>(i, fields)!), ...(nextCursor ? { nextCursor } : {}) };
}

/** The changes that store a record by key and in its listing, on the records as read. */
async function keyedAndListed(
  ctx: MasterDataContext,
  byKey: { pk: string; sk: string },
  listed: { pk: string; sk: string },
  record: Attributes,
  type: string,
): Promise<{ changes: Change[]; before: Attributes | undefined }> {
  const [read, readListed] = await Promise.all([
    ctx.store.read(ctx.primaryRegion, byKey),
    ctx.store.read(ctx.primaryRegion, listed),
  ]);
  return {
    before: read,
    changes: [
      { key: byKey, read, put: record, type },
      { key: listed, read: readListed, put: record, type: `${type}Listing` },
    ],
  };
}

export async function putLaborOperation(
  ctx: MasterDataContext,
  code: string,
  draft: LaborOperationDraft,
  actor: Actor,
): Promise<{ laborOperation: LaborOperation; created: boolean }> {
  const op = laborOperationFrom(code, draft);
  const { changes, before } = await keyedAndListed(
    ctx,
    keys.laborOperation(code),
    keys.laborOperationListing(code),
    { ...op },
    'LaborOperation',
  );
  const existing = recordOf<LaborOperation>(before, LABOR_OPERATION_FIELDS);
  if (existing && sameRecord(existing, op)) return { laborOperation: op, created: false };
  await ctx.store.write(
    ctx.primaryRegion,
    changes,
    [
      auditEntry({
        entity: 'labour-operation',
        entityId: code,
        action: existing ? 'changed' : 'created',
        at: ctx.now(),
        actor,
        before: existing,
        after: op,
      }),
    ],
    { by: actor.id },
  );
  return { laborOperation: op, created: !existing };
}

/** The labour operation codes among `codes` that exist (read where they are written). */
export async function existingOperations(
  ctx: MasterDataContext,
  codes: readonly string[],
): Promise<Set<string>> {
  const found = await Promise.all(
    [...new Set(codes)].map(async (c) =>
      (await ctx.store.read(ctx.primaryRegion, keys.laborOperation(c))) ? c : undefined,
    ),
  );
  return new Set(found.filter((c): c is string => c !== undefined));
}

/** What putting a part would write; the CSV import plans every row before writing any. */
export async function planPart(
  ctx: MasterDataContext,
  part: Part,
  actor: Actor,
): Promise<{ changes: Change[]; audit: ReturnType<typeof auditEntry>[]; created: boolean }> {
  const { changes, before } = await keyedAndListed(
    ctx,
    keys.part(part.partNumber),
    keys.partListing(part.partNumber),
    { ...part },
    'Part',
  );
  const existing = recordOf<Part>(before, PART_FIELDS);
  if (existing && sameRecord(existing, part)) return { changes: [], audit: [], created: false };
  return {
    changes,
    audit: [
      auditEntry({
        entity: 'part',
        entityId: part.partNumber,
        action: existing ? 'changed' : 'created',
        at: ctx.now(),
        actor,
        before: existing,
        after: part,
      }),
    ],
    created: !existing,
  };
}

export async function putPart(
  ctx: MasterDataContext,
  partNumber: string,
  draft: PartDraft,
  actor: Actor,
): Promise<{ part: Part; created: boolean }> {
  const part = partFrom(partNumber, draft, await existingOperations(ctx, draft.laborOperations));
  const planned = await planPart(ctx, part, actor);
  await ctx.store.write(ctx.primaryRegion, planned.changes, planned.audit, { by: actor.id });
  return { part, created: planned.created };
}

// ── Warranty plans ──────────────────────────────────────────────────────────────────────────

/** Every version of a plan, oldest first (from this region's replica, or consistently in the primary). */
export async function planVersions(
  ctx: MasterDataContext,
  planId: string,
  opts: { consistent?: boolean } = {},
): Promise<WarrantyPlan[]> {
  const items = await ctx.store.partition(`PLAN#${planId}`, {
    prefix: 'V#',
    ...(opts.consistent ? { homeRegion: ctx.primaryRegion } : {}),
  });
  return items.map((i) => recordOf<WarrantyPlan>(i, PLAN_FIELDS)!);
}

export async function getPlan(ctx: MasterDataContext, planId: string) {
  const versions = await planVersions(ctx, planId, { consistent: true });
  if (versions.length === 0)
    throw new MasterDataError('notFound', `no warranty plan ${planId}`, { parameter: 'planId' });
  return { planId, versions };
}

/** Every plan with its latest version (read where plans are written: a new plan counts at once). */
export async function listPlans(ctx: MasterDataContext) {
  return (await ctx.store.partition('PLANS', { homeRegion: ctx.primaryRegion })).map(
    (i) => recordOf<WarrantyPlan>(i, PLAN_FIELDS)!,
  );
}

/** Adds the next version of a plan (the first creates it). Versions are never changed or removed. */
export async function addPlanVersion(
  ctx: MasterDataContext,
  planId: string,
  draft: WarrantyPlanDraft,
  actor: Actor,
): Promise<WarrantyPlan> {
  const existing = await planVersions(ctx, planId, { consistent: true });
  let version: WarrantyPlan;
  try {
    version = nextPlanVersion(planId, existing, draft, today(ctx));
  } catch (err) {
    if (err instanceof PlanVersionRuleError)
      throw new MasterDataError('invalid', err.message, { pointer: `/${err.field}` });
    throw err;
  }
  const head = await ctx.store.read(ctx.primaryRegion, keys.plan(planId));
  await ctx.store.write(
    ctx.primaryRegion,
    [
      {
        key: keys.planVersion(planId, version.version),
        read: undefined,
        put: { ...version },
        type: 'WarrantyPlanVersion',
      },
      { key: keys.plan(planId), read: head, put: { ...version }, type: 'WarrantyPlan' },
    ],
    [
      auditEntry({
        entity: 'warranty-plan',
        entityId: planId,
        action: `version ${version.version} added`,
        at: ctx.now(),
        actor,
        before: existing.at(-1),
        after: version,
      }),
    ],
    { by: actor.id },
  );
  return version;
}

/** The plan ids with at least one version (what a vehicle may be registered under). */
export async function planIds(ctx: MasterDataContext): Promise<string[]> {
  return (await listPlans(ctx)).map((p) => p.planId).sort();
}
