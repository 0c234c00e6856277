import type { WaitingBackorder } from '../../domain/allocation.ts';
import type { Claim, ClaimStatus } from '../../domain/claim.ts';
import type { FollowUpEmail, SuppressionReason } from '../../domain/follow-up.ts';
import type { LaborOperation, Part } from '../../domain/part.ts';
import type { Partner } from '../../domain/partner.ts';
import {
  type BackorderQueue,
  type BusinessEvent,
  type BusinessMetrics,
  ClaimAlreadyExistsError,
  type ClaimRepository,
  type ClaimWorkflows,
  type Clock,
  type EmailLog,
  type EmailRecord,
  type IdempotencyKeys,
  type Leases,
  type Mailer,
  type OnceRecords,
  type OutgoingEmail,
  type Page,
  type PageRequest,
  type PartnerRepository,
  type PartsCatalog,
  type RegionOwners,
  SlotTakenError,
  StockItemMissingError,
  type StockLedger,
  type StockRequest,
  type TechnicianRepository,
  type VehicleRepository,
  VersionConflictError,
  type WaitKind,
  type WarrantyPlanRepository,
  type WorkflowWaits,
} from '../../domain/ports.ts';
import type { Campaign, CampaignRegister, CampaignVehicle } from '../../domain/quality/campaign.ts';
import type { QualityFactRecord, QualityLedger } from '../../domain/quality/ledger.ts';
import type { OwnerRecord } from '../../domain/region.ts';
import {
  type Backorder,
  consumeStock,
  releaseStock,
  reserveStock,
  restockLevel,
  type Warehouse,
  type WarehouseStock,
} from '../../domain/stock.ts';
import { type Booking, intervalsOverlap, type Technician } from '../../domain/technician.ts';
import type { Vehicle } from '../../domain/vehicle.ts';
import { STANDARD_PLAN, type WarrantyPlan } from '../../domain/warranty-plan.ts';
import type { LifecycleDependencies } from '../../functions/lifecycle/dependencies.ts';

/**
 * In-memory fakes of the ports in `domain/ports.ts`, for unit tests of the lifecycle: each keeps
 * the contract its DynamoDB adapter keeps (versions, idempotency keys, no overselling, no double
 * booking) with plain maps, so a test runs the real step against them without DynamoDB Local. The
 * integration tests run the same steps on the real adapters.
 */

const copy = <T>(value: T): T => structuredClone(value);

export class FakeClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: Date | string): void {
    this.at = new Date(at);
  }
}

export class InMemoryClaims implements ClaimRepository {
  readonly stored = new Map<string, Claim>();
  /** Every epoch a write was made under, in order (`undefined`: the current one). */
  readonly writeEpochs: (number | undefined)[] = [];

  constructor(
    private readonly epoch?: number,
    shared?: Map<string, Claim>,
  ) {
    if (shared) this.stored = shared;
  }

  underEpoch(epoch: number | undefined): InMemoryClaims {
    const view = new InMemoryClaims(epoch, this.stored);
    (view as { writeEpochs: (number | undefined)[] }).writeEpochs = this.writeEpochs;
    return view;
  }

  async get(claimId: string): Promise<Claim | undefined> {
    const claim = this.stored.get(claimId);
    return claim && copy(claim);
  }

  async create(claim: Claim): Promise<void> {
    if (this.stored.has(claim.claimId)) throw new ClaimAlreadyExistsError(claim.claimId);
    this.writeEpochs.push(this.epoch);
    this.stored.set(claim.claimId, copy(claim));
  }

  async save(claim: Claim, _previous?: Claim): Promise<Claim> {
    const current = this.stored.get(claim.claimId);
    if (!current || current.version !== claim.version)
      throw new VersionConflictError(claim.claimId, claim.version);
    const next = { ...copy(claim), version: claim.version + 1 };
    this.writeEpochs.push(this.epoch);
    this.stored.set(claim.claimId, next);
    return copy(next);
  }

  async listByPartner(
    partnerId: string,
    query: PageRequest & { status?: ClaimStatus },
  ): Promise<Page<Claim>> {
    const all = [...this.stored.values()]
      .filter((c) => c.partnerId === partnerId && (!query.status || c.status === query.status))
      .sort((a, b) => b.filedAt.localeCompare(a.filedAt));
    const start = query.cursor ? Number(query.cursor) : 0;
    const items = all.slice(start, start + query.limit).map(copy);
    return start + query.limit < all.length ? { items, nextCursor: String(start + query.limit) } : { items };
  }

