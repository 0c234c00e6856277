import { claimDetail } from '../back-office/claim-detail.ts';
import {
  claims,
  clock,
  emails,
  executions,
  partsCatalog,
  quality,
  technicians,
  writerClocks,
} from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { claimDetailContract } from './contract.ts';

/** GET /backoffice/v1/claims/{claimId}: the claim, its audit trail and execution history (viewer and up). */
const detail = claimDetail({
  claims,
  clock,
  executions,
  emails,
  technicians,
  quality,
  partsCatalog,
  writerClocks,
});

export const handler = backofficeRoute(claimDetailContract, 'viewer', async ({ path }) =>
  ok(await detail(path.claimId)),
);
