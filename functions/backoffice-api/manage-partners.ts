import { masterDataApi } from '../catalog.ts';
import { listMarkets, putMarket } from '../master-data/markets.ts';
import {
  changePartnerRecord,
  createPartner,
  issueApiKey,
  keyView,
  listKeys,
  partnerAtHome,
  revokeApiKey,
} from '../master-data/partners.ts';
import { masterData } from '../shared/adapters.ts';
import { ok } from '../shared/partner-route.ts';
import { partnerDataContracts } from './master-data-contract.ts';
import { masterDataRoutes, putAnswer } from './master-data-route.ts';

/** Markets, partners and their API keys (managers); see docs/backoffice-api.md. */
export const handler = masterDataRoutes(masterDataApi.managePartners, partnerDataContracts, {
  listMarkets: async () => ok({ items: await listMarkets(masterData) }),
  putMarket: async ({ path, body, actor }) => {
    const { market, created } = await putMarket(masterData, path.code, body, actor);
    return putAnswer(created, market, `/backoffice/v1/markets/${path.code}`);
  },
  createPartner: async ({ body, actor }) => {
    const { partner, created } = await createPartner(masterData, body, actor);
    return putAnswer(created, partner, `/backoffice/v1/partners/${partner.partnerId}`);
  },
  getPartner: async ({ path }) => {
    // Read where it is written: the console reloads it right after a change.
    const { partner } = await partnerAtHome(masterData, path.partnerId);
    const now = masterData.now();
    // Read where keys are written: a key issued a moment ago through another region is listed.
    const keys = await listKeys(masterData, path.partnerId, { homeRegion: partner.homeRegion });
    return ok({
      partner: { ...partner, status: partner.status ?? 'active' },
      keys: keys.map((k) => keyView(k, now)),
    });
  },
  changePartner: async ({ path, body, actor }) =>
    ok(await changePartnerRecord(masterData, path.partnerId, body, actor)),
  issueKey: async ({ path, body, actor }) => {
    const { key, apiKey, rotated } = await issueApiKey(masterData, path.partnerId, body, actor);
    const now = masterData.now();
    return {
      status: 201,
      body: {
        keyId: key.keyId,
        // Shown here once: only its SHA-256 is stored.
        apiKey,
        key: keyView(key, now),
        ...(rotated ? { rotated: keyView(rotated, now) } : {}),
      },
      headers: { location: `/backoffice/v1/partners/${path.partnerId}` },
    };
  },
  revokeKey: async ({ path, actor }) =>
    ok(keyView(await revokeApiKey(masterData, path.partnerId, path.keyId, actor), masterData.now())),
});
