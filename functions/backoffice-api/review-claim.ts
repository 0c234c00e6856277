import { PartReturnError } from '../../domain/quality/part-returns.ts';
import { movePartReturnAction } from '../back-office/part-returns.ts';
import { reviewClaim } from '../back-office/review-claim.ts';
import { backofficeApi } from '../catalog.ts';
import {
  claims,
  clock,
  executions,
  log,
  owners,
  partners,
  partsCatalog,
  quality,
  region,
  waits,
} from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { ProblemError } from '../shared/problem.ts';
import { routeFamily } from '../shared/route-family.ts';
import { movePartReturnContract, reviewClaimContract } from './contract.ts';

/**
 * POST claims/{claimId}/review: an adjuster within the limit, or a manager, decides.
 * POST claims/{claimId}/part-returns: an adjuster or a manager moves a failed part's return on.
 */
const review = reviewClaim({
  region,
  clock,
  claims,
  partners,
  partsCatalog,
  waits,
  executions,
  owners,
  quality,
  log,
});
const movePartReturn = movePartReturnAction({ region, clock, claims, owners, quality });

export const handler = routeFamily(backofficeApi.reviewClaim, {
  reviewClaim: backofficeRoute(reviewClaimContract, 'adjuster', async ({ path, body, staff }) =>
    ok(await review({ staff, claimId: path.claimId, ...body })),
  ),
  movePartReturn: backofficeRoute(movePartReturnContract, 'adjuster', async ({ path, body, staff }) => {
    try {
      return ok(await movePartReturn({ staff, claimId: path.claimId, move: body }));
    } catch (err) {
      if (!(err instanceof PartReturnError)) throw err;
      if (err.kind === 'invalid')
        throw new ProblemError('validation', `${err.message}. Nothing was changed`, {
          errors: [{ pointer: '/lineNo', detail: err.message }],
        });
      throw new ProblemError('conflict', `${err.message}. Nothing was changed`);
    }
  }),
});
