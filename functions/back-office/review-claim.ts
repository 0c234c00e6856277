import type { LineReview } from '../../domain/adjudication.ts';
import { type Claim, isTerminal } from '../../domain/claim.ts';
import type { Money } from '../../domain/money.ts';
import { ClaimActionConflictError } from '../errors.ts';
import { loadPartner } from '../lifecycle/claim-loader.ts';
import { decideReviewAction } from '../lifecycle/decide-review.ts';
import type { ReviewOutcome } from '../lifecycle/review-steps.ts';
import type { StaffClaims } from '../shared/staff-token.ts';
import { isFailedClaim } from '../stepfunctions/execution-states.ts';
import { claimAtHome } from './claim-at-home.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

/** The reviewer's limit in the claim's currency: none for a manager, 0 where an adjuster has none. */
export function approverLimitFor(staff: StaffClaims, currency: string): Money | undefined {
  if (staff.role === 'manager') return undefined;
  return { amountMinor: staff.approvalLimits?.[currency] ?? 0, currency };
}

/** A member of staff decides a claim in review (adjusters within their approval limit, managers). */
export function reviewClaim(
  deps: Pick<
    BackOfficeDependencies,
    | 'region'
    | 'clock'
    | 'claims'
    | 'partners'
    | 'partsCatalog'
    | 'waits'
    | 'executions'
    | 'owners'
    | 'quality'
    | 'log'
  >,
) {
  const decideReview = decideReviewAction(deps);
  return async (a: {
    staff: StaffClaims;
    claimId: string;
    outcome: ReviewOutcome;
    decisions?: LineReview[];
    note?: string;
  }): Promise<Claim> => {
    const claim = await claimAtHome(deps, a.claimId);
    // A FAILED claim leaves where it stopped only through a redrive: no decision on a dead workflow.
    const { found } = await deps.executions.latest(claim);
    if (isFailedClaim(isTerminal(claim.status), found?.status))
      throw new ClaimActionConflictError(
        `the workflow of claim ${claim.claimId} ended ${found?.status}; a manager must redrive it before it can be reviewed. Nothing was changed`,
      );
    const currency = claim.amounts?.claimed?.currency ?? (await loadPartner(deps, claim.partnerId)).currency;
    const approverLimit = approverLimitFor(a.staff, currency);
    return decideReview({
      claimId: a.claimId,
      actor: { kind: 'staff', id: a.staff.email },
      outcome: a.outcome,
      ...(a.decisions ? { decisions: a.decisions } : {}),
      ...(a.note ? { note: a.note } : {}),
      ...(approverLimit ? { approverLimit } : {}),
    });
  };
}