  async listByVin(vin: string, sinceIso: string): Promise<Claim[]> {
    return [...this.stored.values()].filter((c) => c.vin === vin && c.filedAt >= sinceIso).map(copy);
  }
}

export class InMemoryOwners implements RegionOwners {
  readonly records = new Map<string, OwnerRecord>();
  async ownerOf(homeRegion: string): Promise<OwnerRecord> {
    return this.records.get(homeRegion) ?? { homeRegion, writerRegion: homeRegion, epoch: 1 };
  }
}

export class InMemoryPartners implements PartnerRepository {
  readonly byId: Map<string, Partner>;
  constructor(partners: Partner[] = []) {
    this.byId = new Map(partners.map((p) => [p.partnerId, p]));
  }
  async get(partnerId: string): Promise<Partner | undefined> {
    return this.byId.get(partnerId);
  }
  async list(): Promise<Partner[]> {
    return [...this.byId.values()];
  }
}

export class InMemoryVehicles implements VehicleRepository {
  readonly byVin: Map<string, Vehicle>;
  constructor(vehicles: Vehicle[] = []) {
    this.byVin = new Map(vehicles.map((v) => [v.vin, v]));
  }
  async get(vin: string): Promise<Vehicle | undefined> {
    return this.byVin.get(vin);
  }
  async put(vehicle: Vehicle): Promise<void> {
    this.byVin.set(vehicle.vin, vehicle);
  }
}

const pick = <T>(all: ReadonlyMap<string, T>, ids: readonly string[]) =>
  new Map(ids.flatMap((id) => (all.has(id) ? [[id, all.get(id)!] as const] : [])));

export class InMemoryPartsCatalog implements PartsCatalog {
  private readonly parts: Map<string, Part>;
  private readonly operations: Map<string, LaborOperation>;
  constructor(parts: Part[] = [], operations: LaborOperation[] = []) {
    this.parts = new Map(parts.map((p) => [p.partNumber, p]));
    this.operations = new Map(operations.map((o) => [o.code, o]));
  }
  async getParts(partNumbers: readonly string[]): Promise<Map<string, Part>> {
    return pick(this.parts, partNumbers);
  }
  async getLaborOperations(codes: readonly string[]): Promise<Map<string, LaborOperation>> {
    return pick(this.operations, codes);
  }
}

/** Warranty plan versions by plan id; by default the `standard` plan's first version (DESIGN §4). */
export class InMemoryWarrantyPlans implements WarrantyPlanRepository {
  constructor(private readonly plans: WarrantyPlan[] = [STANDARD_PLAN]) {}
  async versions(planId: string): Promise<WarrantyPlan[]> {
    return this.plans.filter((p) => p.planId === planId);
  }
}

interface StockItem extends WarehouseStock {
  /** `<claimId>|<requestId>` → units, as the DynamoDB ledger's reservations map. */
  entries: Map<string, number>;
}

export class InMemoryStockLedger implements StockLedger {
  readonly items = new Map<string, StockItem>();
  /**
   * What this region's replica shows, when it differs from the warehouses' own regions (replication
   * lag): `levels()` answers these, every write goes to `items`.
   */
  readonly replica = new Map<string, WarehouseStock>();

  constructor(private readonly warehouseList: Warehouse[]) {}

  static key = (warehouseId: string, partNumber: string) => `${warehouseId}|${partNumber}`;

  /** Puts `onHand` units of a part on a warehouse's shelf (none reserved). */
  stockUp(warehouseId: string, partNumber: string, onHand: number): this {
    const region = this.warehouseList.find((w) => w.warehouseId === warehouseId)!.region;
    this.items.set(InMemoryStockLedger.key(warehouseId, partNumber), {
      warehouseId,
      partNumber,
      region,
      onHand,
      reserved: 0,
      entries: new Map(),
    });
    return this;
  }

  private item(warehouseId: string, partNumber: string): StockItem {
    const item = this.items.get(InMemoryStockLedger.key(warehouseId, partNumber));
    if (!item) throw new StockItemMissingError(warehouseId, partNumber);
    return item;
  }

  private update(item: StockItem, level: WarehouseStock): void {
    item.onHand = level.onHand;
    item.reserved = level.reserved;
  }

