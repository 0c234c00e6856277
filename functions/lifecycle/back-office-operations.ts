import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../../domain/calendar.ts';
import { claimMetrics, type MetricsClaim } from '../../domain/claim-metrics.ts';
import { monthsBetween, npsMonth } from '../../domain/follow-up.ts';
import type { Partner, ServiceCentre } from '../../domain/partner.ts';
import type { Backorder } from '../../domain/stock.ts';
import type { Booking, Technician } from '../../domain/technician.ts';
import { matchTechnician } from '../../domain/technician-matching.ts';
import type { Vehicle } from '../../domain/vehicle.ts';
import {
  compareWithRegistry,
  type ImportRow,
  listedRowErrors,
  type RowError,
  readVehicleRows,
  sortRowErrors,
} from '../../domain/vehicle-import.ts';
import type { EmailRecord } from '../data/follow-up-store.ts';
import { type GuardedTable, type Key, TransactionFailedError } from '../data/guarded-table.ts';
import { keys } from '../data/keys.ts';
import { GLOBAL_INDEX } from '../data/table-schema.ts';
import { planIds } from '../master-data/catalogue.ts';
import { masterData } from '../master-data/live.ts';
import { marketRegions } from '../master-data/markets.ts';
import {
  catalog,
  clock,
  followUp,
  globalTable,
  partners,
  stock,
  technicians,
  writerFor,
} from '../shared/context.ts';
import { CsvFormatError, readCsv } from '../shared/csv.ts';

/**
 * The back office's operations views and the vehicle import (issue 6): inventory, partners and
 * technicians, the email outbox, metrics. Reads come from this region's replica by key or index
 * (never a Scan); the import writes each vehicle in its market's home region. The rules (what a
 * valid row is, fill rate, percentiles) are pure functions in `domain/`.
 */

// ── Shared reads ────────────────────────────────────────────────────────────────────────────

/** Every page of a Query. */
async function queryAll(
  table: GuardedTable,
  input: Parameters<GuardedTable['query']>[0],
  max = Number.POSITIVE_INFINITY,
): Promise<{ items: Record<string, unknown>[]; truncated: boolean }> {
  const items: Record<string, unknown>[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const res = await table.query({ ...input, ExclusiveStartKey: cursor });
    items.push(...res.items);
    cursor = res.lastKey;
  } while (cursor && items.length < max);
  return { items: items.slice(0, max), truncated: cursor !== undefined || items.length > max };
}

const READ_CONCURRENCY = 8;

/** Items by key, 100 per BatchGetItem (its limit), a few batches at a time, unprocessed keys sent again. */
async function getMany(
  table: GuardedTable,
  itemKeys: readonly Key[],
  opts: { consistent?: boolean; projection?: string; names?: Record<string, string> } = {},
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const batches = Array.from({ length: Math.ceil(itemKeys.length / 100) }, (_, b) =>
    itemKeys.slice(b * 100, (b + 1) * 100),
  );
  await mapLimited(batches, READ_CONCURRENCY, async (batch) => {
    let request: Record<string, { Keys: Key[] } & Record<string, unknown>> | undefined = {
      [table.tableName]: {
        Keys: batch,
        ConsistentRead: opts.consistent ?? false,
        ...(opts.projection ? { ProjectionExpression: opts.projection } : {}),
        ...(opts.names ? { ExpressionAttributeNames: opts.names } : {}),
      },
    };
    while (request && Object.keys(request).length > 0) {
      const res = await table.doc.send(new BatchGetCommand({ RequestItems: request }));
      out.push(...((res.Responses?.[table.tableName] ?? []) as Record<string, unknown>[]));
      request = res.UnprocessedKeys as typeof request;
    }
  });
  return out;
}

/** Runs `fn` over `items`, at most `concurrency` at a time, results in order. */
async function mapLimited<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

const partnersOf = async (region: string): Promise<Partner[]> =>
  (await partners.list())
    .filter((p) => p.homeRegion === region)
    .sort((a, b) => a.partnerId.localeCompare(b.partnerId));

// ── Inventory ───────────────────────────────────────────────────────────────────────────────

