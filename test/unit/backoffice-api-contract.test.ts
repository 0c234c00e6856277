import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { masterDataContracts } from '../../functions/backoffice-api/master-data-contract.ts';
import { backofficeApiDocument } from '../../functions/backoffice-api/openapi-document.ts';
import { backofficeContracts } from '../../functions/backoffice-api/route-contracts.ts';
import { functionCatalog, routesOf } from '../../functions/catalog.ts';
import { jsonSchemaOf } from '../../functions/partner-api/openapi-document.ts';

type Operation = {
  operationId: string;
  'x-required-role': string;
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
};

const doc = backofficeApiDocument() as {
  openapi: string;
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, Record<string, string>> };
};
// Read from the catalog by kind, not from the document's own route list: a back-office function
// added to the catalog without a contract or documentation fails here.
const backofficeRoutes = functionCatalog.filter((f) => f.kind === 'backoffice-api').flatMap(routesOf);
const operation = (method: string, path: string) => doc.paths[path]?.[method.toLowerCase()];
const contracts: Record<string, { role: string }> = { ...backofficeContracts, ...masterDataContracts };

describe('the OpenAPI document of the back-office API', () => {
  it('is valid OpenAPI 3.1 by the specification’s own JSON Schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every back-office route of the catalog, and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(backofficeRoutes.length).toBeGreaterThan(40);
    expect(documented.sort()).toEqual(backofficeRoutes.map((r) => `${r.method} ${r.path}`).sort());
    expect(operation('GET', '/backoffice/v1/openapi.json')).toBeDefined();
  });

  it('names each operation once', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('asks for a bearer JWT on every route', () => {
    expect(doc.security).toEqual([{ staffToken: [] }]);
    expect(doc.components.securitySchemes.staffToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('states the role each route checks', () => {
    expect(operation('GET', '/backoffice/v1/claims')!['x-required-role']).toBe('viewer');
    expect(operation('POST', '/backoffice/v1/claims/{claimId}/review')!['x-required-role']).toBe('adjuster');
    expect(operation('POST', '/backoffice/v1/campaigns')!['x-required-role']).toBe('manager');
    expect(operation('PUT', '/backoffice/v1/parts/{partNumber}')!['x-required-role']).toBe('manager');
    for (const ops of Object.values(doc.paths))
      for (const op of Object.values(ops))
        expect(op['x-required-role']).toBe(contracts[op.operationId]!.role);
  });

  it.each(backofficeRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s has its success, 400, 401, 403 and 500 answers, errors as problem+json, its path parameters',
    (_, route) => {
      const op = operation(route.method, route.path)!;
      const statuses = Object.keys(op.responses).map(Number);
      expect(statuses.some((s) => s >= 200 && s < 300)).toBe(true);
      expect(statuses).toEqual(expect.arrayContaining([400, 401, 403, 500]));
      for (const s of statuses.filter((s) => s >= 400))
        expect(Object.keys(op.responses[s]!.content ?? {})).toEqual(['application/problem+json']);
      for (const [, name] of route.path.matchAll(/\{(\w+)\}/g))
        expect(op.parameters).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }));
    },
  );

  it('describes bodies with exactly the JSON Schema of the zod schemas the handlers validate with', () => {
    const review = operation('POST', '/backoffice/v1/claims/{claimId}/review')!;
    expect(review.requestBody!.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/ReviewClaimRequest',
    });
    expect(doc.components.schemas.ReviewClaimRequest).toEqual(
      jsonSchemaOf(backofficeContracts.reviewClaim.body, 'input'),
    );
    expect(doc.components.schemas.OpenCampaignRequest).toEqual(
      jsonSchemaOf(backofficeContracts.openCampaign.body, 'input'),
    );
    // The CSV imports take text/csv, not JSON.
    expect(Object.keys(operation('POST', '/backoffice/v1/vehicles/import')!.requestBody!.content)).toEqual([
      'text/csv',
    ]);
  });

  it('documents query parameters, with the values an enum allows', () => {
    const metrics = operation('GET', '/backoffice/v1/metrics')!;
    const report = metrics.parameters.find((p) => p.name === 'report') as unknown as {
      required: boolean;
      schema: { enum: string[] };
    };
    expect(report.required).toBe(false);
    expect(report.schema.enum).toContain('failure-rates');
  });
});
