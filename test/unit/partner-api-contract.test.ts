import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { type Claim, ClaimSubmissionSchema, CompletionSchema } from '../../domain/claim.ts';
import { functionCatalog, routesOf } from '../../functions/catalog.ts';
import { jsonSchemaOf, partnerApiDocument } from '../../functions/partner-api/openapi-document.ts';
import { ClaimViewSchema } from '../../functions/partner-api/response-schemas.ts';
import { toClaimView } from '../../functions/partner-api/views.ts';
import { problemTypeUri } from '../../functions/shared/problem.ts';

type Operation = {
  operationId: string;
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
};

const doc = partnerApiDocument() as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; 'x-problem-types': Record<string, unknown> };
};
const partnerRoutes = functionCatalog.filter((f) => f.kind === 'partner-api').flatMap(routesOf);
const operation = (method: string, path: string) => doc.paths[path]?.[method.toLowerCase()];

describe('the OpenAPI document of the partner API', () => {
  it('is valid OpenAPI 3.1 by the specification’s own JSON Schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every partner route of the catalog, and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(partnerRoutes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(partnerRoutes.filter((r) => !r.public).map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s has its success, 400, 401, 403, 429 and 500 answers, errors as problem+json',
    (_, route) => {
      const op = operation(route.method, route.path)!;
      const statuses = Object.keys(op.responses).map(Number);
      expect(statuses.some((s) => s >= 200 && s < 300)).toBe(true);
      expect(statuses).toEqual(expect.arrayContaining([400, 401, 403, 429, 500]));
      for (const s of statuses.filter((s) => s >= 400))
        expect(Object.keys(op.responses[s]!.content ?? {})).toEqual(['application/problem+json']);
      // Every path parameter is declared.
      for (const [, name] of route.path.matchAll(/\{(\w+)\}/g))
        expect(op.parameters).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }));
    },
  );

  it('documents the health route as taking no key (no security, no 401 or 403) and answering 503 when the region cannot', () => {
    const op = operation('GET', '/v1/health')! as Operation & { security?: unknown[] };
    const statuses = Object.keys(op.responses).map(Number);
    expect(op.security).toEqual([]);
    expect(statuses).toEqual(expect.arrayContaining([200, 503]));
    expect(statuses).not.toContain(401);
    expect(statuses).not.toContain(403);
    expect(partnerRoutes.filter((r) => r.public).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/health',
    ]);
  });

  it('describes the bodies with exactly the JSON Schema of the zod schemas the handlers validate with', () => {
    expect(operation('POST', '/v1/claims')!.requestBody!.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/ClaimSubmission',
    });
    expect(doc.components.schemas.ClaimSubmission).toEqual(jsonSchemaOf(ClaimSubmissionSchema, 'input'));
    expect(doc.components.schemas.Completion).toEqual(jsonSchemaOf(CompletionSchema, 'input'));
    expect(doc.components.schemas.Claim).toEqual(jsonSchemaOf(ClaimViewSchema, 'output'));
  });

  it('says what zod refinements check, so partners see the VIN and date rules', () => {
    const submission = doc.components.schemas.ClaimSubmission as {
      properties: Record<string, Record<string, unknown>>;
      additionalProperties: boolean;
    };
    expect(submission.additionalProperties).toBe(false);
    expect(submission.properties.vin).toMatchObject({ pattern: '^[A-HJ-NPR-Z0-9]{17}$' });
    expect(submission.properties.failureDate).toMatchObject({ format: 'date' });
  });

  it('requires the Idempotency-Key header on the routes that file a claim only', () => {
    const filing = ['/v1/claims', '/v1/claims/{claimId}/resubmission'];
    for (const route of partnerRoutes) {
      const header = operation(route.method, route.path)!.parameters.find(
        (p) => p.name === 'Idempotency-Key',
      );
      if (route.method === 'POST' && filing.includes(route.path))
        expect(header).toMatchObject({ in: 'header', required: true });
      else expect(header).toBeUndefined();
    }
  });

  it('lists the problem types by their URNs', () => {
    expect(doc.components['x-problem-types'][problemTypeUri('wrongRegion')]).toEqual({
      status: 421,
      title: expect.any(String),
    });
  });
});

describe('toClaimView', () => {
  it('shows a partner its claim as the Claim schema says, without the audit trail or the customer', () => {
    const claim = {
      claimId: 'CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8',
      partnerId: 'np-himalayan-motors',
      homeRegion: 'ap-south-1',
      market: 'NP',
      vin: 'JT2BG22K1W0123456',
      odometerKm: 1000,
      failureDate: '2025-03-10',
      filedAt: '2025-03-12T08:00:00.000Z',
      repairOrderNumber: 'RO-1',
      customer: { name: 'Sita', email: 'sita@example.com', language: 'en', consent: {} },
      complaint: 'noise',
      faultCodes: [],
      lines: [
        {
          lineNo: 1,
          partNumber: 'BRK-CALIPER-10',
          quantity: 1,
          laborOperation: 'BRK-R10',
          laborHours: 1.2,
          reasons: [],
        },
        {
          lineNo: 2,
          partNumber: 'ENG-OILPUMP-01',
          quantity: 2,
          laborOperation: 'ENG-R01',
          laborHours: 3,
          decision: 'ADJUSTED',
          adjusted: { quantity: 1, laborHours: 2 },
          reasons: ['LABOUR_OVER_STANDARD'],
        },
      ],
      status: 'IN_REVIEW',
      reasons: ['LABOUR_OVER_STANDARD'],
      events: [],
      version: 3,
      createdAt: '2025-03-12T08:00:00.000Z',
      updatedAt: '2025-03-12T08:01:00.000Z',
      reservations: [],
      amounts: { claimed: { amountMinor: 150_000, currency: 'NPR' } },
    } as unknown as Claim;

    const view = toClaimView(claim);

    expect(z.strictObject(ClaimViewSchema.shape).safeParse(view).success).toBe(true);
    expect(view.lines.map((l) => l.decision)).toEqual(['PENDING', 'ADJUSTED']);
    expect(view.lines[1]!.adjusted).toEqual({ quantity: 1, laborHours: 2 });
    expect(Object.keys(view)).not.toEqual(expect.arrayContaining(['events']));
    expect(JSON.stringify(view)).not.toContain('sita@example.com');
  });
});