export interface InventoryItem {
  partNumber: string;
  name?: string;
  category?: string;
  onHand: number;
  reserved: number;
  available: number;
  /** Claims holding units here (entries of the stock item's reservations map). */
  reservedFor: number;
}

export interface WaitingClaim {
  claimId: string;
  homeRegion: string;
  quantity: number;
  since: string;
}

export interface Inventory {
  region: string;
  warehouses: {
    warehouseId: string;
    region: string;
    name: string;
    market?: string;
    items: InventoryItem[];
  }[];
  /** The restock queue of every part these warehouses carry: claims (of any region) waiting, oldest first. */
  backorders: {
    partNumber: string;
    name?: string;
    category?: string;
    quantity: number;
    claims: WaitingClaim[];
  }[];
}

/**
 * A region's warehouses and their stock (one Query per warehouse), and the restock queue of each
 * part they carry (one Query per part, `BACKORDER#<part>`). A queue entry counts while its claim still
 * waits for parts (AWAITING_PARTS), with what it still lacks: a claim that failed or was cancelled
 * may leave its entry behind.
 */
export async function inventory(region: string): Promise<Inventory> {
  const warehouses = (await stock.warehouses())
    .filter((w) => w.region === region)
    .sort((a, b) => a.warehouseId.localeCompare(b.warehouseId));
  const levels = await Promise.all(
    warehouses.map(async (w) => {
      const { items } = await queryAll(globalTable, {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `WAREHOUSE#${w.warehouseId}`, ':s': 'STOCK#' },
      });
      return items;
    }),
  );
  const partNumbers = [...new Set(levels.flat().map((i) => String(i.partNumber)))].sort();
  const parts = partNumbers.length ? await catalog.getParts(partNumbers) : new Map();
  const described = (partNumber: string) => {
    const part = parts.get(partNumber);
    return part ? { name: part.name, category: part.category } : {};
  };

  const queues = await Promise.all(
    partNumbers.map(async (partNumber) => {
      const { items } = await queryAll(globalTable, {
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `BACKORDER#${partNumber}` },
      });
      return { partNumber, entries: items };
    }),
  );
  const waitingIds = [...new Set(queues.flatMap((q) => q.entries.map((e) => String(e.claimId))))];
  const claims = new Map(
    (
      await getMany(
        globalTable,
        waitingIds.map((id) => keys.claim(id)),
        { projection: 'claimId, #s, backorders', names: { '#s': 'status' } },
      )
    ).map((c) => [String(c.claimId), c as { status: string; backorders?: Backorder[] }]),
  );
  const backorders = queues
    .map(({ partNumber, entries }) => {
      const waiting: WaitingClaim[] = [];
      for (const e of entries) {
        const claim = claims.get(String(e.claimId));
        if (claim?.status !== 'AWAITING_PARTS') continue;
        const lacking = (claim.backorders ?? []).find((b) => b.partNumber === partNumber)?.quantity ?? 0;
        if (lacking > 0)
          waiting.push({
            claimId: String(e.claimId),
            homeRegion: String(e.homeRegion),
            quantity: lacking,
            since: String(e.since),
          });
      }
      return {
        partNumber,
        ...described(partNumber),
        quantity: waiting.reduce((n, w) => n + w.quantity, 0),
        claims: waiting,
      };
    })
    .filter((b) => b.claims.length > 0);

  return {
    region,
    warehouses: warehouses.map((w, i) => ({
      warehouseId: w.warehouseId,
      region: w.region,
      name: w.name,
      ...(w.market ? { market: w.market } : {}),
      items: (levels[i] ?? [])
        .map((s) => {
          const partNumber = String(s.partNumber);
          const entries = Object.keys((s.reservations ?? {}) as Record<string, number>);
          return {
            partNumber,
            ...described(partNumber),
            onHand: Number(s.onHand),
            reserved: Number(s.reserved),
            available: Number(s.available ?? Number(s.onHand) - Number(s.reserved)),
            reservedFor: new Set(entries.map((k) => k.split('|')[0])).size,
          };
        })
        .sort((a, b) => a.partNumber.localeCompare(b.partNumber)),
    })),
    backorders,
  };
}

