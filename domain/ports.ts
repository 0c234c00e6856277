import type { WaitingBackorder } from './allocation.ts';
import type { Claim, ClaimStatus } from './claim.ts';
import type { ClaimId } from './claim-id.ts';
import type { FollowUpEmail, SuppressionReason } from './follow-up.ts';
import type { LaborOperation, Part } from './part.ts';
import type { Partner } from './partner.ts';
import type { OwnerRecord, Region } from './region.ts';
import type { Backorder, Warehouse, WarehouseStock } from './stock.ts';
import type { Booking, Technician } from './technician.ts';
import type { Vehicle } from './vehicle.ts';
import type { WarrantyPlan } from './warranty-plan.ts';

/**
 * What the claim lifecycle needs from the outside world. The adapters in `functions/` (DynamoDB,
 * Step Functions, SES) implement these; unit tests pass the in-memory fakes of `test/support/`.
 * Methods are async, and idempotent where the comment says so, because Lambda tasks are retried.
 */

export interface Clock {
  now(): Date;
}

export interface Page<T> {
  readonly items: T[];
  /** Opaque; absent on the last page. */
  readonly nextCursor?: string;
}

export interface PageRequest {
  readonly cursor?: string;
  readonly limit: number;
}

export class ClaimAlreadyExistsError extends Error {
  constructor(readonly claimId: ClaimId) {
    super(`claim ${claimId} already exists`);
    this.name = 'ClaimAlreadyExistsError';
  }
}

export class VersionConflictError extends Error {
  constructor(
    readonly claimId: ClaimId,
    readonly expectedVersion: number,
  ) {
    super(`claim ${claimId} changed since version ${expectedVersion} was read; read it again and retry`);
    this.name = 'VersionConflictError';
  }
}

export interface ClaimRepository {
  /** `consistent` (the default): the latest write in this region; false: any replica's copy. */
  get(claimId: ClaimId, consistent?: boolean): Promise<Claim | undefined>;
  /** Stores a new claim; throws ClaimAlreadyExistsError if the id is taken. */
  create(claim: Claim): Promise<void>;
  /**
   * Stores `claim` if the stored version still equals `claim.version`, as `claim.version + 1`, and
   * returns what was stored; otherwise throws VersionConflictError. Given the claim as it was read
   * (`previous`), the partner events the change means are stored with it, all or nothing.
   */
  save(claim: Claim, previous?: Claim): Promise<Claim>;
  /** A partner's claims, newest filed first. */
  listByPartner(
    partnerId: string,
    query: PageRequest & { readonly status?: ClaimStatus },
  ): Promise<Page<Claim>>;
  /** Claims on a VIN filed at or after `sinceIso` (duplicate checks, vehicle history). */
  listByVin(vin: string, sinceIso: string): Promise<Claim[]>;
  /**
   * The same claims, written under a workflow execution's ownership epoch (DESIGN §3): once the
   * claim's region failed over to a newer epoch, every write is refused. No epoch: the current one.
   */
  underEpoch(epoch: number | undefined): ClaimRepository;
}

/** Who writes each region's items now (DESIGN §3: failover moves ownership by bumping the epoch). */
export interface RegionOwners {
  /** Who writes the home region's items now; `fresh` reads past any cache of the record. */
  ownerOf(homeRegion: Region, options?: { fresh?: boolean }): Promise<OwnerRecord>;
}

export interface PartnerRepository {
  get(partnerId: string): Promise<Partner | undefined>;
  list(): Promise<Partner[]>;
}

export interface VehicleRepository {
  get(vin: string): Promise<Vehicle | undefined>;
  /** Inserts or replaces (the registry import is re-runnable). */
  put(vehicle: Vehicle): Promise<void>;
}

export interface WarrantyPlanRepository {
  /** Every version of a plan, oldest first; empty for a plan that does not exist. */
  versions(planId: string): Promise<WarrantyPlan[]>;
}

/** The parts catalogue and the flat-rate labour operations (reference data, written in the primary). */
export interface PartsCatalog {
  getParts(partNumbers: readonly string[]): Promise<Map<string, Part>>;
  getLaborOperations(codes: readonly string[]): Promise<Map<string, LaborOperation>>;
}

/** Units of a part in a warehouse asked for a claim, under one request (an allocation plan's id). */
export interface StockRequest {
  readonly warehouseId: string;
  readonly partNumber: string;
  readonly quantity: number;
  readonly claimId: ClaimId;
  readonly requestId: string;
}

