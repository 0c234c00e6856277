import { ExecutionDoesNotExist, GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { LineReview } from '../../domain/adjudication.ts';
import type { Claim, ClaimStatus } from '../../domain/claim.ts';
import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import type { Money } from '../../domain/money.ts';
import type { Page } from '../../domain/ports.ts';
import { ConditionFailedError } from '../data/guarded-table.ts';
import { sfnIn } from '../shared/clients.ts';
import { claimsRepo, globalTable, settings, stock } from '../shared/context.ts';
import type { StaffClaims } from '../shared/staff-token.ts';
import { executionName, stateMachineArn, WrongRegionError } from './intake.ts';
import { ClaimNotFoundError } from './partner-claims.ts';
import { loadPartner } from './steps-decision.ts';
import { restockWarehouse } from './steps-parts.ts';
import { decideReview, type ReviewOutcome } from './steps-review.ts';

/**
 * What back-office staff do (DESIGN §7), for the back-office API's handlers. Reads may be served by
 * any region (its replica; the execution history from the claim's home region); actions on a claim
 * run only in its home region: anywhere else they are refused before anything is read
 * (WrongRegionError → 421 with the home region), so they land where the claim is written.
 */

/** Claims of one status in one region, oldest change first (GSI byStatus). */
export function claimQueue(a: {
  region: string;
  status: ClaimStatus;
  limit: number;
  cursor?: string;
}): Promise<Page<Claim>> {
  return claimsRepo().listByStatus(a.region, a.status, { limit: a.limit, cursor: a.cursor });
}

export interface ExecutionStep {
  readonly id: number;
  readonly previousEventId?: number;
  readonly at: string;
  readonly type: string;
  /** The state entered or exited, when the event is about one. */
  readonly state?: string;
}

const stepOf = (e: HistoryEvent): ExecutionStep => ({
  id: e.id ?? 0,
  ...(e.previousEventId ? { previousEventId: e.previousEventId } : {}),
  at: (e.timestamp ?? new Date(0)).toISOString(),
  type: e.type ?? 'Unknown',
  ...(e.stateEnteredEventDetails?.name || e.stateExitedEventDetails?.name
    ? { state: e.stateEnteredEventDetails?.name ?? e.stateExitedEventDetails?.name }
    : {}),
});

/** At most this many events (a claim's run has a few hundred at most; a console shows fewer). */
const MAX_HISTORY_EVENTS = 2000;

/**
 * The claim's ClaimLifecycle history, from the Step Functions of its home region. The execution
 * is named by the ownership epoch it started under; the newest epoch that has one wins.
 */
async function executionHistory(claimId: string, homeRegion: string) {
  const machine = stateMachineArn().replace(`:states:${settings.region}:`, `:states:${homeRegion}:`);
  const client = sfnIn(homeRegion);
  const { epoch } = await globalTable.ownerOf(homeRegion);
  for (let e = epoch; e >= 1; e--) {
    const executionArn = `${machine.replace(':stateMachine:', ':execution:')}:${executionName(claimId, e)}`;
    const events: ExecutionStep[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await client.send(new GetExecutionHistoryCommand({ executionArn, nextToken }));
        events.push(...(page.events ?? []).map(stepOf));
        nextToken = page.nextToken;
      } while (nextToken && events.length < MAX_HISTORY_EVENTS);
    } catch (err) {
      if (err instanceof ExecutionDoesNotExist || (err as Error).name === 'ExecutionDoesNotExist') continue;
      throw err;
    }
    return { executionArn, events };
  }
  return undefined;
}

export async function claimDetail(claimId: string) {
  const claim = await claimsRepo().get(claimId);
  if (!claim) throw new ClaimNotFoundError(claimId);
  const execution = await executionHistory(claimId, claim.homeRegion);
  return { claim, execution };
}

/** Refuses an action on a claim of another region before anything is read. */
function assertHomeRegion(claimId: string) {
  const home = homeRegionOfClaimId(claimId);
  if (home && home !== settings.region) throw new WrongRegionError(home);
}

/** The reviewer's limit in the claim's currency: none for a manager, 0 where an adjuster has none. */
export function approverLimitFor(staff: StaffClaims, currency: string): Money | undefined {
  if (staff.role === 'manager') return undefined;
  return { amountMinor: staff.approvalLimits?.[currency] ?? 0, currency };
}

export async function reviewAsStaff(a: {
  staff: StaffClaims;
  claimId: string;
  outcome: ReviewOutcome;
  decisions?: LineReview[];
  note?: string;
}): Promise<Claim> {
  assertHomeRegion(a.claimId);
  const claim = await claimsRepo().get(a.claimId);
  if (!claim) throw new ClaimNotFoundError(a.claimId);
  const currency = claim.amounts?.claimed?.currency ?? (await loadPartner(claim.partnerId)).currency;
  const approverLimit = approverLimitFor(a.staff, currency);
  return decideReview({
    claimId: a.claimId,
    actor: { kind: 'staff', id: a.staff.email },
    outcome: a.outcome,
    ...(a.decisions ? { decisions: a.decisions } : {}),
    ...(a.note ? { note: a.note } : {}),
    ...(approverLimit ? { approverLimit } : {}),
  });
}

export class StockNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StockNotFoundError';
  }
}

/**
 * Stock received: written in the warehouse's home region (whichever region is asked), then the
 * backordered claims it serves are resumed. An unknown warehouse or a part the warehouse does not
 * carry is refused before anything is written (the stock update is conditional on the item).
 */
export async function restockAsStaff(a: { warehouseId: string; partNumber: string; quantity: number }) {
  if (!(await stock.warehouses()).some((w) => w.warehouseId === a.warehouseId))
    throw new StockNotFoundError(`no warehouse ${a.warehouseId}`);
  try {
    return await restockWarehouse(a);
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new StockNotFoundError(`warehouse ${a.warehouseId} does not carry part ${a.partNumber}`);
    throw err;
  }
}
