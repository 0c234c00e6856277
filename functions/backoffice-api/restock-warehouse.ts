import { restockAsStaff } from '../lifecycle/back-office.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

/** POST /backoffice/v1/warehouses/{warehouseId}/restock: stock received (managers). */
export const handler = backofficeRoute(
  backofficeContracts.restockWarehouse,
  'manager',
  async ({ path, body }) => ok(await restockAsStaff({ warehouseId: path.warehouseId, ...body })),
);