  /** What a claim holds in a warehouse, over all its requests. */
  heldBy(claimId: string, warehouseId: string, partNumber: string): number {
    const item = this.items.get(InMemoryStockLedger.key(warehouseId, partNumber));
    return [...(item?.entries ?? [])]
      .filter(([k]) => k.startsWith(`${claimId}|`))
      .reduce((n, [, q]) => n + q, 0);
  }

  async warehouses(): Promise<Warehouse[]> {
    return [...this.warehouseList];
  }

  async levels(partNumber: string): Promise<WarehouseStock[]> {
    return [...this.items.values()]
      .filter((i) => i.partNumber === partNumber)
      .map(
        ({ entries: _, ...level }) =>
          this.replica.get(InMemoryStockLedger.key(level.warehouseId, partNumber)) ?? level,
      );
  }

  async level(warehouseId: string, partNumber: string): Promise<WarehouseStock | undefined> {
    const item = this.items.get(InMemoryStockLedger.key(warehouseId, partNumber));
    if (!item) return undefined;
    const { entries: _, ...level } = item;
    return level;
  }

  async reserve(r: StockRequest): Promise<void> {
    const item = this.item(r.warehouseId, r.partNumber);
    const entry = `${r.claimId}|${r.requestId}`;
    if (item.entries.has(entry)) return;
    this.update(item, reserveStock(item, r.quantity));
    item.entries.set(entry, r.quantity);
  }

  async cancelRequest(r: StockRequest): Promise<void> {
    const item = this.item(r.warehouseId, r.partNumber);
    const entry = `${r.claimId}|${r.requestId}`;
    if (item.entries.get(entry) !== r.quantity) return;
    this.update(item, releaseStock(item, r.quantity));
    item.entries.delete(entry);
  }

  async settle(warehouseId: string, partNumber: string, claimId: string, consume: number, release: number) {
    const item = this.item(warehouseId, partNumber);
    const held = this.heldBy(claimId, warehouseId, partNumber);
    if (held === 0) return;
    if (consume + release !== held)
      throw new Error(`claim ${claimId} holds ${held}, not ${consume + release}`);
    let level: WarehouseStock = item;
    if (consume > 0) level = consumeStock(level, consume);
    if (release > 0) level = releaseStock(level, release);
    this.update(item, level);
    for (const k of [...item.entries.keys()]) if (k.startsWith(`${claimId}|`)) item.entries.delete(k);
  }

  async releaseAll(warehouseId: string, partNumber: string, claimId: string): Promise<number> {
    const held = this.heldBy(claimId, warehouseId, partNumber);
    if (held > 0) await this.settle(warehouseId, partNumber, claimId, 0, held);
    return held;
  }

  async restock(warehouseId: string, partNumber: string, quantity: number): Promise<void> {
    const item = this.item(warehouseId, partNumber);
    this.update(item, restockLevel(item, quantity));
  }
}

export class InMemoryBackorderQueue implements BackorderQueue {
  readonly entries = new Map<string, WaitingBackorder>();

  async join(claim: Claim, backorders: readonly Backorder[]): Promise<void> {
    for (const b of backorders)
      this.entries.set(`${b.partNumber}|${claim.claimId}`, {
        claimId: claim.claimId,
        partNumber: b.partNumber,
        quantity: b.quantity,
        homeRegion: claim.homeRegion,
        since: claim.filedAt,
      });
  }

  async leave(claim: Claim): Promise<void> {
    for (const [k, e] of this.entries) if (e.claimId === claim.claimId) this.entries.delete(k);
  }

  async waiting(partNumber: string): Promise<WaitingBackorder[]> {
    return [...this.entries.values()].filter((e) => e.partNumber === partNumber);
  }
}

export class InMemoryTechnicians implements TechnicianRepository {
  readonly booked: (Booking & { centreId: string; homeRegion: string })[] = [];

  constructor(private readonly team: Technician[]) {}

  async listByCentre(centreId: string): Promise<Technician[]> {
    return this.team.filter((t) => t.centreId === centreId);
  }

  async bookings(centreId: string, fromIso: string): Promise<Booking[]> {
    return this.booked
      .filter((b) => b.centreId === centreId && b.end > fromIso)
      .map(({ centreId: _, homeRegion: __, ...b }) => b);
  }

