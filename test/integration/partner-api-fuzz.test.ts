import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLAIM_STATUSES, ClaimSubmissionSchema, CompletionSchema } from '../../domain/claim.ts';
import { validateVin } from '../../domain/vin.ts';
import { CoverageQuerySchema, IdempotencyKeySchema } from '../../functions/partner-api/contract.ts';
import { localAws } from '../support/local-aws.ts';
import { type HttpAnswer, inParallel, partnerApi, send, tableProbe, until } from '../support/partner-api.ts';

/**
 * DESIGN §9: bad input never gives a 5xx and never writes anything. Thousands of generated bad
 * requests over HTTP (bounded concurrency), then the tables are compared with what they held
 * before: every partner's claims in every region (byPartner queries), ClaimLifecycle executions
 * (ListExecutions), and the regional idempotency record of every key the requests carried.
 */
const endpoints = inject('endpoints');
const api = partnerApi(endpoints);
const probe = tableProbe(endpoints);
const { network } = localAws();
afterAll(() => probe.close());

const SOUTH = 'ap-south-1';
const himalayan = api.partner('np-himalayan-motors');
const everest = api.partner('np-everest-auto');
const ararat = api.partner('am-ararat-auto');
const everyPartner = endpoints.partners.map((p) => p.partnerId);

const BATCH = 50;
const BATCHES = 44; // 2,200 requests
const CONCURRENCY = 8;

interface BadRequest {
  readonly what: string;
  readonly region: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body?: string | Buffer;
  /** Which partner's idempotency record this request must not create. */
  readonly idempotency?: { partnerId: string; key: string };
}

let rejectedClaimId: string;
const valid = () => api.submission(api.vehicle('NP', 'ICE'));

// ── Generators ──────────────────────────────────────────────────────────────────────────────

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const anyJson = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 }),
);

const badVin = fc
  .oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', minLength: 17, maxLength: 17 }),
    fc.stringMatching(/^[A-HJ-NPR-Z0-9]{16}[IOQa-z]$/),
    fc.stringMatching(/^[A-HJ-NPR-Z0-9]{18,25}$/),
    fc.constantFrom('', 'JT2BG22K1W012345O', 'jt2bg22k1w0123456', 'JT2BG22K1W012345', 'JT2BG22K1W0123456 '),
  )
  .filter((v) => !validateVin(v).ok);

const hugeText = fc.oneof(
  fc.integer({ min: 2_001, max: 60_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 700, max: 15_000 }).map((n) => 'नेपाल'.repeat(n)),
  fc.string({ unit: 'binary', minLength: 2_001, maxLength: 4_000 }),
);

