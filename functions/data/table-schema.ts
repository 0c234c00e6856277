/**
 * The shape of claimflow's two tables: the one place that names keys and indexes. The CDK data
 * stack, the local runtime (which creates the same tables in DynamoDB Local) and the repositories
 * all read it, so a new index is one edit here.
 *
 * Single-table design. Every item has `pk`/`sk`; items that need a second access pattern also set
 * the attributes of one or more of the GSIs below. See docs/ARCHITECTURE.md for the full list of
 * item types and access patterns.
 */

/**
 * What an index carries besides its keys (and the table's). An index item is written again only
 * when an attribute it carries changes, at its own size: a claim (several KB, written ~8 times in
 * its life) in an index projecting ALL costs its size in write units in every index, every write,
 * every region. The claim indexes carry keys (and a few attributes that never or seldom change), and
 * their readers read the items from the table (`itemsOf` in table-reads.ts): issue 18.
 */
export type IndexProjection =
  | { readonly type: 'ALL' }
  | { readonly type: 'KEYS_ONLY' }
  | { readonly type: 'INCLUDE'; readonly attributes: readonly string[] };

export interface IndexSchema {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly projection: IndexProjection;
  /** What the index answers, in the domain's words. */
  readonly purpose: string;
}

export interface TableSchema {
  readonly partitionKey: 'pk';
  readonly sortKey: 'sk';
  readonly indexes: readonly IndexSchema[];
  /** Attribute DynamoDB's TTL reads, if the table expires items. */
  readonly ttlAttribute?: string;
}

export const GLOBAL_INDEX = {
  byPartner: 'byPartner',
  byStatus: 'byStatus',
  byVin: 'byVin',
  byPart: 'byPart',
  byOutbox: 'byOutbox',
} as const;

/** The global table `claimflow`, replicated to every export region. */
export const globalTableSchema: TableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    {
      name: GLOBAL_INDEX.byPartner,
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      // What a market's fleet (FLEET#<market>, functions/data/fleet.ts) reads from the index itself;
      // on a claim these never change, so a claim writes this index once, when it is filed.
      projection: { type: 'INCLUDE', attributes: ['vin', 'model', 'modelYear', 'market', 'deliveryDate'] },
      purpose: "a partner's claims, newest first (PARTNER#<partnerId> / CLAIM#<filedAt>#<claimId>)",
    },
    {
      name: GLOBAL_INDEX.byStatus,
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      // What the webhook dispatcher (claimId, eventId) and the region runbook (failure) read from
      // the index itself; none changes with an ordinary claim write.
      projection: { type: 'INCLUDE', attributes: ['claimId', 'eventId', 'failure'] },
      purpose:
        'claims in one status in one home region, oldest change first (STATUS#<region>#<status> / <updatedAt>#<claimId>)',
    },
    {
      name: GLOBAL_INDEX.byVin,
      partitionKey: 'gsi3pk',
      sortKey: 'gsi3sk',
      projection: { type: 'KEYS_ONLY' },
      purpose: "a vehicle's claims, for duplicate checks and history (VIN#<vin> / CLAIM#<filedAt>#<claimId>)",
    },
    {
      name: GLOBAL_INDEX.byPart,
      partitionKey: 'gsi4pk',
      sortKey: 'gsi4sk',
      // Stock levels are small (one write unit either way) and read whole.
      projection: { type: 'ALL' },
      purpose:
        'stock of one part across warehouses, home region first (PART#<partNumber> / <region>#<warehouseId>)',
    },
    {
      name: GLOBAL_INDEX.byOutbox,
      partitionKey: 'gsi5pk',
      sortKey: 'gsi5sk',
      // Email records are small and read whole.
      projection: { type: 'ALL' },
      purpose:
        "a region's emails to customers by month, newest first (OUTBOX#<region>#<yyyy-mm> / <at>#<claimId>#<template>)",
    },
  ],
};

/** The per-region table `claimflow-regional`: never replicated, items expire. */
export const regionalTableSchema: TableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
  ttlAttribute: 'expiresAt',
};

/**
 * Attribute the local replicator stamps on every write to the global table and compares for
 * last-writer-wins, as AWS's global tables do internally. Application code never reads it.
 */
export const REPLICATION_STAMP_ATTRIBUTE = 'replicatedAt';

/** Table names come from the environment in Lambda (set by CDK) and from config locally. */
export const tableNames = (env: NodeJS.ProcessEnv = process.env) => ({
  global: env.CLAIMFLOW_TABLE ?? 'claimflow',
  regional: env.CLAIMFLOW_REGIONAL_TABLE ?? 'claimflow-regional',
});