// ── Vehicle import ──────────────────────────────────────────────────────────────────────────

/** The file has invalid rows (each named); nothing was written. */
export class VehicleImportRejectedError extends Error {
  constructor(
    readonly errors: RowError[],
    readonly omitted: number,
  ) {
    const total = errors.length + omitted;
    super(
      `${total} ${total === 1 ? 'problem' : 'problems'} in the file${omitted ? ` (the first ${errors.length} listed)` : ''}; ` +
        'nothing was imported: fix the rows and send the whole file again',
    );
    this.name = 'VehicleImportRejectedError';
  }
}

/** A VIN was registered with other data between the check and the write; earlier batches stay written. */
export class VehicleImportConflictError extends Error {
  constructor(
    readonly errors: RowError[],
    readonly written: number,
  ) {
    super(
      `${errors.length === 1 ? 'a row was' : `${errors.length} rows were`} registered with other data while ` +
        `this import ran; ${written} vehicles of the file were registered before that. Fix the rows and send ` +
        'the file again: vehicles already registered with the same data are skipped',
    );
    this.name = 'VehicleImportConflictError';
  }
}

/** The import ran out of time part-way: what was written stays, and the same file sent again completes it. */
export class VehicleImportIncompleteError extends Error {
  constructor(
    readonly created: number,
    readonly toCreate: number,
  ) {
    super(
      `the import stopped before the end: ${created} of the ${toCreate} new vehicles were registered. ` +
        'Send the same file again to register the rest (registered rows are skipped)',
    );
    this.name = 'VehicleImportIncompleteError';
  }
}

export interface VehicleImportResult {
  /** Vehicles of the file now in the registry: created + unchanged. */
  imported: number;
  created: number;
  /** Already registered with the same data (a file sent again after an interrupted import). */
  unchanged: number;
  /** Vehicles created per home region. */
  byRegion: Record<string, number>;
}

/** DynamoDB's limit per TransactWriteItems. */
const TRANSACTION_ITEMS = 100;
const WRITE_CONCURRENCY = 4;

const VEHICLE_FIELDS = [
  'model',
  'modelYear',
  'deliveryDate',
  'market',
  'warrantyPlan',
  'powertrain',
] as const;
/** Written only if the VIN is new, or registered with exactly this data (a concurrent identical import). */
const absentOrSame = (v: Vehicle) => ({
  expression: `attribute_not_exists(pk) OR (${VEHICLE_FIELDS.map((f) => `#${f} = :${f}`).join(' AND ')})`,
  names: Object.fromEntries(VEHICLE_FIELDS.map((f) => [`#${f}`, f])),
  values: Object.fromEntries(VEHICLE_FIELDS.map((f) => [`:${f}`, v[f]])),
});

/** Groups by a key, in first-seen order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

/** What the registry holds for these VINs, read consistently where each is written. */
async function registeredVehicles(rows: readonly ImportRow[]): Promise<Map<string, Vehicle>> {
  const found = new Map<string, Vehicle>();
  for (const [home, group] of groupBy(rows, (r) => r.vehicle.homeRegion)) {
    const table = await writerFor(home);
    const items = await getMany(
      table,
      group.map((r) => keys.vehicle(r.vehicle.vin)),
      { consistent: true },
    );
    for (const item of items) found.set(String(item.vin), item as unknown as Vehicle);
  }
  return found;
}

/**
 * Registers the vehicles of a CSV file (header `vin,market,model,modelYear,powertrain,warrantyPlan,
 * deliveryDate`), all rows checked before anything is written:
 * - any invalid row (format, VIN, market, dates, a VIN twice in the file, a VIN registered with
 *   other data) → VehicleImportRejectedError listing every problem; nothing is written;
 * - otherwise the new vehicles are written in their market's home region (through the region that
 *   writes for it now, like a reservation of another region's stock), in transactions of up to 100
 *   vehicles, each conditional on the VIN being absent or registered identically.
 * Each transaction is all or nothing; the import as a whole is not (5,000 vehicles and several
 * regions cannot be one DynamoDB transaction). If it stops half-way (a region down, a crash), some
 * batches are registered and the caller gets an error: sending the same file again completes it,
 * since rows registered with the same data pass the check and are skipped (`unchanged`).
 */
