import type { DynamoCampaignRegister } from '../data/campaign-register.ts';
import type { ClaimIndex } from '../data/claim-index.ts';
import type { DynamoClaimRepository } from '../data/claim-repository.ts';
import type { DynamoFleet } from '../data/fleet.ts';
import type { FollowUpStore } from '../data/follow-up-store.ts';
import type { DynamoStockLedger } from '../data/stock-ledger.ts';
import type { VehicleRegistry } from '../data/vehicle-registry.ts';
import type { WriterClocks } from '../data/writer-clocks.ts';
import type { LifecycleDependencies } from '../lifecycle/dependencies.ts';
import type { MasterDataContext } from '../master-data/master-data-context.ts';
import type { ClaimExecutions } from '../stepfunctions/claim-executions.ts';

/**
 * What the back-office features work with: the lifecycle's ports, plus the reads only the back office
 * makes (the claim indexes, projections of many claims, a warehouse's stock lines, the outbox, NPS
 * entries, executions and their history) and the bulk vehicle import. The handlers pass the real
 * adapters (`shared/adapters.ts`).
 */
export interface BackOfficeDependencies extends LifecycleDependencies {
  readonly claimIndex: ClaimIndex;
  readonly claimReads: Pick<DynamoClaimRepository, 'readMany' | 'filedBetween'>;
  readonly stockLines: Pick<DynamoStockLedger, 'stockOf'>;
  readonly followUp: Pick<FollowUpStore, 'latestEmails' | 'npsEntries'>;
  readonly executions: ClaimExecutions;
  readonly vehicleRegistry: VehicleRegistry;
  /** A market's registered fleet (the failure rates' denominator, a campaign's vehicles). */
  readonly fleet: Pick<DynamoFleet, 'ofMarket'>;
  /** The campaign register with the writes only the back office makes (opening, notices). */
  readonly campaigns: DynamoCampaignRegister;
  /** Market → the export region that serves it. */
  readonly marketRegions: ReadonlyMap<string, string>;
  /** Every export region. */
  readonly regions: readonly string[];
  /** Master data (markets, plans, …) as the master-data operations read and write it. */
  readonly masterData: MasterDataContext;
  /** How fresh this region's replica of each home region written elsewhere is (issue 14). */
  readonly writerClocks: Pick<WriterClocks, 'freshness'>;
}