  async book(centreId: string, booking: Booking, homeRegion: string): Promise<void> {
    const own = this.booked.find((b) => b.claimId === booking.claimId);
    if (own) {
      if (own.technicianId === booking.technicianId && own.start === booking.start) return;
      throw new Error(`claim ${booking.claimId} already holds a booking`);
    }
    if (this.booked.some((b) => b.technicianId === booking.technicianId && intervalsOverlap(b, booking)))
      throw new SlotTakenError(booking);
    this.booked.push({ ...booking, centreId, homeRegion });
  }

  async cancelBooking(claimId: string): Promise<void> {
    const i = this.booked.findIndex((b) => b.claimId === claimId);
    if (i >= 0) this.booked.splice(i, 1);
  }
}

/** Leases that take turns within the process (one container). */
export class InProcessLeases implements Leases {
  private tail = new Map<string, Promise<unknown>>();
  readonly taken: string[] = [];

  async withLease<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tail.get(name) ?? Promise.resolve();
    const run = before
      .catch(() => undefined)
      .then(() => {
        this.taken.push(name);
        return fn();
      });
    this.tail.set(name, run);
    return run;
  }
}

export class InMemoryOnceRecords implements OnceRecords {
  readonly records = new Map<string, Record<string, unknown>>();
  async recordOnce(key: string, detail: Record<string, unknown>): Promise<boolean> {
    if (this.records.has(key)) return false;
    this.records.set(key, detail);
    return true;
  }
  async readOnce(key: string): Promise<Record<string, unknown> | undefined> {
    return this.records.get(key);
  }
}

export class InMemoryIdempotencyKeys implements IdempotencyKeys {
  readonly records = new Map<string, { claimId: string; bodyHash: string }>();
  async recordFirst(
    use: { homeRegion: string; partnerId: string; keyHash: string },
    detail: { claimId: string; bodyHash: string },
  ): Promise<boolean> {
    const key = `${use.partnerId}#${use.keyHash}`;
    if (this.records.has(key)) return false;
    this.records.set(key, detail);
    return true;
  }
  async readFirst(partnerId: string, keyHash: string) {
    return this.records.get(`${partnerId}#${keyHash}`);
  }
}

/** Waits as task tokens: parked per claim and kind, answered at most once each. */
export class RecordingWaits implements WorkflowWaits {
  readonly parked = new Map<string, string>();
  readonly answers: { claimId: string; kind: WaitKind; output?: unknown; error?: string }[] = [];

  async park(claimId: string, kind: WaitKind, taskToken: string): Promise<void> {
    this.parked.set(`${claimId}|${kind}`, taskToken);
  }
  async resume(claimId: string, kind: WaitKind, output: unknown): Promise<boolean> {
    if (!this.parked.delete(`${claimId}|${kind}`)) return false;
    this.answers.push({ claimId, kind, output });
    return true;
  }
  async fail(claimId: string, kind: WaitKind, error: string): Promise<boolean> {
    if (!this.parked.delete(`${claimId}|${kind}`)) return false;
    this.answers.push({ claimId, kind, error });
    return true;
  }
}

export class RecordingWorkflows implements ClaimWorkflows {
  readonly started = new Set<string>();
  async startLifecycle(claimId: string, epoch: number, run = 1): Promise<string> {
    this.started.add(`${claimId}-e${epoch}-r${run}`);
    return `arn:aws:states:fake:000000000000:execution:ClaimLifecycle:${claimId}-e${epoch}-r${run}`;
  }
  async startMaintenanceReminder(claimId: string, epoch: number, remindAt: string): Promise<void> {
    this.started.add(`${claimId}-maintenance-e${epoch}@${remindAt}`);
  }
}

export class InMemoryEmailLog implements EmailLog {
  readonly records = new Map<string, EmailRecord & { claimId: string }>();
  readonly suppressed = new Map<string, SuppressionReason[]>();
  readonly answeredSurveys = new Set<string>();

  async begin(claim: Claim, template: FollowUpEmail, at: string): Promise<boolean> {
    const key = `${claim.claimId}|${template}`;
    if (this.records.has(key) && this.records.get(key)!.state !== 'failed') return false;
    this.records.set(key, { claimId: claim.claimId, template, state: 'sending', at });
    return true;
  }
  async finish(claim: Claim, template: FollowUpEmail, outcome: Partial<EmailRecord>): Promise<void> {
    const key = `${claim.claimId}|${template}`;
    this.records.set(key, { ...this.records.get(key)!, ...outcome });
  }
  async forget(claim: Claim, template: FollowUpEmail): Promise<void> {
    this.records.delete(`${claim.claimId}|${template}`);
  }
  async emailsOf(claimId: string): Promise<EmailRecord[]> {
    return [...this.records.values()].filter((r) => r.claimId === claimId);
  }
  async suppressionsOf(email: string): Promise<SuppressionReason[]> {
    return this.suppressed.get(email) ?? [];
  }
  async surveyAnswered(claimId: string): Promise<boolean> {
    return this.answeredSurveys.has(claimId);
  }
}