export async function importVehicles(
  csv: string,
  /** When to stop starting batches (epoch ms): past it, VehicleImportIncompleteError rather than a timeout. */
  opts: { deadline?: number } = {},
): Promise<VehicleImportResult> {
  let records: ReturnType<typeof readCsv>;
  try {
    records = readCsv(csv);
  } catch (err) {
    if (err instanceof CsvFormatError)
      throw new VehicleImportRejectedError([{ row: err.line, column: '', detail: err.message }], 0);
    throw err;
  }
  const [header, ...rest] = records;
  if (!header)
    throw new VehicleImportRejectedError(
      [{ row: 1, column: '', detail: 'the file is empty; the first line is the header' }],
      0,
    );
  // The configured markets and those opened since; the plans with a version (master data).
  const [markets, plans] = await Promise.all([marketRegions(masterData), planIds(masterData)]);
  if (markets.size === 0) throw new Error('CLAIMFLOW_MARKETS is not set: no market → region mapping');
  const read = readVehicleRows({
    header,
    records: rest,
    regionOfMarket: (m) => markets.get(m),
    knownMarkets: [...markets.keys()],
    knownPlans: plans,
    today: clock.now().toISOString().slice(0, 10),
  });
  const compared = compareWithRegistry(read.rows, await registeredVehicles(read.rows));
  const errors = sortRowErrors([...read.errors, ...compared.errors]);
  if (errors.length > 0) {
    const { listed, omitted } = listedRowErrors(errors);
    throw new VehicleImportRejectedError(listed, omitted);
  }

  const batches = [...groupBy(compared.create, (r) => r.vehicle.homeRegion)].flatMap(([home, group]) =>
    Array.from({ length: Math.ceil(group.length / TRANSACTION_ITEMS) }, (_, i) => ({
      home,
      rows: group.slice(i * TRANSACTION_ITEMS, (i + 1) * TRANSACTION_ITEMS),
    })),
  );
  let written = 0;
  let late = false;
  const conflicts: RowError[] = [];
  await mapLimited(batches, WRITE_CONCURRENCY, async ({ home, rows }) => {
    if (late || (opts.deadline !== undefined && Date.now() > opts.deadline)) {
      late = true;
      return;
    }
    const table = await writerFor(home);
    try {
      await table.transact(
        rows.map(({ vehicle }) => ({
          put: { ...keys.vehicle(vehicle.vin), type: 'Vehicle', ...vehicle },
          condition: absentOrSame(vehicle),
        })),
      );
      written += rows.length;
    } catch (err) {
      if (!(err instanceof TransactionFailedError)) throw err;
      const refused = err.reasons.flatMap((r, i) => (r.code === 'ConditionalCheckFailed' ? [rows[i]!] : []));
      if (refused.length === 0) throw err;
      conflicts.push(
        ...refused.map((r) => ({
          row: r.row,
          column: 'vin',
          detail: `VIN ${r.vehicle.vin} was registered with other data while this import ran`,
        })),
      );
    }
  });
  if (conflicts.length > 0) throw new VehicleImportConflictError(sortRowErrors(conflicts), written);
  if (late) throw new VehicleImportIncompleteError(written, compared.create.length);

  const byRegion: Record<string, number> = {};
  for (const r of compared.create) byRegion[r.vehicle.homeRegion] = (byRegion[r.vehicle.homeRegion] ?? 0) + 1;
  return {
    imported: compared.create.length + compared.unchanged.length,
    created: compared.create.length,
    unchanged: compared.unchanged.length,
    byRegion,
  };
}

// ── Partners, centres, technicians ──────────────────────────────────────────────────────────

const LOAD_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;
/** The next free slot is looked for this far ahead (the matcher's own horizon is 60 days). */
const FREE_SLOT_HORIZON_DAYS = 14;

