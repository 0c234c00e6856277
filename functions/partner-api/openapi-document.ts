import * as z from 'zod/mini';
import { IsoDateSchema } from '../../domain/calendar.ts';
import { ClaimSubmissionSchema, CompletionSchema } from '../../domain/claim.ts';
import { VinSchema } from '../../domain/vin.ts';
import {
  BACKOFFICE_PROBLEM_KINDS,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  ProblemSchema,
  problemTypeUri,
} from '../shared/problem.ts';
import { IdempotencyKeySchema, MAX_BODY_BYTES, type RouteContract } from './contract.ts';
import { partnerRoutes } from './partner-routes.ts';
import {
  CampaignListSchema,
  ClaimListSchema,
  ClaimViewSchema,
  CoverageViewSchema,
  OpenApiDocumentSchema,
  RegionHealthSchema,
} from './response-schemas.ts';
import {
  eventComponentName,
  WEBHOOK_EVENT_SCHEMAS,
  WebhookDeliveryListSchema,
  WebhookEndpointViewSchema,
  WebhookSettingsSchema,
  webhooksSection,
} from './webhook-contract.ts';

/**
 * The partner API's OpenAPI 3.1 document, generated from the zod schemas the handlers validate
 * with (zod 4's own `z.toJSONSchema`, JSON Schema 2020-12, which is OpenAPI 3.1's dialect) and the
 * routes of `functions/catalog.ts`. Nothing here is written by hand but prose.
 */
type JsonSchema = Record<string, unknown>;

/**
 * What zod cannot say in JSON Schema (refinements are code), said here for the schemas whose
 * refinement is the whole point: the same rules, as a pattern and a format.
 */
function documentRefinements(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  if (ctx.zodSchema === VinSchema) {
    Object.assign(ctx.jsonSchema, {
      pattern: '^[A-HJ-NPR-Z0-9]{17}$',
      description: 'ISO 3779 VIN: 17 capital letters and digits, never I, O or Q',
      examples: ['JT2BG22K1W0123456'],
    });
  }
  if (ctx.zodSchema === IsoDateSchema)
    Object.assign(ctx.jsonSchema, { format: 'date', examples: ['2025-03-14'] });
}

/** The JSON Schema of `schema` as it appears in the document (tests compare against this). */
export function jsonSchemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    override: documentRefinements,
  }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** Named components: request bodies as clients send them, responses as the API writes them. */
const bodyAndAnswerSchemas = {
  ClaimSubmission: { schema: ClaimSubmissionSchema, io: 'input' },
  Completion: { schema: CompletionSchema, io: 'input' },
  Claim: { schema: ClaimViewSchema, io: 'output' },
  ClaimList: { schema: ClaimListSchema, io: 'output' },
  CampaignList: { schema: CampaignListSchema, io: 'output' },
  VehicleCoverage: { schema: CoverageViewSchema, io: 'output' },
  Problem: { schema: ProblemSchema, io: 'output' },
  OpenApiDocument: { schema: OpenApiDocumentSchema, io: 'output' },
  RegionHealth: { schema: RegionHealthSchema, io: 'output' },
  WebhookSettings: { schema: WebhookSettingsSchema, io: 'input' },
  WebhookEndpoint: { schema: WebhookEndpointViewSchema, io: 'output' },
  WebhookDeliveryList: { schema: WebhookDeliveryListSchema, io: 'output' },
} as const satisfies Record<string, { schema: z.ZodMiniType; io: 'input' | 'output' }>;

/** The components a route's answer names (`RouteResponse.component`). */
export type ResponseComponent = keyof typeof bodyAndAnswerSchemas;

/** Every named component: bodies, answers and the webhook events. */
export const componentSchemas = {
  ...bodyAndAnswerSchemas,
  ...Object.fromEntries(
    Object.entries(WEBHOOK_EVENT_SCHEMAS).map(([type, schema]) => [
      eventComponentName(type),
      { schema, io: 'output' as const },
    ]),
  ),
} as const satisfies Record<string, { schema: z.ZodMiniType; io: 'input' | 'output' }>;

const componentRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const refOf = (schema: z.ZodMiniType): JsonSchema => {
  const name = Object.entries(componentSchemas).find(([, c]) => c.schema === schema)?.[0];
  if (!name) throw new Error('every body in the partner API contract must be a named component schema');
  return componentRef(name);
};