/**
 * Stock per warehouse and part. Each change is one conditional write in the warehouse's region
 * (DESIGN §3), so it never oversells, and is keyed by claim and request so that a retried call
 * changes nothing.
 */
export interface StockLedger {
  warehouses(): Promise<Warehouse[]>;
  /** Levels of a part in every warehouse that stocks it, from this region's replica (it may lag). */
  levels(partNumber: string): Promise<WarehouseStock[]>;
  /** The level in the warehouse's own region, as written last. */
  level(warehouseId: string, partNumber: string): Promise<WarehouseStock | undefined>;
  /**
   * Promises the units to the claim under its request (an allocation plan); the same request twice
   * reserves once. Throws InsufficientStockError if fewer are available.
   */
  reserve(request: StockRequest): Promise<void>;
  /** Takes back one request's reservation (a plan abandoned half-way); nothing if it never landed. */
  cancelRequest(request: StockRequest): Promise<void>;
  /**
   * Ends the claim's reservation there: `consume` units were fitted, `release` go back on the shelf;
   * together everything the claim holds there. A second call changes nothing.
   */
  settle(
    warehouseId: string,
    partNumber: string,
    claimId: ClaimId,
    consume: number,
    release: number,
  ): Promise<void>;
  /** Releases whatever the claim holds of a part in a warehouse; returns how many units. */
  releaseAll(warehouseId: string, partNumber: string, claimId: ClaimId): Promise<number>;
  /** Units received. Throws StockItemMissingError when the warehouse does not carry the part. */
  restock(warehouseId: string, partNumber: string, quantity: number): Promise<void>;
}

/** A restock for a warehouse that does not carry the part: nothing was written. */
export class StockItemMissingError extends Error {
  constructor(
    readonly warehouseId: string,
    readonly partNumber: string,
  ) {
    super(`warehouse ${warehouseId} does not carry part ${partNumber}`);
    this.name = 'StockItemMissingError';
  }
}

/** The claims waiting for a part, in filing order (DESIGN §4: first come, first served). */
export interface BackorderQueue {
  /** Puts the claim in each backordered part's queue (idempotent). */
  join(claim: Claim, backorders: readonly Backorder[]): Promise<void>;
  /** Takes the claim out of every queue it joined (idempotent). */
  leave(claim: Claim): Promise<void>;
  /** Everyone waiting for the part, in no particular order (`serveBackorders` orders them). */
  waiting(partNumber: string): Promise<WaitingBackorder[]>;
}

export class SlotTakenError extends Error {
  constructor(readonly booking: Booking) {
    super(`technician ${booking.technicianId} is already booked between ${booking.start} and ${booking.end}`);
    this.name = 'SlotTakenError';
  }
}

export interface TechnicianRepository {
  listByCentre(centreId: string): Promise<Technician[]>;
  /** Bookings of the centre's technicians that end after `fromIso`. */
  bookings(centreId: string, fromIso: string): Promise<Booking[]>;
  /** Books the slot unless it overlaps another booking (SlotTakenError); idempotent per claim. */
  book(centreId: string, booking: Booking, homeRegion: Region): Promise<void>;
  /** Gives the claim's slot back, if it holds one. */
  cancelBooking(claimId: ClaimId): Promise<void>;
}