export interface TechnicianLoad {
  /** Bookings that overlap the next 7 days. */
  bookedSlots: number;
  /** Booked hours inside the next 7 days. */
  bookedHours: number;
  /** Start of the technician's earliest free 15-minute slot within the centre's hours (14 days ahead). */
  nextFreeSlot?: string;
}

function loadOf(
  technician: Technician,
  centre: ServiceCentre,
  bookings: readonly Booking[],
  now: Date,
): TechnicianLoad {
  const from = now.getTime();
  const to = from + LOAD_WINDOW_DAYS * DAY_MS;
  const own = bookings.filter(
    (b) => b.technicianId === technician.technicianId && Date.parse(b.start) < to && Date.parse(b.end) > from,
  );
  const bookedMs = own.reduce(
    (ms, b) => ms + Math.min(Date.parse(b.end), to) - Math.max(Date.parse(b.start), from),
    0,
  );
  const free = matchTechnician({
    centre,
    technicians: [technician],
    bookings,
    categories: [],
    durationMinutes: 15,
    notBefore: now,
    horizonDays: FREE_SLOT_HORIZON_DAYS,
  });
  return {
    bookedSlots: own.length,
    bookedHours: Math.round((bookedMs / 3_600_000) * 100) / 100,
    ...(free.ok ? { nextFreeSlot: free.start } : {}),
  };
}

/** A region's partners with their service centres (hours, time zone) and technicians (skills, load). */
export async function partnerDirectory(region: string) {
  const now = clock.now();
  const list = await partnersOf(region);
  const items = await Promise.all(
    list.map(async (p) => ({
      partnerId: p.partnerId,
      name: p.name,
      market: p.market,
      region: p.homeRegion,
      currency: p.currency,
      tier: p.tier,
      status: p.status ?? 'active',
      ...(p.contact ? { contact: p.contact } : {}),
      centres: await Promise.all(
        p.serviceCentres.map(async (c) => {
          const [team, bookings] = await Promise.all([
            technicians.listByCentre(c.centreId),
            technicians.bookings(c.centreId, now.toISOString()),
          ]);
          return {
            centreId: c.centreId,
            name: c.name,
            address: c.address,
            phone: c.phone,
            timeZone: c.timeZone,
            workingHours: c.workingHours,
            technicians: [...team]
              .sort((a, b) => a.technicianId.localeCompare(b.technicianId))
              .map((t) => ({
                technicianId: t.technicianId,
                name: t.name,
                skills: t.skills,
                load: loadOf(t, c, bookings, now),
              })),
          };
        }),
      ),
    })),
  );
  return { region, at: now.toISOString(), items };
}

// ── Outbox ──────────────────────────────────────────────────────────────────────────────────

export interface OutboxEmail {
  claimId: string;
  template: string;
  /** The customer's address (from the claim). */
  to?: string;
  language?: string;
  /** When the once-only record was written, just before SES was asked to send. */
  sentAt: string;
  /** sending (not confirmed yet), sent (SES took it), unknown (SES's answer was lost). */
  state: EmailRecord['state'];
  subject?: string;
  messageId?: string;
}

/** A region's latest emails are looked for in this month and the two before it. */
const OUTBOX_MONTHS = 3;

async function recipients(claimIds: readonly string[]): Promise<Map<string, string>> {
  const items = await getMany(
    globalTable,
    [...new Set(claimIds)].map((id) => keys.claim(id)),
    { projection: 'claimId, customer.email' },
  );
  return new Map(
    items.map((i) => [
      String(i.claimId),
      String((i.customer as { email?: string } | undefined)?.email ?? ''),
    ]),
  );
}

const toOutboxEmail = (
  r: Record<string, unknown>,
  claimId: string,
  to: Map<string, string>,
): OutboxEmail => ({
  claimId,
  template: String(r.template),
  ...(to.get(claimId) ? { to: to.get(claimId) } : {}),
  ...(r.language ? { language: String(r.language) } : {}),
  sentAt: String(r.at),
  state: r.state as EmailRecord['state'],
  ...(r.subject ? { subject: String(r.subject) } : {}),
  ...(r.messageId ? { messageId: String(r.messageId) } : {}),
});

