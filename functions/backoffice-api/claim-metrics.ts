import { metrics } from '../lifecycle/back-office-operations.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { settings } from '../shared/context.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

const DEFAULT_DAYS = 30;

/** GET /backoffice/v1/metrics?region=&days=: claims per day, approval, cycle time, fill rate, NPS (viewer and up). */
export const handler = backofficeRoute(backofficeContracts.claimMetrics, 'viewer', async ({ query }) =>
  ok(await metrics({ region: query.region ?? settings.region, days: query.days ?? DEFAULT_DAYS })),
);
