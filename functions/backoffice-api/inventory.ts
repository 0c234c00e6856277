import { inventory } from '../back-office/inventory.ts';
import { backorders, claimReads, partsCatalog, region, stock, stockLines } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { inventoryContract } from './contract.ts';

/** GET /backoffice/v1/inventory?region=: warehouses, stock and the restock queue (viewer and up). */
const inventoryOf = inventory({ stock, stockLines, partsCatalog, backorders, claimReads });

export const handler = backofficeRoute(inventoryContract, 'viewer', async ({ query }) =>
  ok(await inventoryOf(query.region ?? region)),
);
