import { queueCounts } from '../lifecycle/claim-search.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { clock, settings } from '../shared/context.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

/** GET /backoffice/v1/queues?region=: a region's queue counts and review reasons (viewer and up). */
export const handler = backofficeRoute(backofficeContracts.queueCounts, 'viewer', async ({ query }) =>
  ok(await queueCounts(query.region ?? settings.region, clock.now())),
);
