import { cancelClaim } from '../lifecycle/claim-actions.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

/** POST /backoffice/v1/claims/{claimId}/cancel {reason}: adjusters and managers, in the claim's home region. */
export const handler = backofficeRoute(
  backofficeContracts.cancelClaim,
  'adjuster',
  async ({ path, body, staff }) =>
    ok(await cancelClaim({ staff, claimId: path.claimId, reason: body.reason })),
);
