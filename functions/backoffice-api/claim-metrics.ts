import { claimMetrics } from '../back-office/claim-metrics.ts';
import { adapters } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

const DEFAULT_DAYS = 30;
const metrics = claimMetrics(adapters);

/** GET /backoffice/v1/metrics?region=&days=: claims per day, approval, cycle time, fill rate, NPS (viewer and up). */
export const handler = backofficeRoute(backofficeContracts.claimMetrics, 'viewer', async ({ query }) =>
  ok(await metrics({ region: query.region ?? adapters.region, days: query.days ?? DEFAULT_DAYS })),
);
