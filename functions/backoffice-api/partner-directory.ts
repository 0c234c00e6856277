import { partnerDirectory } from '../back-office/partner-directory.ts';
import { clock, partners, region, technicians } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { partnerDirectoryContract } from './contract.ts';

/** GET /backoffice/v1/partners?region=: partners, centres, technicians and their load (viewer and up). */
const directory = partnerDirectory({ partners, technicians, clock });

export const handler = backofficeRoute(partnerDirectoryContract, 'viewer', async ({ query }) =>
  ok(await directory(query.region ?? region)),
);
