import { masterDataApi } from '../catalog.ts';
import { masterData } from '../shared/adapters.ts';
import { ok } from '../shared/partner-route.ts';
import { historyContracts } from './master-data-contract.ts';
import { masterDataRoutes } from './master-data-route.ts';

/** GET /backoffice/v1/audit/{entity}/{entityId}: a record's audit trail, oldest first (managers). */
export const handler = masterDataRoutes(masterDataApi.masterDataHistory, historyContracts, {
  history: async ({ path }) => {
    const items = await masterData.store.history(path.entity, path.entityId);
    return ok({
      items: items.map(
        ({ pk: _pk, sk: _sk, type: _t, homeRegion: _h, ownerEpoch: _o, replicatedAt: _r, ...entry }) => entry,
      ),
    });
  },
});
