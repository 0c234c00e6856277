import { redriveClaim } from '../lifecycle/claim-actions.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { accepted } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

/** POST /backoffice/v1/claims/{claimId}/redrive: managers restart a FAILED claim's workflow (home region). */
export const handler = backofficeRoute(backofficeContracts.redriveClaim, 'manager', async ({ path, staff }) =>
  accepted(await redriveClaim({ staff, claimId: path.claimId })),
);
