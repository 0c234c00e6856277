import { partnerClaims } from '../lifecycle/partner-claims.ts';
import { adapters, apiKeyCheck } from '../shared/adapters.ts';
import { ok, partnerRoute } from '../shared/partner-route.ts';
import { DEFAULT_PAGE_SIZE, routeContracts } from './contract.ts';
import { toClaimList } from './views.ts';

/** GET /v1/claims?status=&cursor=&limit=: the partner's claims, newest first. */
const { claimsOfPartner } = partnerClaims(adapters);

export const handler = partnerRoute(
  routeContracts.listClaims,
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
);
