import { adapters } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

/** GET /backoffice/v1/workflow: this region's ClaimLifecycle and its ASL (viewer and up). */
export const handler = backofficeRoute(backofficeContracts.workflowDefinition, 'viewer', async () =>
  ok(await adapters.executions.definition()),
);
