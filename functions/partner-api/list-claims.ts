import { partnerCampaigns } from '../back-office/campaign-progress.ts';
import { partnerApi } from '../catalog.ts';
import { partnerClaims } from '../lifecycle/partner-claims.ts';
import {
  apiKeyCheck,
  campaigns,
  clock,
  owners,
  partnerClaimPorts,
  partners,
  quality,
  region,
} from '../shared/adapters.ts';
import { ok, partnerRoute } from '../shared/partner-route.ts';
import { routeFamily } from '../shared/route-family.ts';
import { DEFAULT_PAGE_SIZE, listCampaignsContract, listClaimsContract } from './contract.ts';
import { healthRoute, regionHealth } from './region-health.ts';
import { toClaimList } from './views.ts';

/**
 * GET /v1/claims?status=&cursor=&limit=: the partner's claims, newest first; GET /v1/campaigns:
 * the service campaigns running in its market with the vehicles still to repair; GET /v1/health:
 * the region's health, without a key (Route 53's checkers). One Lambda.
 */
const { claimsOfPartner } = partnerClaims(partnerClaimPorts);
const campaignsOf = partnerCampaigns({ campaigns, quality, clock });

export const handler = routeFamily(partnerApi.listClaims, {
  listClaims: partnerRoute(
    listClaimsContract,
    async ({ partnerId, query }) =>
      ok(
        toClaimList(
          await claimsOfPartner(partnerId, {
            ...(query.status ? { status: query.status } : {}),
            ...(query.cursor ? { cursor: query.cursor } : {}),
            limit: query.limit ?? DEFAULT_PAGE_SIZE,
          }),
        ),
      ),
    apiKeyCheck,
  ),
  listCampaigns: partnerRoute(
    listCampaignsContract,
    async ({ partnerId }) => {
      const partner = await partners.get(partnerId);
      // The key check found the partner a moment ago: its absence now is our fault, not the caller's.
      if (!partner) throw new Error(`partner ${partnerId} not found after its key was checked`);
      return ok(await campaignsOf(partner.market));
    },
    apiKeyCheck,
  ),
  health: healthRoute(regionHealth({ owners, region })),
});
