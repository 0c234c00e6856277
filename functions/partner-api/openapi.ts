import { apiKeyCheck } from '../shared/adapters.ts';
import { ok, partnerRoute } from '../shared/partner-route.ts';
import { openApiContract } from './contract.ts';
// Generated from the zod contracts by `npm run openapi` (cli/openapi.ts); a unit test fails when it
// is not the document the code generates. A file, not built at start: building it was most of this
// function's cold start.
import document from './openapi.json' with { type: 'json' };

/** GET /v1/openapi.json: the OpenAPI 3.1 document, generated from the same zod schemas the routes use. */
export const handler = partnerRoute(openApiContract, async () => ok(document), apiKeyCheck);