export class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  /** Set to make the next send throw it. */
  failNext: unknown;
  async send(email: OutgoingEmail): Promise<{ messageId?: string }> {
    if (this.failNext !== undefined) {
      const err = this.failNext;
      this.failNext = undefined;
      throw err;
    }
    this.sent.push(email);
    return { messageId: `msg-${this.sent.length}` };
  }
}

export class CountingMetrics implements BusinessMetrics {
  readonly counts = new Map<BusinessEvent, number>();
  count(event: BusinessEvent): void {
    this.counts.set(event, (this.counts.get(event) ?? 0) + 1);
  }
}

/** The quality ledger's rule (newest version of a claim kept), in memory. */
export class InMemoryQualityLedger implements QualityLedger {
  readonly facts = new Map<string, QualityFactRecord>();
  async record(facts: QualityFactRecord): Promise<boolean> {
    const stored = this.facts.get(facts.claimId);
    if (stored && stored.version > facts.version) return false;
    this.facts.set(facts.claimId, structuredClone(facts));
    return true;
  }
  async month(market: string, month: string): Promise<QualityFactRecord[]> {
    return [...this.facts.values()].filter((f) => f.market === market && f.failureDate.startsWith(month));
  }
}

/** Campaigns and their vehicles, in memory; a test opens them with `open`. */
export class InMemoryCampaigns implements CampaignRegister {
  readonly campaigns = new Map<string, Campaign>();
  readonly affected = new Map<string, CampaignVehicle>();
  open(campaign: Campaign, vehicles: readonly CampaignVehicle[]): void {
    this.campaigns.set(campaign.campaignId, structuredClone(campaign));
    for (const v of vehicles) this.affected.set(`${v.campaignId}|${v.vin}`, structuredClone(v));
  }
  async get(campaignId: string) {
    return this.campaigns.get(campaignId);
  }
  async list() {
    return [...this.campaigns.values()].sort((a, b) => b.campaignId.localeCompare(a.campaignId));
  }
  async vehicle(campaignId: string, vin: string) {
    return this.affected.get(`${campaignId}|${vin}`);
  }
  async vehicles(campaignId: string) {
    return [...this.affected.values()].filter((v) => v.campaignId === campaignId);
  }
}

/** Every port faked, for a region; a test seeds what it needs and reads what the step did. */
export function fakeLifecycle(opts: {
  region: string;
  now: Date | string;
  partners?: Partner[];
  vehicles?: Vehicle[];
  parts?: Part[];
  laborOperations?: LaborOperation[];
  warehouses?: Warehouse[];
  technicians?: Technician[];
}) {
  const fakes = {
    region: opts.region,
    clock: new FakeClock(new Date(opts.now)),
    claims: new InMemoryClaims(),
    owners: new InMemoryOwners(),
    partners: new InMemoryPartners(opts.partners),
    vehicles: new InMemoryVehicles(opts.vehicles),
    partsCatalog: new InMemoryPartsCatalog(opts.parts, opts.laborOperations),
    warrantyPlans: new InMemoryWarrantyPlans(),
    stock: new InMemoryStockLedger(opts.warehouses ?? []),
    backorders: new InMemoryBackorderQueue(),
    technicians: new InMemoryTechnicians(opts.technicians ?? []),
    leases: new InProcessLeases(),
    once: new InMemoryOnceRecords(),
    idempotencyKeys: new InMemoryIdempotencyKeys(),
    waits: new RecordingWaits(),
    workflows: new RecordingWorkflows(),
    emails: new InMemoryEmailLog(),
    mailer: new RecordingMailer(),
    linkSettings: async () => ({
      secret: 'unit-test-secret',
      baseUrl: 'https://claims.example/p',
      surveyDays: 30,
      linkDays: 400,
    }),
    metrics: new CountingMetrics(),
    quality: new InMemoryQualityLedger(),
    campaigns: new InMemoryCampaigns(),
    log: { warn: () => undefined },
  } satisfies LifecycleDependencies;
  return fakes;
}