/**
 * The emails of one claim (its once-only records), or the latest of a region: the byOutbox index,
 * one partition per region and month, read newest first from this month back to two months ago.
 * Newest first either way; records written before the index existed are found by claim only.
 */
export async function emailOutbox(q: {
  claimId?: string;
  region: string;
  limit: number;
}): Promise<{ items: OutboxEmail[] }> {
  if (q.claimId) {
    const claimId = q.claimId;
    const records = (await followUp.emailsOf(claimId)) as unknown as Record<string, unknown>[];
    const to = records.length ? await recipients([claimId]) : new Map<string, string>();
    return {
      items: records
        .map((r) => toOutboxEmail(r, claimId, to))
        .sort((a, b) => b.sentAt.localeCompare(a.sentAt))
        .slice(0, q.limit),
    };
  }
  const now = clock.now();
  const months = monthsBetween(
    npsMonth(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (OUTBOX_MONTHS - 1), 1))),
    npsMonth(now),
  ).reverse();
  const records: Record<string, unknown>[] = [];
  for (const month of months) {
    if (records.length >= q.limit) break;
    const { items } = await queryAll(
      globalTable,
      {
        IndexName: GLOBAL_INDEX.byOutbox,
        KeyConditionExpression: 'gsi5pk = :p',
        ExpressionAttributeValues: { ':p': `OUTBOX#${q.region}#${month}` },
        ScanIndexForward: false,
        Limit: q.limit - records.length,
      },
      q.limit - records.length,
    );
    records.push(...items);
  }
  const to = await recipients(records.map((r) => String(r.claimId)));
  return { items: records.map((r) => toOutboxEmail(r, String(r.claimId), to)) };
}

// ── Metrics ─────────────────────────────────────────────────────────────────────────────────

/** The most claims one answer reads: past it the answer says `truncated` (narrow `days`). */
export const MAX_METRICS_CLAIMS = 20_000;

/**
 * Metrics of the claims filed in a region in the last `days` UTC days (today included), from
 * bounded index queries: the region's partners (one Query), then each partner's claims filed in the
 * window (GSI byPartner, `gsi1sk` between the window's ends, only the attributes the rules read),
 * and the NPS entries of the months the window touches. The cost grows with the claims in the
 * window (at most 90 days, at most 20,000 claims per answer), not with the table.
 */
export async function metrics(q: { region: string; days: number }) {
  const now = clock.now();
  const today = now.toISOString().slice(0, 10);
  const firstDay = addDays(today, -(q.days - 1));
  const from = `${firstDay}T00:00:00.000Z`;
  const to = now.toISOString();

  let truncated = false;
  const claims: MetricsClaim[] = [];
  for (const p of await partnersOf(q.region)) {
    if (claims.length >= MAX_METRICS_CLAIMS) {
      truncated = true;
      break;
    }
    const page = await queryAll(
      globalTable,
      {
        IndexName: GLOBAL_INDEX.byPartner,
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':p': `PARTNER#${p.partnerId}`,
          ':from': `CLAIM#${from}`,
          ':to': `CLAIM#${to}~`,
        },
        ProjectionExpression: 'claimId, filedAt, #s, events, #l, reservations, backorders',
        ExpressionAttributeNames: { '#s': 'status', '#l': 'lines' },
      },
      MAX_METRICS_CLAIMS - claims.length,
    );
    claims.push(...(page.items as unknown as MetricsClaim[]));
    truncated ||= page.truncated;
  }

  const entries = (
    await Promise.all(
      monthsBetween(npsMonth(from), npsMonth(to)).map((m) => followUp.npsEntries(q.region, m)),
    )
  )
    .flat()
    .filter((e) => e.at >= from && e.at <= to);

  return {
    region: q.region,
    from,
    to,
    days: q.days,
    ...claimMetrics({ claims, firstDay, days: q.days, npsScores: entries.map((e) => Number(e.score)) }),
    ...(truncated ? { truncated: true } : {}),
  };
}