/** A schema's `description`, from `z.meta` (zod/mini keeps metadata in the global registry). */
export const descriptionOf = (schema: z.ZodMiniType): string | undefined =>
  z.globalRegistry.get(schema)?.description;

export function parameters(contract: RouteContract): JsonSchema[] {
  const out: JsonSchema[] = [];
  const of = (where: 'path' | 'query', schema: z.ZodMiniType | undefined) => {
    if (!schema) return;
    const shape = (schema as z.ZodMiniObject).shape as Record<string, z.ZodMiniType>;
    for (const [name, s] of Object.entries(shape)) {
      const optional = s instanceof z.ZodMiniOptional;
      const inner = optional ? (s.def.innerType as z.ZodMiniType) : s;
      const description = descriptionOf(s) ?? descriptionOf(inner);
      out.push({
        name,
        in: where,
        required: where === 'path' || !optional,
        schema: jsonSchemaOf(inner, 'input'),
        ...(description ? { description } : {}),
      });
    }
  };
  of('path', contract.path);
  of('query', contract.query);
  if (contract.idempotencyKey)
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description:
        'A unique value per claim (a UUID). The same key and body again answers with the same claim and starts ' +
        'nothing new; the same key with another body is 409. Keys are kept at least 24 hours.',
      schema: jsonSchemaOf(IdempotencyKeySchema, 'input'),
    });
  return out;
}

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
});

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `errors` names each bad field (a JSON Pointer into the body, a parameter, or a header)',
  401: 'No x-api-key header',
  403: 'The x-api-key is not a valid key',
  404: 'Not found among your claims (or no such vehicle, or no webhook endpoint set)',
  409: 'Conflict with the current state (a reused Idempotency-Key, a claim not SCHEDULED)',
  413: `The body is over ${MAX_BODY_BYTES / 1024} KiB`,
  415: 'The body is not application/json',
  421: 'Misdirected: `homeRegion` names the export region whose API serves this (nothing was done here)',
  429: "Over your usage plan's rate or quota",
  500: 'Failed on our side; nothing to fix in the request',
  503: 'This region cannot answer for now (its database does not): retry after Retry-After seconds, or use another region',
  504: 'Ran out of time on our side before it finished; send it again (a claim with the same Idempotency-Key is filed once)',
};

export function partnerApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { key, spec, route, contract } of partnerRoutes()) {
    const c = contract as RouteContract;
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(c.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(r.headers).map(([name, description]) => [
                  name,
                  { description, schema: { type: 'string' } },
                ]),
              ),
            }
          : {}),
        ...(r.component ? { content: { 'application/json': { schema: componentRef(r.component) } } } : {}),
      };
    }
    // A public route (the health check's) takes no key: no 401 or 403, and no security requirement.
    const keyProblems = route.public ? [] : [401, 403];
    const problems = new Set([
      400,
      ...keyProblems,
      429,
      500,
      504,
      ...c.problems,
      ...(c.body ? [413, 415] : []),
    ]);
    for (const status of [...problems].sort())
      responses[status] = problemResponse(PROBLEM_DESCRIPTIONS[status]!);
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: key,
      summary: c.summary,
      // A function serving several routes describes them all; each operation has its own summary.
      description: spec.routes ? c.summary : spec.description,
      parameters: parameters(c),
      ...(route.public ? { security: [] } : {}),
      ...(c.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: refOf(c.body) } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'claimflow partner API',
      version: '1.0.0',
      description:
        'Warranty claims for the partners of an export region. Call the API of your home region with your ' +
        'key in `x-api-key`. Every error is `application/problem+json` (RFC 9457); its `type` is one of ' +
        'the URNs under `x-problem-types`.',
    },
    // Relative to this document (`<api>/v1/openapi.json`): the API root of the region that served it.
    servers: [{ url: '..', description: 'The export region that served this document' }],
    security: [{ apiKey: [] }],
    paths,
    webhooks: webhooksSection(componentRef),
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      schemas: Object.fromEntries(
        Object.entries(componentSchemas).map(([name, { schema, io }]) => [name, jsonSchemaOf(schema, io)]),
      ),
      'x-problem-types': Object.fromEntries(
        Object.entries(PROBLEM_TYPES)
          .filter(([kind]) => !BACKOFFICE_PROBLEM_KINDS.has(kind as keyof typeof PROBLEM_TYPES))
          .map(([kind, { status, title }]) => [
            problemTypeUri(kind as keyof typeof PROBLEM_TYPES),
            { status, title },
          ]),
      ),
    },
  };
}
