import { searchClaims } from '../lifecycle/claim-search.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { clock, settings } from '../shared/context.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

const DEFAULT_PAGE = 50;

/**
 * GET /backoffice/v1/claims?status=&region=&vin=&partnerId=&claimId=&overdue=true&limit=&cursor=:
 * claim search (viewer and up), `{ items, nextCursor? }`.
 */
export const handler = backofficeRoute(backofficeContracts.claimQueue, 'viewer', async ({ query }) =>
  ok(await searchClaims({ ...query, limit: query.limit ?? DEFAULT_PAGE }, settings.region, clock.now())),
);
