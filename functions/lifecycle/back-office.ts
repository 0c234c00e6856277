import type { LineReview } from '../../domain/adjudication.ts';
import { type Claim, isTerminal } from '../../domain/claim.ts';
import type { Money } from '../../domain/money.ts';
import { overdueOf } from '../../domain/overdue.ts';
import { ConditionFailedError } from '../data/guarded-table.ts';
import { ClaimActionConflictError, ClaimNotFoundError, StockNotFoundError } from '../errors.ts';
import { claimsRepo, clock, followUp, stock, technicians } from '../shared/context.ts';
import type { StaffClaims } from '../shared/staff-token.ts';
import { assertHomeRegion } from './claim-actions.ts';
import { executionView, latestExecution } from './claim-execution.ts';
import { isFailedClaim } from './execution-states.ts';
import { loadPartner } from './steps-decision.ts';
import { restockWarehouse } from './steps-parts.ts';
import { decideReview, type ReviewOutcome } from './steps-review.ts';

/**
 * What back-office staff do (DESIGN §7), for the back-office API's handlers. Reads may be served by
 * any region (its replica; the execution history from the claim's home region); actions on a claim
 * run only in its home region: anywhere else they are refused before anything is read
 * (WrongRegionError → 421 with the home region), so they land where the claim is written.
 */

/**
 * A claim as the back office shows it (any region: its replica; the execution from the claim's
 * home region): the claim with its audit trail, its latest execution with the states it is in
 * and those that failed, whether it is FAILED (redrivable) or overdue, the emails it sent, what it
 * holds (reservations, backorders) and its appointment with the technician.
 */
export async function claimDetail(claimId: string) {
  const claim = await claimsRepo().get(claimId);
  if (!claim) throw new ClaimNotFoundError(claimId);
  const booked = claim.appointment;
  const [execution, emails, technician] = await Promise.all([
    executionView(claim),
    followUp.emailsOf(claimId),
    booked
      ? technicians
          .listByCentre(booked.centreId)
          .then((team) => team.find((t) => t.technicianId === booked.technicianId))
      : undefined,
  ]);
  const overdue = overdueOf(claim, clock.now());
  return {
    claim,
    ...(execution ? { execution } : {}),
    failed: isFailedClaim(isTerminal(claim.status), execution?.status),
    ...(overdue ? { overdue } : {}),
    emails: emails
      .map((e) => ({
        template: e.template,
        to: claim.customer.email,
        ...(e.language ? { language: e.language } : {}),
        sentAt: e.at,
        state: e.state,
        ...(e.subject ? { subject: e.subject } : {}),
        ...(e.messageId ? { messageId: e.messageId } : {}),
      }))
      .sort((a, b) => a.sentAt.localeCompare(b.sentAt)),
    reservations: claim.reservations ?? [],
    backorders: claim.backorders ?? [],
    ...(booked
      ? { appointment: { ...booked, ...(technician ? { technicianName: technician.name } : {}) } }
      : {}),
    ...(technician
      ? {
          technician: {
            technicianId: technician.technicianId,
            name: technician.name,
            skills: technician.skills,
          },
        }
      : {}),
  };
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
  // A FAILED claim leaves where it stopped only through a redrive: no decision on a dead workflow.
  const { found } = await latestExecution(claim);
  if (isFailedClaim(isTerminal(claim.status), found?.status))
    throw new ClaimActionConflictError(
      `the workflow of claim ${claim.claimId} ended ${found?.status}; a manager must redrive it before it can be reviewed. Nothing was changed`,
    );
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
