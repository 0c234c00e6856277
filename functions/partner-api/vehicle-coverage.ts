import { partnerClaims } from '../lifecycle/partner-claims.ts';
import { apiKeyCheck, partnerClaimPorts } from '../shared/adapters.ts';
import { ok, partnerRoute } from '../shared/partner-route.ts';
import { vehicleCoverageContract } from './contract.ts';
import { toCoverageView } from './views.ts';

/** GET /v1/vehicles/{vin}/coverage?onDate=&odometerKm=: what the vehicle's warranty still covers. */
const { coverageOfVehicle } = partnerClaims(partnerClaimPorts);

export const handler = partnerRoute(
  vehicleCoverageContract,
  async ({ partnerId, path, query }) =>
    ok(
      toCoverageView(
        await coverageOfVehicle(partnerId, path.vin, {
          ...(query.onDate ? { onDate: query.onDate } : {}),
          ...(query.odometerKm === undefined ? {} : { odometerKm: query.odometerKm }),
        }),
      ),
    ),
  apiKeyCheck,
);
