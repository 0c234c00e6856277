import { cancelClaim } from '../back-office/cancel-claim.ts';
import {
  backorders,
  claims,
  clock,
  executions,
  owners,
  quality,
  region,
  stock,
  technicians,
  waits,
} from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { cancelClaimContract } from './contract.ts';

/** POST /backoffice/v1/claims/{claimId}/cancel {reason}: adjusters and managers, in the claim's home region. */
const cancel = cancelClaim({
  region,
  clock,
  claims,
  owners,
  stock,
  technicians,
  backorders,
  waits,
  executions,
  quality,
});

export const handler = backofficeRoute(cancelClaimContract, 'adjuster', async ({ path, body, staff }) =>
  ok(await cancel({ staff, claimId: path.claimId, reason: body.reason })),
);