// Deep enough to hurt a recursive validator; JSON.stringify itself recurses, so deeper ones go as raw text below.
const deepNesting = fc
  .integer({ min: 50, max: 1_500 })
  .map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`));

const fields = Object.keys(ClaimSubmissionSchema.shape) as (keyof typeof ClaimSubmissionSchema.shape)[];

/** A claim body the schema refuses: one or more fields broken in one way or another. */
const badSubmission = fc
  .array(
    fc.oneof(
      fc.record({ kind: fc.constant('drop' as const), field: fc.constantFrom(...fields) }),
      fc.record({ kind: fc.constant('retype' as const), field: fc.constantFrom(...fields), value: anyJson }),
      fc.record({
        kind: fc.constant('extra' as const),
        field: fc.string({ minLength: 1, maxLength: 20 }),
        value: anyJson,
      }),
      fc.record({ kind: fc.constant('vin' as const), value: badVin }),
      fc.record({
        kind: fc.constant('huge' as const),
        field: fc.constantFrom('complaint', 'repairOrderNumber', 'vin', 'failureDate'),
        value: hugeText,
      }),
      fc.record({
        kind: fc.constant('deep' as const),
        field: fc.constantFrom(...fields, 'extra'),
        value: deepNesting,
      }),
      fc.record({
        kind: fc.constant('line' as const),
        value: fc.record({
          partNumber: fc.oneof(fc.string(), fc.constant('brk-caliper-10')),
          quantity: fc.oneof(
            fc.integer({ max: 0 }),
            fc.integer({ min: 1000 }),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
          ),
          laborOperation: anyJson,
          laborHours: fc.oneof(
            fc.double({ min: 200.01, max: 1e300, noNaN: true }),
            fc.constant(1.234),
            fc.constant(-1),
          ),
        }),
      }),
      fc.record({
        kind: fc.constant('numbers' as const),
        odometerKm: fc.oneof(
          fc.integer({ max: -1 }),
          fc.integer({ min: 2_000_001 }),
          fc.constant(1.5),
          fc.constant(1e308),
        ),
        batteryStateOfHealthPct: fc.oneof(
          fc.constant(1e-200),
          fc.constant(100.001),
          fc.constant(-0.5),
          fc.constant(12.345),
        ),
      }),
      fc.record({
        kind: fc.constant('dates' as const),
        failureDate: fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom('2025-02-30', '2025-13-01', '25-01-01', '2025-1-1'),
        ),
      }),
      fc.record({
        kind: fc.constant('customer' as const),
        customer: fc.oneof(
          anyJson,
          fc.record({ name: fc.string(), email: fc.string(), language: fc.string(), phone: fc.string() }),
          fc.constant({ name: 'A', email: 'a@example.com', language: 'xx' }),
        ),
      }),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((changes) => {
    const body: Record<string, unknown> = { ...valid() };
    for (const c of changes) {
      switch (c.kind) {
        case 'drop':
          delete body[c.field];
          break;
        case 'retype':
        case 'extra':
        case 'deep':
          body[c.field] = c.value;
          break;
        case 'huge':
          body[c.field] = c.value;
          break;
        case 'vin':
          body.vin = c.value;
          break;
        case 'line':
          body.lines = [c.value];
          break;
        case 'numbers':
          body.odometerKm = c.odometerKm;
          body.batteryStateOfHealthPct = c.batteryStateOfHealthPct;
          break;
        case 'dates':
          body.failureDate = c.failureDate;
          break;
        case 'customer':
          body.customer = c.customer;
          break;
      }
    }
    return body;
  })
  .filter((body) => !ClaimSubmissionSchema.safeParse(body).success);

const malformedJson = fc
  .oneof(
    fc.nat().map((n) => {
      const text = JSON.stringify(valid());
      return text.slice(0, n % text.length);
    }),
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    fc.constantFrom('{', '{"vin":}', "{'vin': 'x'}", '{"a":1,}', 'NaN', '[1,2', '\u0000', '{"vin": "\\x41"}'),
  )
  .filter((text) => !isJson(text));

// Valid JSON nested tens of thousands deep, as raw text (too deep for JSON.stringify to build).
const deepText = fc
  .tuple(fc.integer({ min: 5_000, max: 30_000 }), fc.constantFrom('vin', 'lines', 'customer', 'unknown'))
  .map(([depth, field]) => `{"${field}": ${'['.repeat(depth)}${']'.repeat(depth)}}`);

const wrongRoot = fc.constantFrom('null', '[]', '42', '"a claim"', 'true', '[{}]', '""');

const oversize = fc.oneof(
  fc
    .integer({ min: 64 * 1024 + 1, max: 300_000 })
    .map((n) => JSON.stringify({ ...valid(), complaint: 'x'.repeat(n) })),
  fc
    .integer({ min: 23_000, max: 40_000 })
    .map((n) => JSON.stringify({ ...valid(), complaint: 'क'.repeat(n) })),
);

const badIdempotencyKey = fc
  .oneof(
    fc.constant(''),
    fc.integer({ min: 256, max: 2000 }).map((n) => 'k'.repeat(n)),
    fc.string({ minLength: 1, maxLength: 20 }).map((s) => `${s}\u00e9`),
    fc.constantFrom('key\twith tab', '\u00ff\u00fe', 'caf\u00e9'),
  )
  .filter((k) => !IdempotencyKeySchema.safeParse(k).success);

const badContentType = fc.constantFrom(
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'application/x-www-form-urlencoded',
  'image/png',
);

const json = (key: string) => ({ 'content-type': 'application/json', 'idempotency-key': key });
const auth = (p = himalayan) => ({ 'x-api-key': p.apiKey });

const createRequest = (
  what: string,
  body: string | Buffer,
  headers: Record<string, string | string[]>,
  opts: { region?: string; partnerId?: string; key?: string } = {},
): BadRequest => ({
  what,
  region: opts.region ?? SOUTH,
  method: 'POST',
  path: '/v1/claims',
  headers,
  body,
  ...(opts.key !== undefined && opts.partnerId
    ? { idempotency: { partnerId: opts.partnerId, key: opts.key } }
    : {}),
});

const key = fc.uuid();

const createRequests: fc.Arbitrary<BadRequest> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(badSubmission, key)
      .map(([b, k]) =>
        createRequest(
          'bad field',
          JSON.stringify(b),
          { ...auth(), ...json(k) },
          { partnerId: himalayan.partnerId, key: k },
        ),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(malformedJson, key)
      .map(([t, k]) =>
        createRequest(
          'malformed JSON',
          t,
          { ...auth(), ...json(k) },
          { partnerId: himalayan.partnerId, key: k },
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(deepText, key)
      .map(([t, k]) =>
        createRequest(
          'deeply nested',
          t,
          { ...auth(), ...json(k) },
          { partnerId: himalayan.partnerId, key: k },
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(wrongRoot, key)
      .map(([t, k]) =>
        createRequest('wrong root', t, { ...auth(), ...json(k) }, { partnerId: himalayan.partnerId, key: k }),
      ),
  },
  {
    weight: 1,
    arbitrary: key.map((k) =>
      createRequest('empty body', '', { ...auth(), ...json(k) }, { partnerId: himalayan.partnerId, key: k }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(oversize, key)
      .map(([t, k]) =>
        createRequest('oversize', t, { ...auth(), ...json(k) }, { partnerId: himalayan.partnerId, key: k }),
      ),
  },
  {
    weight: 1,
    arbitrary: badIdempotencyKey.map((k) =>
      createRequest('bad Idempotency-Key', JSON.stringify(valid()), {
        ...auth(),
        'content-type': 'application/json',
        'idempotency-key': k,
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(key, key).map(([a, b]) =>
      createRequest('two Idempotency-Keys', JSON.stringify(valid()), {
        ...auth(),
        'content-type': 'application/json',
        'idempotency-key': [a, b],
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'valueOf').map((name) =>
      createRequest('prototype-named header', JSON.stringify(valid()), {
        ...auth(),
        'content-type': 'application/json',
        [name]: 'x',
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constant(
      createRequest('no Idempotency-Key', JSON.stringify(valid()), {
        ...auth(),
        'content-type': 'application/json',
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(badContentType, key)
      .map(([type, k]) =>
        createRequest(
          'wrong Content-Type',
          JSON.stringify(valid()),
          { ...auth(), 'content-type': type, 'idempotency-key': k },
          { partnerId: himalayan.partnerId, key: k },
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.oneof(
          fc.constant(''),
          fc
            .string({ minLength: 1, maxLength: 80 })
            .filter((s) => /^[\x20-\x7e]+$/.test(s.trim()) && s.trim() === s),
        ),
        key,
      )
      .map(([apiKey, k]) =>
        createRequest('bad x-api-key', JSON.stringify(valid()), { 'x-api-key': apiKey, ...json(k) }),
      ),
  },
  { weight: 1, arbitrary: key.map((k) => createRequest('no x-api-key', JSON.stringify(valid()), json(k))) },
  {
    weight: 1,
    arbitrary: key.map((k) =>
      createRequest(
        'another region',
        JSON.stringify(valid()),
        { ...auth(), ...json(k) },
        { region: 'eu-central-1', partnerId: himalayan.partnerId, key: k },
      ),
    ),
  },
);

const claimIdLike = fc.oneof(
  fc.string({ maxLength: 60 }).filter((s) => s.length > 0),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.stringMatching(/^CLM-(ap-south-1|eu-central-1|ap-northeast-1|us-east-1)-[0-7][0-9A-HJKMNP-TV-Z]{25}$/),
  fc.constantFrom('..', '%2e%2e', 'CLM-ap-south-1-', 'clm-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8'),
);

const badCompletion = fc
  .oneof(
    anyJson,
    fc.record(
      {
        completedAt: fc.oneof(fc.string(), fc.constant('2025-01-01')),
        partsUsed: fc.oneof(
          anyJson,
          fc.array(fc.record({ partNumber: fc.string(), quantity: fc.integer() }), { maxLength: 60 }),
        ),
        laborHours: anyJson,
        notes: fc.oneof(
          fc.string(),
          hugeText.map((t) => t.repeat(2)),
        ),
        extra: anyJson,
      },
      { requiredKeys: [] },
    ),
  )
  .filter((b) => !CompletionSchema.safeParse(b).success);

const validCompletion = {
  completedAt: new Date().toISOString(),
  partsUsed: [{ partNumber: 'BRK-CALIPER-10', quantity: 1 }],
  laborHours: 1.2,
  notes: 'done',
};

const otherRequests: fc.Arbitrary<BadRequest> = fc.oneof(
  claimIdLike.map((id) => ({
    what: 'get: bad or foreign claim id',
    region: SOUTH,
    method: 'GET',
    path: `/v1/claims/${encodeURIComponent(id)}`,
    headers: auth(),
  })),
  fc
    .record(
      {
        status: fc.oneof(fc.string(), fc.constantFrom(...CLAIM_STATUSES.map((s) => s.toLowerCase()))),
        limit: fc.oneof(
          fc.integer({ max: 0 }).map(String),
          fc.integer({ min: 101 }).map(String),
          fc.string(),
        ),
        cursor: fc.oneof(
          fc.string({ minLength: 1, maxLength: 3000 }),
          fc.base64String({ minLength: 4, maxLength: 200 }),
          fc.constant(
            Buffer.from(
              JSON.stringify({
                gsi1pk: `PARTNER#${everest.partnerId}`,
                gsi1sk: 'CLAIM#z',
                pk: 'CLAIM#z',
                sk: 'CLAIM',
              }),
            ).toString('base64url'),
          ),
          fc.constant(Buffer.from('[1,2]').toString('base64url')),
        ),
        colour: fc.string(),
      },
      { requiredKeys: [] },
    )
    .filter((q) => Object.keys(q).length > 0)
    .filter(
      (q) =>
        q.cursor !== undefined ||
        q.colour !== undefined ||
        (q.status !== undefined && !(CLAIM_STATUSES as readonly string[]).includes(q.status)) ||
        (q.limit !== undefined && !/^(100|[1-9][0-9]?)$/.test(q.limit)),
    )
    .map((q) => ({
      what: 'list: bad query',
      region: SOUTH,
      method: 'GET',
      path: `/v1/claims?${new URLSearchParams(q as Record<string, string>)}`,
      headers: auth(),
    })),
  fc.tuple(fc.constantFrom('own-rejected', 'foreign', 'missing'), badCompletion).map(([target, body]) => ({
    what: `completion: bad body (${target})`,
    region: SOUTH,
    method: 'POST',
    path: `/v1/claims/${target === 'missing' ? 'CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8' : rejectedClaimId}/completion`,
    headers: { ...(target === 'foreign' ? auth(everest) : auth()), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })),
  fc.constantFrom('own-rejected', 'foreign', 'missing', 'other-region').map((target) => ({
    what: `completion: not allowed (${target})`,
    region: target === 'other-region' ? 'eu-central-1' : SOUTH,
    method: 'POST',
    path: `/v1/claims/${target === 'missing' ? 'CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8' : rejectedClaimId}/completion`,
    headers: {
      ...(target === 'foreign' ? auth(everest) : target === 'other-region' ? auth(ararat) : auth()),
      'content-type': 'application/json',
    },
    body: JSON.stringify(validCompletion),
  })),
  badVin
    .map((vin) => ({
      what: 'coverage: bad VIN',
      region: SOUTH,
      method: 'GET',
      path: `/v1/vehicles/${encodeURIComponent(vin)}/coverage`,
      headers: auth(),
    }))
    .filter((r) => !r.path.startsWith('/v1/vehicles//')),
  fc
    .record(
      {
        onDate: fc.string(),
        odometerKm: fc.oneof(fc.string(), fc.integer({ max: -1 }).map(String)),
        colour: fc.string(),
      },
      { requiredKeys: [] },
    )
    .filter((q) => Object.keys(q).length > 0 && !CoverageQuerySchema.safeParse(q).success)
    .map((q) => ({
      what: 'coverage: bad query',
      region: SOUTH,
      method: 'GET',
      path: `/v1/vehicles/${api.vehicle('NP', 'ICE')}/coverage?${new URLSearchParams(q as Record<string, string>)}`,
      headers: auth(),
    })),
  fc.constantFrom('PUT', 'DELETE', 'PATCH').chain((method) =>
    fc
      .constantFrom('/v1/claims', '/v1/claims/CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8', '/v1/openapi.json')
      .map((path) => ({
        what: 'wrong method',
        region: SOUTH,
        method,
        path,
        headers: auth(),
      })),
  ),
  fc.string({ minLength: 1, maxLength: 10 }).map((name) => ({
    what: 'openapi: unknown parameter',
    region: SOUTH,
    method: 'GET',
    path: `/v1/openapi.json?${new URLSearchParams({ [name]: '1' })}`,
    headers: auth(),
  })),
);

