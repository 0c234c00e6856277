import type * as z from 'zod/mini';
import { backofficeApi, type FunctionSpec, masterDataApi, type RouteSpec, routesOf } from '../catalog.ts';
import { MAX_BODY_BYTES } from '../partner-api/contract.ts';
import { componentSchemas, jsonSchemaOf, parameters } from '../partner-api/openapi-document.ts';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, ProblemSchema, problemTypeUri } from '../shared/problem.ts';
import type { StaffRole } from '../shared/staff-token.ts';
import type { BackofficeRouteContract } from './contract.ts';
import { masterDataContracts } from './master-data-contract.ts';
import { backofficeContracts } from './route-contracts.ts';

/**
 * The back-office API's OpenAPI 3.1 document, built as the partner API's is
 * (`partner-api/openapi-document.ts`): from the routes of `functions/catalog.ts` and the zod
 * schemas the handlers validate with (`z.toJSONSchema`), so that it cannot drift from the code.
 * Each operation states the least role it needs (`x-required-role`), which is the role its chain
 * checks (`backofficeRoute` takes the contract's role, tsc holds them equal).
 */
type JsonSchema = Record<string, unknown>;

const contracts: Record<string, BackofficeRouteContract> = { ...backofficeContracts, ...masterDataContracts };

export interface BackofficeRoute {
  readonly operation: string;
  readonly spec: FunctionSpec;
  readonly route: RouteSpec;
  readonly contract: BackofficeRouteContract;
}

/** Every back-office route of the catalog with its contract; a route without one is an error. */
export function backofficeRoutes(): BackofficeRoute[] {
  const entries = [...Object.entries(backofficeApi), ...Object.entries(masterDataApi)] as [
    string,
    FunctionSpec,
  ][];
  return entries.flatMap(([key, spec]) =>
    routesOf(spec).map((route) => {
      const operation = route.operation ?? key;
      const contract = contracts[operation];
      if (!contract)
        throw new Error(`${route.method} ${route.path} (${operation}) has no back-office contract`);
      return { operation, spec, route, contract };
    }),
  );
}

const ROLE_WORDS: Record<StaffRole, string> = {
  viewer: 'any staff member (viewer, adjuster or manager)',
  adjuster: 'an adjuster or a manager',
  manager: 'a manager',
};

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `errors` names each bad field (a JSON Pointer into the body, a parameter, or a header)',
  401: 'No bearer token, or one that is not valid or has expired: sign in again',
  403: 'Your role does not allow this route (see x-required-role), or your account is in no staff group',
  404: 'Not found',
  409: 'Conflict with the current state of the record; nothing was changed',
  421: 'Misdirected: `homeRegion` names the export region whose back-office API acts on this claim (nothing was done here)',
  422: 'Refused as a whole: over your approval limit, or a file with rows that cannot be imported (each row named)',
  429: 'Over the stage throttle; retry with backoff',
  500: 'Failed on our side; nothing to fix in the request',
  504: 'Ran out of time on our side before it finished',
};

const componentName = (operation: string, suffix: string) =>
  `${operation[0]!.toUpperCase()}${operation.slice(1)}${suffix}`;

export function backofficeApiDocument(): JsonSchema {
  const schemas: Record<string, JsonSchema> = { Problem: jsonSchemaOf(ProblemSchema, 'output') };
  const named = (name: string, schema: z.ZodMiniType, io: 'input' | 'output') => {
    schemas[name] = jsonSchemaOf(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  };
  const problemAnswer = (status: number, contract: BackofficeRouteContract) => ({
    description:
      status === 413
        ? `The body is over ${(contract.textBody?.maxBytes ?? MAX_BODY_BYTES) / 1024} KiB`
        : status === 415
          ? `The body is not ${contract.textBody?.mediaType ?? 'application/json'}`
          : (PROBLEM_DESCRIPTIONS[status] ?? PROBLEM_TYPES.internal.title),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  });

  const paths: Record<string, Record<string, unknown>> = {};
  for (const { operation, spec, route, contract } of backofficeRoutes()) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(contract.responses))
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
        ...(r.component
          ? {
              content: {
                'application/json': {
                  schema: named(
                    componentName(operation, 'Answer'),
                    componentSchemas[r.component].schema,
                    'output',
                  ),
                },
              },
            }
          : {}),
      };
    const problems = new Set([
      400,
      401,
      403,
      429,
      500,
      504,
      ...contract.problems,
      ...(contract.body ? [413, 415] : []),
    ]);
    for (const status of [...problems].sort()) responses[status] = problemAnswer(status, contract);
    const mediaType = contract.textBody?.mediaType ?? 'application/json';
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: operation,
      summary: contract.summary,
      description: `${spec.routes ? contract.summary : spec.description}. Needs ${ROLE_WORDS[contract.role]}.`,
      'x-required-role': contract.role,
      parameters: parameters(contract),
      ...(contract.body
        ? {
            requestBody: {
              required: true,
              content: {
                [mediaType]: { schema: named(componentName(operation, 'Request'), contract.body, 'input') },
              },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'claimflow back-office API',
      version: '1.0.0',
      description:
        "The back office of one export region: the claim queues and actions, operations, the quality loop and the master data. Every route needs a staff member's ID token (`Authorization: Bearer <JWT>`, from the console's sign-in) whose group gives the role; each operation states the least role it needs in `x-required-role` (viewer < adjuster < manager). Actions on a claim run in its home region (421 elsewhere). Every error is `application/problem+json` (RFC 9457); its `type` is one of the URNs under `x-problem-types`.",
    },
    // Relative to this document (`<api>/backoffice/v1/openapi.json`): the API root of the region that served it.
    servers: [{ url: '../..', description: 'The export region that served this document' }],
    security: [{ staffToken: [] }],
    paths,
    components: {
      securitySchemes: {
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A Cognito ID token of the staff user pool; its group (viewer, adjuster, manager) is the role',
        },
      },
      schemas,
      'x-problem-types': Object.fromEntries(
        Object.entries(PROBLEM_TYPES).map(([kind, { status, title }]) => [
          problemTypeUri(kind as keyof typeof PROBLEM_TYPES),
          { status, title },
        ]),
      ),
    },
  };
}
