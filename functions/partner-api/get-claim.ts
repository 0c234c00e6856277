import { partnerClaims } from '../lifecycle/partner-claims.ts';
import { apiKeyCheck, partnerClaimPorts } from '../shared/adapters.ts';
import { ok, partnerRoute } from '../shared/partner-route.ts';
import { getClaimContract } from './contract.ts';
import { toClaimView } from './views.ts';

/** GET /v1/claims/{claimId}: one of the partner's own claims (another partner's is 404). */
const { claimOfPartner } = partnerClaims(partnerClaimPorts);

export const handler = partnerRoute(
  getClaimContract,
  async ({ partnerId, path }) => ok(toClaimView(await claimOfPartner(partnerId, path.claimId))),
  apiKeyCheck,
);
