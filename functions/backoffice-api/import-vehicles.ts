import { importVehicles } from '../back-office/vehicle-import.ts';
import { backofficeApi } from '../catalog.ts';
import {
  VehicleImportConflictError,
  VehicleImportIncompleteError,
  VehicleImportRejectedError,
} from '../errors.ts';
import { clock, masterData, vehicleRegistry } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { ProblemError } from '../shared/problem.ts';
import { importVehiclesContract } from './contract.ts';

/** No new batch is started this close to the function's timeout: time to finish the batches under way and answer. */
const ANSWER_MARGIN_MS = 8_000;
const importFile = importVehicles({ vehicleRegistry, masterData, clock });

/**
 * POST /backoffice/v1/vehicles/import (text/csv, managers): registers every vehicle of the file, or
 * none and a 422 naming each bad row and column.
 */
export const handler = backofficeRoute(importVehiclesContract, 'manager', async ({ body }) => {
  try {
    const deadline = Date.now() + backofficeApi.importVehicles.timeoutSeconds * 1000 - ANSWER_MARGIN_MS;
    return ok(await importFile(body, { deadline }));
  } catch (err) {
    if (err instanceof VehicleImportRejectedError)
      throw new ProblemError('invalidImport', err.message, { errors: err.errors });
    if (err instanceof VehicleImportConflictError)
      throw new ProblemError('conflict', err.message, { errors: err.errors });
    if (err instanceof VehicleImportIncompleteError)
      throw new ProblemError('importIncomplete', err.message, { headers: { 'retry-after': '1' } });
    throw err;
  }
});
