import { claimDetail } from '../lifecycle/back-office.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

/** GET /backoffice/v1/claims/{claimId}: the claim, its audit trail and execution history (viewer and up). */
export const handler = backofficeRoute(backofficeContracts.claimDetail, 'viewer', async ({ path }) =>
  ok(await claimDetail(path.claimId)),
);
