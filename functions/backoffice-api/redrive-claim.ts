import { redriveClaim } from '../back-office/redrive-claim.ts';
import { claims, clock, executions, owners, region, workflows } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { accepted } from '../shared/partner-route.ts';
import { redriveClaimContract } from './contract.ts';

/** POST /backoffice/v1/claims/{claimId}/redrive: managers restart a FAILED claim's workflow (home region). */
const redrive = redriveClaim({ region, clock, claims, owners, workflows, executions });

export const handler = backofficeRoute(redriveClaimContract, 'manager', async ({ path, staff }) =>
  accepted(await redrive({ staff, claimId: path.claimId })),
);
