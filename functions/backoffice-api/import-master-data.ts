import { masterDataApi } from '../catalog.ts';
import { serveRestockQueue } from '../lifecycle/restock-warehouse.ts';
import { importParts, importStock, importTechnicians } from '../master-data/imports.ts';
import { backorders, masterData, stock, waits } from '../shared/adapters.ts';
import { ok } from '../shared/partner-route.ts';
import { importContracts } from './master-data-contract.ts';
import { masterDataRoutes } from './master-data-route.ts';

const raised = serveRestockQueue({ stock, backorders, waits });

/** POST /backoffice/v1/imports/{parts|technicians|stock} (text/csv, managers): all rows or none. */
export const handler = masterDataRoutes(masterDataApi.importMasterData, importContracts, {
  importMasterData: async ({ path, body, actor }) => {
    if (path.kind === 'parts') return ok(await importParts(masterData, body, actor));
    if (path.kind === 'technicians') return ok(await importTechnicians(masterData, body, actor));
    return ok(await importStock(masterData, body, actor, { raised }));
  },
});
