import { fileClaimAction } from '../lifecycle/file-claim.ts';
import { apiKeyCheck, claimFilingPorts } from '../shared/adapters.ts';
import { businessMetrics as metrics } from '../shared/business-metrics.ts';
import { created, partnerRoute } from '../shared/partner-route.ts';
import { createClaimContract } from './contract.ts';
import { toClaimView } from './views.ts';

/** POST /v1/claims: files the claim once per Idempotency-Key; a replay answers with the same claim. */
const fileClaim = fileClaimAction({ ...claimFilingPorts, metrics });

export const handler = partnerRoute(
  createClaimContract,
  async ({ partnerId, body, idempotencyKey, basePath }) => {
    const { claim, replayed } = await fileClaim(partnerId, body, idempotencyKey);
    return created(toClaimView(claim), `${basePath}/v1/claims/${claim.claimId}`, {
      'idempotent-replayed': String(replayed),
    });
  },
  apiKeyCheck,
);
