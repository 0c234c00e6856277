import { approveAsGoodwill } from '../back-office/goodwill-claim.ts';
import { claims, clock, owners, partners, partsCatalog, region, workflows } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { goodwillClaimContract } from './contract.ts';

/** POST /backoffice/v1/claims/{claimId}/goodwill {reason}: adjusters within their limit, managers. */
const goodwill = approveAsGoodwill({ region, clock, claims, partners, partsCatalog, owners, workflows });

export const handler = backofficeRoute(goodwillClaimContract, 'adjuster', async ({ path, body, staff }) => ({
  status: 201,
  body: await goodwill({ staff, claimId: path.claimId, reason: body.reason }),
}));
