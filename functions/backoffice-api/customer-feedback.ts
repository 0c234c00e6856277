import { regionFeedback } from '../lifecycle/feedback.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { settings } from '../shared/context.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

/** GET /backoffice/v1/feedback?region=&months=3: NPS per partner and centre, and the comments (viewer and up). */
export const handler = backofficeRoute(backofficeContracts.customerFeedback, 'viewer', async ({ query }) =>
  ok(await regionFeedback({ region: query?.region ?? settings.region, months: query?.months ?? 3 })),
);
