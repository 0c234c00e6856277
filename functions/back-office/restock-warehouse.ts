import { StockItemMissingError } from '../../domain/ports.ts';
import { StockNotFoundError } from '../errors.ts';
import type { LifecycleDependencies } from '../lifecycle/dependencies.ts';
import { restockWarehouseAction } from '../lifecycle/restock-warehouse.ts';

/**
 * Stock received, as a manager records it: written in the warehouse's home region (whichever region
 * is asked), then the backordered claims it serves are resumed. An unknown warehouse or a part the
 * warehouse does not carry is refused before anything is written.
 */
export function restockAsStaff(deps: Pick<LifecycleDependencies, 'stock' | 'backorders' | 'waits'>) {
  const restockWarehouse = restockWarehouseAction(deps);
  return async (a: { warehouseId: string; partNumber: string; quantity: number }) => {
    if (!(await deps.stock.warehouses()).some((w) => w.warehouseId === a.warehouseId))
      throw new StockNotFoundError(`no warehouse ${a.warehouseId}`);
    try {
      return await restockWarehouse(a);
    } catch (err) {
      if (err instanceof StockItemMissingError) throw new StockNotFoundError(err.message);
      throw err;
    }
  };
}
