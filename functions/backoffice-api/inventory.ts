import { inventory } from '../lifecycle/back-office-operations.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { settings } from '../shared/context.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

/** GET /backoffice/v1/inventory?region=: warehouses, stock and the restock queue (viewer and up). */
export const handler = backofficeRoute(backofficeContracts.inventory, 'viewer', async ({ query }) =>
  ok(await inventory(query.region ?? settings.region)),
);
