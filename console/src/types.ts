import type { ClaimStatus } from './claim-status.ts';

/**
 * The back-office API's answers as the console reads them (DESIGN §1: the console knows the API
 * only over HTTP, so these are its own copies of the shapes, not imports from `domain/`). Fields
 * that a route may not send yet are optional, and the screens say so instead of breaking.
 */

export interface Money {
  amountMinor: number;
  currency: string;
}

export type Role = 'viewer' | 'adjuster' | 'manager';

export interface ClaimEvent {
  at: string;
  from: string | null;
  to: string;
  actor: { kind: string; id: string };
  reason: string;
  region: string;
}

export interface ClaimLine {
  lineNo: number;
  partNumber: string;
  quantity: number;
  laborOperation: string;
  laborHours: number;
  category?: string;
  decision?: 'COVERED' | 'REJECTED' | 'ADJUSTED';
  adjusted?: { quantity: number; laborHours: number };
  reasons: string[];
  /** The part's supplier, and the line's share of the approved amount (supplier recovery). */
  supplier?: string;
  approvedAmount?: Money;
}

export const PART_RETURN_STATUSES = ['REQUESTED', 'RECEIVED', 'INSPECTED'] as const;
export type PartReturnStatus = (typeof PART_RETURN_STATUSES)[number];

/** A failed part on its way back for inspection: every step with who, when and where. */
export interface PartReturn {
  lineNo: number;
  partNumber: string;
  quantity: number;
  supplier?: string;
  status: PartReturnStatus;
  steps: { status: PartReturnStatus; at: string; by: string; region: string; note?: string }[];
}

export interface Reservation {
  warehouseId: string;
  region: string;
  partNumber: string;
  quantity: number;
}

export interface Appointment {
  technicianId: string;
  centreId: string;
  start: string;
  end: string;
  technicianName?: string;
}

export interface Claim {
  claimId: string;
  partnerId: string;
  centreId?: string;
  homeRegion: string;
  market: string;
  vin: string;
  odometerKm: number;
  failureDate: string;
  filedAt: string;
  repairOrderNumber: string;
  customer: { name: string; email?: string; language?: string; phone?: string };
  complaint: string;
  faultCodes: string[];
  lines: ClaimLine[];
  status: ClaimStatus;
  reasons: string[];
  events: ClaimEvent[];
  createdAt: string;
  updatedAt: string;
  appointment?: Appointment;
  reservations?: Reservation[];
  backorders?: { partNumber: string; quantity: number }[];
  failure?: { error: string; cause: string; at: string };
  completion?: { completedAt: string; laborHours: number; notes: string };
  amounts?: { claimed?: Money; approved?: Money; settled?: Money };
  partReturns?: PartReturn[];
  batteryStateOfHealthPct?: number;
  escalatedAt?: string;
  repairReminders?: number;
}

export interface ExecutionStep {
  id: number;
  previousEventId?: number;
  at: string;
  type: string;
  state?: string;
  error?: string;
  cause?: string;
}

export interface Execution {
  executionArn: string;
  status?: string;
  currentStates?: string[];
  failedStates?: string[];
  events: ExecutionStep[];
}

export interface EmailRecord {
  claimId?: string;
  template: string;
  to?: string;
  language?: string;
  sentAt?: string;
  subject?: string;
}

/** How fresh a read from a region that does not write the home region is (absent: read where written). */
export interface ReplicaFreshness {
  homeRegion: string;
  writerRegion: string;
  readIn: string;
  heardAt?: string;
  behindBySeconds?: number;
  behind: boolean;
}

export interface ClaimDetail {
  claim: Claim;
  replica?: ReplicaFreshness;
  execution?: Execution;
  emails?: EmailRecord[];
  reservations?: Reservation[];
  appointment?: Appointment;
  technician?: { technicianId: string; name?: string; skills?: string[] };
  /** Evidence for the adjuster (issue 17), never a decision. */
  signals?: DealerSignal[];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface Queues {
  region: string;
  counts: { IN_REVIEW?: number; AWAITING_PARTS?: number; SCHEDULED?: number; overdue?: number };
  reviewReasons?: Record<string, number>;
}

export interface Workflow {
  stateMachineArn?: string;
  name?: string;
  definition: AslMachine;
}

/** The parts of Amazon States Language the graph draws. */
export interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
  Comment?: string;
}

export interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: { Next: string; Variable?: string; [k: string]: unknown }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Branches?: AslMachine[];
  Iterator?: AslMachine;
  ItemProcessor?: AslMachine;
  Comment?: string;
  Resource?: string;
}

export interface InventoryItem {
  partNumber: string;
  name?: string;
  category?: string;
  onHand?: number;
  available: number;
  reserved: number;
  /** Claims holding units here. */
  reservedFor?: number;
}

/** A part's restock queue: claims (of any region) waiting, oldest first. */
export interface BackorderQueue {
  partNumber: string;
  name?: string;
  quantity: number;
  claims: { claimId: string; homeRegion: string; quantity: number; since: string }[];
}

export interface Inventory {
  region: string;
  warehouses: Warehouse[];
  backorders?: BackorderQueue[];
}

export interface Warehouse {
  warehouseId: string;
  region: string;
  name: string;
  items: InventoryItem[];
}

