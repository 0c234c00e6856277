import { partnerDirectory } from '../lifecycle/back-office-operations.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { settings } from '../shared/context.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

/** GET /backoffice/v1/partners?region=: partners, centres, technicians and their load (viewer and up). */
export const handler = backofficeRoute(backofficeContracts.partnerDirectory, 'viewer', async ({ query }) =>
  ok(await partnerDirectory(query.region ?? settings.region)),
);
