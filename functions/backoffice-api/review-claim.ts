import { reviewAsStaff } from '../lifecycle/back-office.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

/** POST /backoffice/v1/claims/{claimId}/review: an adjuster within the limit, or a manager, decides. */
export const handler = backofficeRoute(
  backofficeContracts.reviewClaim,
  'adjuster',
  async ({ path, body, staff }) => ok(await reviewAsStaff({ staff, claimId: path.claimId, ...body })),
);
