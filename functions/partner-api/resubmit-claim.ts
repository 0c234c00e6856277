import { ResubmissionRefusedError } from '../errors.ts';
import { resubmitClaimAction } from '../lifecycle/resubmission.ts';
import { apiKeyCheck, claimFilingPorts, partnerClaimPorts } from '../shared/adapters.ts';
import { businessMetrics as metrics } from '../shared/business-metrics.ts';
import { created, partnerRoute } from '../shared/partner-route.ts';
import { ProblemError } from '../shared/problem.ts';
import { resubmitClaimContract } from './contract.ts';
import { toClaimView } from './views.ts';

/** POST /v1/claims/{claimId}/resubmission: the corrected claim, linked both ways to the rejected one. */
const resubmitClaim = resubmitClaimAction({ ...claimFilingPorts, ...partnerClaimPorts, metrics });

export const handler = partnerRoute(
  resubmitClaimContract,
  async ({ partnerId, path, body, idempotencyKey, basePath }) => {
    try {
      const { claim, replayed } = await resubmitClaim(partnerId, path.claimId, body, idempotencyKey);
      return created(toClaimView(claim), `${basePath}/v1/claims/${claim.claimId}`, {
        'idempotent-replayed': String(replayed),
      });
    } catch (err) {
      if (err instanceof ResubmissionRefusedError)
        throw new ProblemError('conflict', `${err.message} (${err.refusal.code})`);
      throw err;
    }
  },
  apiKeyCheck,
);