/** Work that must take turns in this region ("earliest free slot" is a race). */
export interface Leases {
  /** Runs `fn` while holding the lease `name`; a crashed holder blocks others only until it expires. */
  withLease<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** Records made once, before the effect they guard (a partner's Idempotency-Key). */
export interface OnceRecords {
  /** True the first time `key` is recorded, false ever after (until it expires after `days`). */
  recordOnce(key: string, detail: Record<string, unknown>, days: number): Promise<boolean>;
  /** What the first `recordOnce(key, …)` stored. */
  readOnce(key: string): Promise<Record<string, unknown> | undefined>;
}

/**
 * A partner's Idempotency-Keys, kept in the global table with its claims (home: the partner's
 * region): after an evacuation, a retry in the region that serves the partner now finds the first
 * filing there instead of filing a second claim.
 */
export interface IdempotencyKeys {
  /** True the first time the partner uses `keyHash` (within `days`); false ever after. */
  recordFirst(
    use: { homeRegion: string; partnerId: string; keyHash: string },
    detail: { claimId: string; bodyHash: string },
    days: number,
  ): Promise<boolean>;
  /** What the first use recorded, as this region's replica has it. */
  readFirst(partnerId: string, keyHash: string): Promise<{ claimId: string; bodyHash: string } | undefined>;
}

/** What a claim's execution waits for at a `.waitForTaskToken` state. */
export type WaitKind = 'review' | 'restock' | 'repair';

/** The waits of claims' executions, kept in the claim's home region (task tokens are regional). */
export interface WorkflowWaits {
  /** Keeps the task token of the execution now waiting for `kind`. */
  park(claimId: ClaimId, kind: WaitKind, taskToken: string, detail?: Record<string, unknown>): Promise<void>;
  /** Lets the waiting execution go on with `output`; false when nothing was waiting. */
  resume(claimId: ClaimId, kind: WaitKind, output: unknown): Promise<boolean>;
  /** Fails the wait with `error` (the workflow catches it); false when nothing was waiting. */
  fail(claimId: ClaimId, kind: WaitKind, error: string, cause: string): Promise<boolean>;
}

/** Starting the workflows of this region, each by a name that makes a repeated start the same run. */
export interface ClaimWorkflows {
  /** The claim's ClaimLifecycle run `<claimId>-e<epoch>-r<run>`; returns its execution ARN. */
  startLifecycle(claimId: ClaimId, epoch: number, run?: number): Promise<string>;
  /** Its MaintenanceReminder, which waits until `remindAt` and emails the customer once. */
  startMaintenanceReminder(claimId: ClaimId, epoch: number, remindAt: string): Promise<void>;
}

/** An email's once-only record (DESIGN §8), written in the claim's home region before sending. */
export interface EmailRecord {
  readonly template: string;
  /** `failed`: certainly not sent; the workflow retries it, and once it gives up the record stays, parked for the back office. */
  readonly state: 'sending' | 'sent' | 'unknown' | 'failed';
  readonly at: string;
  /** Why the last attempt of a `failed` email was refused. */
  readonly reason?: string;
  readonly language?: string;
  readonly messageId?: string;
  readonly subject?: string;
}

export interface EmailOutcome {
  state: 'sent' | 'unknown' | 'failed';
  messageId?: string;
  language?: string;
  subject?: string;
  reason?: string;
}

/** Each claim's emails, at most once per template, ever. Writes go under the execution's epoch. */
export interface EmailLog {
  /**
   * Records that `template` goes to the claim's customer: true the first time (or again after a
   * `failed` attempt, which certainly sent nothing), false ever after.
   */
  begin(claim: Claim, template: FollowUpEmail, at: string, epoch: number): Promise<boolean>;
  finish(claim: Claim, template: FollowUpEmail, outcome: EmailOutcome, epoch: number): Promise<void>;
  /** Removes the record of an email certainly not sent, so that a retry may send it. */
  forget(claim: Claim, template: FollowUpEmail, epoch: number): Promise<void>;
  emailsOf(claimId: ClaimId): Promise<EmailRecord[]>;
  /** Every reason the address must not get (some) email, recorded in any region. */
  suppressionsOf(email: string): Promise<SuppressionReason[]>;
  surveyAnswered(claimId: ClaimId): Promise<boolean>;
}

export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /**
   * The one-click unsubscribe link (RFC 8058), which mailbox providers ask of senders of bulk mail.
   * Absent on a safety notice (a service campaign's), which a customer cannot opt out of.
   */
  readonly unsubscribeUrl?: string;
  /** Tags the delivery events come back with (bounces name the claim). */
  readonly tags: Readonly<Record<string, string>>;
}

/** The mail service refused the message (or nothing reached it): certainly not sent. */
/**
 * The mail service refused an email (it was certainly not sent): the task fails with this name, the
 * workflow retries it with a long backoff, and the email's record stays `failed` if it gives up.
 */
export class EmailNotSentError extends Error {
  constructor(
    readonly template: string,
    cause: unknown,
  ) {
    super(`the ${template} email was not sent: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'EmailNotSent';
  }
}

export class MailRefusedError extends Error {
  constructor(cause: unknown) {
    super(`the mail service refused the message: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'MailRefusedError';
  }
}

export interface Mailer {
  /**
   * Sends one message; throws MailRefusedError when it was certainly not sent, anything else when
   * it may have been (a timeout, a lost answer).
   */
  send(email: OutgoingEmail): Promise<{ messageId?: string }>;
}

/** Business events counted per region (claims filed, approved automatically, settled, emails sent, emails refused). */
export type BusinessEvent = 'ClaimFiled' | 'ClaimAutoApproved' | 'ClaimSettled' | 'EmailSent' | 'EmailFailed';

export interface BusinessMetrics {
  count(event: BusinessEvent): void;
}
