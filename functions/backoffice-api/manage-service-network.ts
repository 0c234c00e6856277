import { masterDataApi } from '../catalog.ts';
import { getCentre, getTechnician, putCentre, putTechnician } from '../master-data/network.ts';
import { masterData } from '../shared/adapters.ts';
import { ok } from '../shared/partner-route.ts';
import { serviceNetworkContracts } from './master-data-contract.ts';
import { masterDataRoutes, putAnswer } from './master-data-route.ts';

/** Service centres and technicians (managers); see docs/backoffice-api.md. */
export const handler = masterDataRoutes(masterDataApi.manageServiceNetwork, serviceNetworkContracts, {
  getCentre: async ({ path }) => ok(await getCentre(masterData, path.centreId)),
  putCentre: async ({ path, body, actor }) => {
    const { centre, created } = await putCentre(masterData, path.centreId, body, actor);
    return putAnswer(
      created,
      { ...centre, partnerId: body.partnerId },
      `/backoffice/v1/service-centres/${path.centreId}`,
    );
  },
  getTechnician: async ({ path }) => ok(await getTechnician(masterData, path.technicianId)),
  putTechnician: async ({ path, body, actor }) => {
    const { technician, created } = await putTechnician(masterData, path.technicianId, body, actor);
    return putAnswer(created, technician, `/backoffice/v1/technicians/${path.technicianId}`);
  },
});
