import { backofficeApi } from '../catalog.ts';
import { adapters } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { routeFamily } from '../shared/route-family.ts';
import { openApiDocumentContract, workflowDefinitionContract } from './contract.ts';

// Built once per container on first ask (it depends on the code only), and imported then: every
// route's contract and schema sits in a chunk that a cold start of GET workflow does not read.
let document: Record<string, unknown> | undefined;

/**
 * GET workflow: this region's ClaimLifecycle and its ASL; GET openapi.json: the back-office API's
 * OpenAPI 3.1 document, generated from the contracts the routes validate with. Viewers and up.
 */
export const handler = routeFamily(backofficeApi.workflowDefinition, {
  workflowDefinition: backofficeRoute(workflowDefinitionContract, 'viewer', async () =>
    ok(await adapters.executions.definition()),
  ),
  openApiDocument: backofficeRoute(openApiDocumentContract, 'viewer', async () => {
    document ??= (await import('./openapi-document.ts')).backofficeApiDocument();
    return ok(document);
  }),
});