export interface Technician {
  technicianId: string;
  name: string;
  skills: string[];
  load?: { bookedSlots: number; nextFreeSlot?: string };
}

export interface Partner {
  partnerId: string;
  name: string;
  market: string;
  region: string;
  currency?: string;
  centres: { centreId: string; name: string; timeZone?: string; technicians: Technician[] }[];
}

export interface Metrics {
  region: string;
  from: string;
  to: string;
  claimsPerDay: { date: string; count: number }[];
  autoApprovalRate?: number | null;
  cycleTimeHours?: { p50?: number | null; p90?: number | null; p99?: number | null };
  partsFillRate?: number | null;
  nps?: { score?: number | null; responses: number; promoters: number; passives: number; detractors: number };
  /** This window's claims per path × each path's cost as `npm run bench cost` measured it. */
  modelledCost?: {
    usdPer1000Claims: number | null;
    pathMix: Record<string, number>;
    usdPer1000ByPath: Record<string, number>;
    measuredOn: string;
    commit: string;
  };
}

export interface ImportError {
  row: number;
  column?: string;
  detail: string;
}

/** The scope of a quality report: one market, a region's markets, or every market. */
export type QualityScope = { market: string } | { region: string } | { global: true };

export const FAILURE_DIMENSIONS = [
  'model',
  'modelYear',
  'market',
  'category',
  'part',
  'mileageBand',
] as const;
export type FailureDimension = (typeof FAILURE_DIMENSIONS)[number];

/** `GET metrics?report=failure-rates`. */
export interface FailureRates {
  scope: QualityScope;
  markets: string[];
  asOf: string;
  by: FailureDimension;
  monthsInService: number;
  monthsRead: { from: string; to: string };
  vehiclesRegistered: number;
  claimsRead: number;
  rows: { key: string; claims: number; vehicles: number; per1000: number | null }[];
  repeatRepairs: number;
  firstTimeFix: { repairs: number; fixedFirstTime: number; rate: number | null };
  /** Minor units per vehicle, fractional. */
  costPerVehicle: { vehicles: number; byCurrency: Record<string, number> };
}

export interface EarlyWarningFlag {
  market: string;
  /** A component category, or `part:<partNumber>` for a line without one. */
  component: string;
  period: string;
  claims: number;
  expected: number;
  ratePer1000: number;
  baselinePer1000: number;
  baselineClaims: number;
  pValue: number;
  test: string;
  alpha: number;
}

/** `GET metrics?report=early-warnings`. */
export interface EarlyWarnings {
  scope: QualityScope;
  markets: string[];
  month: string;
  detector: { alpha: number; minClaims: number; baselinePeriods: number };
  flags: EarlyWarningFlag[];
}

/** Evidence for the adjuster on `GET claims/{id}`, never a decision. */
export interface DealerSignal {
  kind:
    | 'LABOR_OPERATION_NOT_FOR_PART'
    | 'ODOMETER_BELOW_EARLIER_CLAIM'
    | 'PARTNER_CLAIM_RATE_ABOVE_MARKET'
    | 'PARTNER_COST_PER_CLAIM_ABOVE_MARKET'
    | (string & {});
  claimId?: string;
  partnerId: string;
  evidence: Record<string, string | number | boolean | null | undefined>;
}

export type CampaignAffected =
  | {
      kind: 'fleet';
      model: string;
      modelYears?: { from: number; to: number };
      vinRange?: { from: string; to: string };
    }
  | { kind: 'vinList'; csv: string };

export interface Campaign {
  campaignId: string;
  status: string;
  title: string;
  component: string;
  markets: string[];
  affected: CampaignAffected;
  remedy: { laborOperation: string; laborHours: number; parts: { partNumber: string; quantity: number }[] };
  fromFlag?: { market: string; component: string; period: string };
  openedAt: string;
  openedBy: string;
  homeRegion: string;
  byMarket?: { market: string; vehicles: number; noticesSent: number }[];
}

/** `GET campaigns?campaignId=`. */
export interface CampaignDetail {
  campaign: Campaign;
  completion: {
    byMarket: { market: string; vehicles: number; completed: number; rate: number | null }[];
    byPartner: { partnerId: string; claims: number; completed: number; rate: number | null }[];
  };
  claims: { claimId: string; vin: string; partnerId: string; status: string }[];
}

/** `POST campaigns` → 201. */
export interface CampaignOpened {
  campaign: Campaign;
  vehicles: number;
  noticesSent: number;
  notRegistered?: string[];
  outsideMarkets?: string[];
}

/** `GET metrics?report=supplier-recovery`: approved cost per supplier and part (issue 17). */
export interface SupplierRecovery {
  scope: QualityScope;
  markets: string[];
  months: { from: string; to: string };
  supplier?: string;
  parts: {
    supplier: string;
    partNumber: string;
    currency: string;
    claims: number;
    quantity: number;
    approvedMinor: number;
    returns: { notRequested: number; REQUESTED: number; RECEIVED: number; INSPECTED: number };
  }[];
  suppliers: {
    supplier: string;
    currency: string;
    claims: number;
    approvedMinor: number;
    inspectedMinor: number;
  }[];
}
