import { claimQueue } from '../lifecycle/back-office.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { settings } from '../shared/context.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

const DEFAULT_QUEUE_PAGE = 50;

/** GET /backoffice/v1/claims?status=&region=: a queue, oldest change first (viewer and up). */
export const handler = backofficeRoute(backofficeContracts.claimQueue, 'viewer', async ({ query }) => {
  const page = await claimQueue({
    region: query.region ?? settings.region,
    status: query.status,
    limit: query.limit ?? DEFAULT_QUEUE_PAGE,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return ok({ items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
});