const badRequest = fc.oneof(
  { weight: 3, arbitrary: createRequests },
  { weight: 2, arbitrary: otherRequests },
);

// ── The property ────────────────────────────────────────────────────────────────────────────

const fire = (r: BadRequest): Promise<HttpAnswer> =>
  send(`${api.baseOf(r.region)}${r.path.slice(1)}`, {
    method: r.method,
    headers: r.headers as Record<string, string>,
    ...(r.body !== undefined ? { body: r.body } : {}),
  });

describe('the partner API under bad input', () => {
  beforeAll(async () => {
    // A claim of the partner that the workflow rejects (warranty expired): a completion target that is not SCHEDULED.
    const filed = await api.as(himalayan).fileClaim(api.submission(api.vehicle('NP', 'ICE', 'expired-time')));
    rejectedClaimId = filed.json.claimId;
    await until(async () => {
      const c = await api.as(himalayan).getClaim(rejectedClaimId);
      return c.json.status === 'REJECTED' ? true : undefined;
    }, 'the claim to be rejected');
    await network.settled();
  });

  it(`answers ${BATCH * BATCHES} generated bad requests with a 4xx and writes nothing`, async () => {
    const before = await probe.snapshot(everyPartner);
    const sent: BadRequest[] = [];
    const statuses = new Map<string, Set<number>>();

    const run = await fc.check(
      fc.asyncProperty(fc.array(badRequest, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const answers = await inParallel(batch, CONCURRENCY, fire);
        sent.push(...batch);
        batch.forEach((r, i) => {
          const status = answers[i]!.status;
          if (!statuses.has(r.what)) statuses.set(r.what, new Set());
          statuses.get(r.what)!.add(status);
        });
        const wrong = batch
          .map((r, i) => ({ r, a: answers[i]! }))
          .filter(
            ({ a }) =>
              a.status < 400 ||
              a.status >= 500 ||
              !String(a.headers['content-type']).startsWith('application/problem+json'),
          );
        if (wrong.length > 0) {
          const { r, a } = wrong[0]!;
          throw new Error(
            `${r.what}: ${r.method} ${r.path} → ${a.status} ${a.text.slice(0, 300)}\nheaders ${JSON.stringify(r.headers).slice(0, 300)}\nbody ${String(r.body ?? '').slice(0, 300)}`,
          );
        }
      }),
      { numRuns: BATCHES },
    );
    // The counterexample is a whole batch (megabytes of generated text): report the failing request only.
    if (run.failed)
      throw new Error(
        `seed ${run.seed}, path ${run.counterexamplePath}: ${(run.errorInstance as Error)?.message}`,
      );

    expect(sent.length).toBeGreaterThanOrEqual(2_000);
    await network.settled();
    expect(await probe.snapshot(everyPartner)).toEqual(before);
    const keys = sent.flatMap((r) => (r.idempotency ? [{ ...r.idempotency, region: r.region }] : []));
    const kept = await inParallel(keys, CONCURRENCY, async (k) =>
      (await probe.idempotencyRecord(k.partnerId, k.key, k.region)) ||
      (await probe.idempotencyRecord(k.partnerId, k.key, SOUTH))
        ? k
        : undefined,
    );
    expect(kept.filter(Boolean)).toEqual([]);
    // Every kind of bad request was tried, each answered by a 4xx only.
    console.info(Object.fromEntries([...statuses].map(([what, s]) => [what, [...s].sort().join(',')])));
    expect(statuses.size).toBeGreaterThanOrEqual(20);
  }, 120_000);
});
