import { apiKeyCheck } from '../shared/adapters.ts';
import { ok, partnerRoute } from '../shared/partner-route.ts';
import { openApiContract } from './contract.ts';
import { partnerApiDocument } from './openapi-document.ts';

// Built once per container: the document depends on the code only.
const document = partnerApiDocument();

/** GET /v1/openapi.json: the OpenAPI 3.1 document, generated from the same zod schemas the routes use. */
export const handler = partnerRoute(openApiContract, async () => ok(document), apiKeyCheck);
