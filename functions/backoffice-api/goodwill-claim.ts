import { approveAsGoodwill } from '../lifecycle/goodwill.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { backofficeContracts } from './contract.ts';

/** POST /backoffice/v1/claims/{claimId}/goodwill {reason}: adjusters within their limit, managers. */
export const handler = backofficeRoute(
  backofficeContracts.goodwillClaim,
  'adjuster',
  async ({ path, body, staff }) => ({
    status: 201,
    body: await approveAsGoodwill({ staff, claimId: path.claimId, reason: body.reason }),
  }),
);
