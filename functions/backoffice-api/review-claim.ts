import { reviewClaim } from '../back-office/review-claim.ts';
import { adapters } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

/** POST /backoffice/v1/claims/{claimId}/review: an adjuster within the limit, or a manager, decides. */
const review = reviewClaim(adapters);

export const handler = backofficeRoute(
  backofficeContracts.reviewClaim,
  'adjuster',
  async ({ path, body, staff }) => ok(await review({ staff, claimId: path.claimId, ...body })),
);
