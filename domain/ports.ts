import type { Claim, ClaimStatus } from './claim.ts';
import type { ClaimId } from './claim-id.ts';
import type { LaborOperation, Part } from './part.ts';
import type { Partner } from './partner.ts';
import type { Region } from './region.ts';
import type { Warehouse, WarehouseStock } from './stock.ts';
import type { Booking, Technician } from './technician.ts';
import type { Vehicle } from './vehicle.ts';

/**
 * What the domain needs from the outside world. The DynamoDB adapters in `functions/` implement
 * these; unit tests pass in-memory fakes. All methods are async and idempotent where the comment
 * says so, because Lambda tasks are retried.
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
  get(claimId: ClaimId): Promise<Claim | undefined>;
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
  /** Claims of one home region in one status, least recently changed first (work queues). */
  listByStatus(region: Region, status: ClaimStatus, query: PageRequest): Promise<Page<Claim>>;
  /** Claims on a VIN filed at or after `sinceIso` (duplicate checks, vehicle history). */
  listByVin(vin: string, sinceIso: string): Promise<Claim[]>;
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

export interface CatalogRepository {
  getParts(partNumbers: readonly string[]): Promise<Map<string, Part>>;
  getLaborOperations(codes: readonly string[]): Promise<Map<string, LaborOperation>>;
}

/**
 * Stock per warehouse and part. Each mutation is one conditional write in the warehouse's region
 * (DESIGN §3), so it never oversells, and is keyed by claim so that a retried call is a no-op.
 */
export interface StockLedger {
  warehouses(): Promise<Warehouse[]>;
  /** Levels of a part in every warehouse that stocks it, each with the warehouse's region. */
  levels(partNumber: string): Promise<WarehouseStock[]>;
  /** Promises `quantity` units to the claim; throws InsufficientStockError if fewer are available. */
  reserve(warehouseId: string, partNumber: string, quantity: number, claimId: ClaimId): Promise<void>;
  /** Gives back what `reserve` promised to the claim (all of it, or `quantity`). */
  release(warehouseId: string, partNumber: string, quantity: number, claimId: ClaimId): Promise<void>;
  /** Reserved units were fitted: they leave onHand and reserved. */
  consume(warehouseId: string, partNumber: string, quantity: number, claimId: ClaimId): Promise<void>;
  restock(warehouseId: string, partNumber: string, quantity: number): Promise<void>;
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
  book(centreId: string, booking: Booking): Promise<void>;
  cancelBooking(centreId: string, claimId: ClaimId): Promise<void>;
}
