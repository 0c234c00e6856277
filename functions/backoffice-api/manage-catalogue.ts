import { masterDataApi } from '../catalog.ts';
import { decodeCursor } from '../data/item.ts';
import {
  addPlanVersion,
  getLaborOperation,
  getPart,
  getPlan,
  LABOR_OPERATION_FIELDS,
  listingPage,
  listPlans,
  PART_FIELDS,
  putLaborOperation,
  putPart,
} from '../master-data/catalogue.ts';
import { getWarehouse, putWarehouse } from '../master-data/warehouses.ts';
import { masterData } from '../shared/adapters.ts';
import { ok } from '../shared/partner-route.ts';
import { catalogueContracts } from './master-data-contract.ts';
import { masterDataRoutes, putAnswer } from './master-data-route.ts';

const DEFAULT_PAGE = 50;

/** Parts and prices, labour operations, warehouses, warranty plan versions (managers). */
export const handler = masterDataRoutes(masterDataApi.manageCatalogue, catalogueContracts, {
  listParts: async ({ query }) =>
    ok(
      await listingPage(masterData, 'PARTS', PART_FIELDS, {
        limit: query.limit ?? DEFAULT_PAGE,
        ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
      }),
    ),
  getPart: async ({ path }) => ok(await getPart(masterData, path.partNumber)),
  putPart: async ({ path, body, actor }) => {
    const { part, created } = await putPart(masterData, path.partNumber, body, actor);
    return putAnswer(created, part, `/backoffice/v1/parts/${path.partNumber}`);
  },
  listLaborOperations: async ({ query }) =>
    ok(
      await listingPage(masterData, 'LABOROPS', LABOR_OPERATION_FIELDS, {
        limit: query.limit ?? DEFAULT_PAGE,
        ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
      }),
    ),
  getLaborOperation: async ({ path }) => ok(await getLaborOperation(masterData, path.code)),
  putLaborOperation: async ({ path, body, actor }) => {
    const { laborOperation, created } = await putLaborOperation(masterData, path.code, body, actor);
    return putAnswer(created, laborOperation, `/backoffice/v1/labour-operations/${path.code}`);
  },
  getWarehouse: async ({ path }) => ok(await getWarehouse(masterData, path.warehouseId)),
  putWarehouse: async ({ path, body, actor }) => {
    const { warehouse, created } = await putWarehouse(masterData, path.warehouseId, body, actor);
    return putAnswer(created, warehouse, `/backoffice/v1/warehouses/${path.warehouseId}`);
  },
  listPlans: async () => ok({ items: await listPlans(masterData) }),
  getPlan: async ({ path }) => ok(await getPlan(masterData, path.planId)),
  addPlanVersion: async ({ path, body, actor }) => ({
    status: 201,
    body: await addPlanVersion(masterData, path.planId, body, actor),
    headers: { location: `/backoffice/v1/warranty-plans/${path.planId}` },
  }),
});
