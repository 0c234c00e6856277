import { searchClaims } from '../back-office/claim-search.ts';
import { claimIndex, claims, clock, region, writerClocks } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { claimQueueContract } from './contract.ts';

const DEFAULT_PAGE = 50;
const search = searchClaims({ claims, claimIndex, clock, region, writerClocks });

/**
 * GET /backoffice/v1/claims?status=&region=&vin=&partnerId=&claimId=&overdue=true&limit=&cursor=:
 * claim search (viewer and up), `{ items, nextCursor? }`.
 */
export const handler = backofficeRoute(claimQueueContract, 'viewer', async ({ query }) =>
  ok(await search({ ...query, limit: query.limit ?? DEFAULT_PAGE })),
);
