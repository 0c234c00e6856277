import { partnerClaims } from '../lifecycle/partner-claims.ts';
import { apiKeyCheck, partnerClaimPorts } from '../shared/adapters.ts';
import { accepted, partnerRoute } from '../shared/partner-route.ts';
import { completeRepairContract } from './contract.ts';
import { toClaimView } from './views.ts';

/** POST /v1/claims/{claimId}/completion: the repair of a SCHEDULED claim is done; settlement follows. */
const { reportRepair } = partnerClaims(partnerClaimPorts);

export const handler = partnerRoute(
  completeRepairContract,
  async ({ partnerId, path, body }) =>
    accepted(toClaimView(await reportRepair(partnerId, path.claimId, body))),
  apiKeyCheck,
);
