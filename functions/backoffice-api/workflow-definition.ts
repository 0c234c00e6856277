import { backofficeApi } from '../catalog.ts';
import { adapters } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { routeFamily } from '../shared/route-family.ts';
import { backofficeContracts as c } from './contract.ts';
import { backofficeApiDocument } from './openapi-document.ts';

// Built once per container on first ask (it depends on the code only), so that a cold start of
// GET workflow does not pay for turning every contract into JSON Schema.
let document: Record<string, unknown> | undefined;

/**
 * GET workflow: this region's ClaimLifecycle and its ASL; GET openapi.json: the back-office API's
 * OpenAPI 3.1 document, generated from the contracts the routes validate with. Viewers and up.
 */
export const handler = routeFamily(backofficeApi.workflowDefinition, {
  workflowDefinition: backofficeRoute(c.workflowDefinition, 'viewer', async () =>
    ok(await adapters.executions.definition()),
  ),
  openApiDocument: backofficeRoute(c.openApiDocument, 'viewer', async () => {
    document ??= backofficeApiDocument();
    return ok(document);
  }),
});
