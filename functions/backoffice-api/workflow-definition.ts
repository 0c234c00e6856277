import { backofficeApi } from '../catalog.ts';
import { executions } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { routeFamily } from '../shared/route-family.ts';
import { openApiDocumentContract, workflowDefinitionContract } from './contract.ts';

// The document, generated from the contracts by `npm run openapi` (cli/openapi.ts; a unit test
// fails when it is stale), imported on the first ask: GET workflow never reads its 100 KB.
const openApiDocument = () => import('./openapi.json', { with: { type: 'json' } }).then((m) => m.default);

/**
 * GET workflow: this region's ClaimLifecycle and its ASL; GET openapi.json: the back-office API's
 * OpenAPI 3.1 document, generated from the contracts the routes validate with. Viewers and up.
 */
export const handler = routeFamily(backofficeApi.workflowDefinition, {
  workflowDefinition: backofficeRoute(workflowDefinitionContract, 'viewer', async () =>
    ok(await executions.definition()),
  ),
  openApiDocument: backofficeRoute(openApiDocumentContract, 'viewer', async () => {
    return ok(await openApiDocument());
  }),
});
