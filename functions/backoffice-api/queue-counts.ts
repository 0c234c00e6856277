import { queueCounts } from '../back-office/queue-counts.ts';
import { claimIndex, clock, region } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { queueCountsContract } from './contract.ts';

/** GET /backoffice/v1/queues?region=: a region's queue counts and review reasons (viewer and up). */
const counts = queueCounts({ claimIndex, clock });

export const handler = backofficeRoute(queueCountsContract, 'viewer', async ({ query }) =>
  ok(await counts(query.region ?? region)),
);
