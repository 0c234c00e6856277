import type {
  BackorderQueue,
  BusinessMetrics,
  ClaimRepository,
  ClaimWorkflows,
  Clock,
  EmailLog,
  IdempotencyKeys,
  Leases,
  Mailer,
  OnceRecords,
  PartnerRepository,
  PartsCatalog,
  RegionOwners,
  StockLedger,
  TechnicianRepository,
  VehicleRepository,
  WarrantyPlanRepository,
  WorkflowWaits,
} from '../../domain/ports.ts';
import type { CampaignRegister } from '../../domain/quality/campaign.ts';
import type { QualityLedger } from '../../domain/quality/ledger.ts';
import type { LinkSettings } from '../mail/links.ts';

/**
 * Everything the claim lifecycle works with, as the interfaces of `domain/ports.ts`: the steps and
 * actions are made by factories that take the part of this they use. The Lambda handlers pass the
 * real adapters (`shared/adapters.ts`, made once per container); unit tests pass the in-memory
 * fakes of `test/support/fakes.ts`.
 */
export interface LifecycleDependencies {
  /** The export region this code runs in. */
  readonly region: string;
  readonly clock: Clock;
  readonly claims: ClaimRepository;
  readonly owners: RegionOwners;
  readonly partners: PartnerRepository;
  readonly vehicles: VehicleRepository;
  readonly partsCatalog: PartsCatalog;
  /** Warranty plan versions: a vehicle is judged by the one in force at its delivery. */
  readonly warrantyPlans: WarrantyPlanRepository;
  readonly stock: StockLedger;
  readonly backorders: BackorderQueue;
  readonly technicians: TechnicianRepository;
  readonly leases: Leases;
  readonly once: OnceRecords;
  readonly idempotencyKeys: IdempotencyKeys;
  readonly waits: WorkflowWaits;
  readonly workflows: ClaimWorkflows;
  readonly emails: EmailLog;
  readonly mailer: Mailer;
  /** Where email links point and the secret that signs them. */
  readonly linkSettings: () => Promise<LinkSettings>;
  readonly metrics: BusinessMetrics;
  /** Each claim's quality facts, kept as it is decided, repaired, settled and ended (issue 17). */
  readonly quality: QualityLedger;
  /** Service campaigns: a claim citing one is judged by its repair (issue 17). */
  readonly campaigns: CampaignRegister;
  readonly log: { warn(message: string, ...extra: Record<string, unknown>[]): void };
}

/** What every ClaimLifecycle task receives: the claim and the ownership epoch of its execution. */
export interface StepInput {
  readonly claimId: string;
  readonly epoch: number;
}
