import { restockAsStaff } from '../back-office/restock-warehouse.ts';
import { backorders, stock, waits } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { restockWarehouseContract } from './contract.ts';

/** POST /backoffice/v1/warehouses/{warehouseId}/restock: stock received (managers). */
const restock = restockAsStaff({ stock, backorders, waits });

export const handler = backofficeRoute(restockWarehouseContract, 'manager', async ({ path, body }) =>
  ok(await restock({ warehouseId: path.warehouseId, ...body })),
);
