import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays } from '../../domain/calendar.ts';
import {
  type MasterDataOperation,
  masterDataContracts,
} from '../../functions/backoffice-api/master-data-contract.ts';
import { masterDataApi, routesOf } from '../../functions/catalog.ts';
import { backoffice, signIn } from '../support/backoffice.ts';
import { type HttpAnswer, inParallel, send } from '../support/partner-api.ts';

/**
 * The master-data routes under bad requests (issue 15; DESIGN §9: bad input never gives a 5xx and
 * never writes anything). Over a thousand generated requests over HTTP: bodies the schemas refuse,
 * requests the rules refuse (an unknown market, centre, labour operation or key; a record that
 * belongs elsewhere; a plan version in the past; a currency that is not the partner's), bad CSV
 * files, bad ids, wrong roles and no token, broken JSON and media types. Then every master-data
 * item of every region (markets, partners, keys, centres, technicians, parts, labour operations,
 * warehouses, the fuzz warehouse's stock, plans, and the audit trail, which every write adds to in
 * the same transaction) must be exactly as before.
 */

const endpoints = inject('endpoints');
const regions = Object.keys(endpoints.regions);
const SOUTH = 'ap-south-1';
const JP = 'ap-northeast-1';
const today = new Date().toISOString().slice(0, 10);

const BATCH = 60;
const BATCHES = 20; // 1,200 requests
const CONCURRENCY = 8;

// ── What must not change ────────────────────────────────────────────────────────────────────

const MASTER_DATA =
  /^(MARKETS|PARTNERS|PARTNERKEYS#|APIKEY#|CENTRE#|TECHNICIAN#|PARTS|PART#|LABOROPS|LABOROP#|WAREHOUSES|PLANS|PLAN#|AUDIT#|WAREHOUSE#WH-FUZZ)/;

const docs = regions.map((region) =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region,
      endpoint: endpoints.regions[region]!.dynamodb,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  ),
);
afterAll(() => {
  for (const d of docs) d.destroy();
});

async function replicated() {
  const deadline = Date.now() + 20_000;
  while (((await (await fetch(endpoints.network)).json()) as { pending: number }).pending > 0) {
    if (Date.now() > deadline) throw new Error('replication did not settle');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every master-data item of every region (a test may Scan; the code never does). */
async function masterDataSnapshot(): Promise<Map<string, string>> {
  await replicated();
  const out = new Map<string, string>();
  for (const [i, doc] of docs.entries()) {
    let start: Record<string, unknown> | undefined;
    do {
      const res = await doc.send(new ScanCommand({ TableName: 'claimflow', ExclusiveStartKey: start }));
      for (const item of res.Items ?? [])
        if (MASTER_DATA.test(String(item.pk)))
          out.set(`${regions[i]} ${item.pk} ${item.sk}`, JSON.stringify(item));
      start = res.LastEvaluatedKey;
    } while (start);
  }
  return out;
}

// ── Valid requests, to break ────────────────────────────────────────────────────────────────

const openDay = { open: '09:00', close: '17:00' };
const week = {
  sun: 'closed',
  mon: openDay,
  tue: openDay,
  wed: openDay,
  thu: openDay,
  fri: openDay,
  sat: 'closed',
};

/** A request each write operation accepts (never sent as it is): path parameters and body. */
const VALID: Partial<Record<MasterDataOperation, { path: string; body: Record<string, unknown> }>> = {
  putMarket: {
    path: 'markets/ZZ',
    body: { name: 'Zedland', currency: 'ZZD', timeZone: 'Asia/Dhaka', languages: ['en'], region: SOUTH },
  },
  createPartner: {
    path: 'partners',
    body: {
      partnerId: 'np-fuzz-motors',
      name: 'Fuzz Motors',
      market: 'NP',
      currency: 'NPR',
      laborRate: { amountMinor: 100_000, currency: 'NPR' },
      autoApprovalLimit: { amountMinor: 1_000_000, currency: 'NPR' },
      tier: 'standard',
      contact: { name: 'Fuzz', email: 'fuzz@example.com' },
    },
  },
  changePartner: { path: 'partners/np-himalayan-motors', body: { name: 'Himalayan Motors Ltd' } },
  issueKey: { path: 'partners/np-himalayan-motors/keys', body: { label: 'fuzz' } },
  putCentre: {
    path: 'service-centres/np-fuzz-c1',
    body: {
      partnerId: 'np-himalayan-motors',
      name: 'Fuzz centre',
      address: 'Somewhere 1',
      phone: '+977 1 000',
      timeZone: 'Asia/Kathmandu',
      workingHours: week,
    },
  },
  putTechnician: {
    path: 'technicians/np-fuzz-tech',
    body: {
      name: 'Fuzz Tech',
      centreId: 'np-himalayan-motors-c1',
      skills: ['general', 'electrical'],
      certifications: [{ skill: 'electrical', expiresOn: addDays(today, 300) }],
    },
  },
  putPart: {
    path: 'parts/FUZZ-PART-01',
    body: {
      name: 'Fuzz part',
      category: 'brakes',
      supplier: 'Fuzz',
      prices: { JPY: 1000 },
      laborOperations: [],
    },
  },
  putLaborOperation: {
    path: 'labour-operations/FUZZ-R01',
    body: { description: 'Fuzz', hours: 1, skill: 'general' },
  },
  putWarehouse: { path: 'warehouses/WH-FUZZ2', body: { name: 'Fuzz depot', region: SOUTH } },
  addPlanVersion: {
    path: 'warranty-plans/fuzz-plan',
    body: {
      name: 'Fuzz plan',
      effectiveFrom: addDays(today, 30),
      terms: { basic: { months: 12, km: 10_000, categories: ['brakes'] } },
      batterySohThresholdPct: 70,
      filingWindowDays: 30,
      duplicateWindowDays: 90,
      labourTolerancePct: 120,
    },
  },
};

const methodOf = (operation: MasterDataOperation) =>
  Object.values(masterDataApi)
    .flatMap((spec) => routesOf(spec))
    .find((r) => r.operation === operation)!.method;

interface BadRequest {
  readonly what: string;
  readonly region: string;
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Who calls: the manager's token unless said otherwise. */
  readonly caller?: 'manager' | 'viewer' | 'adjuster' | 'none' | 'forged';
}

const anyJson = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 30 }),
  fc.array(fc.integer(), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 }),
);
const hugeText = fc.integer({ min: 300, max: 20_000 }).map((n) => 'x'.repeat(n));
const deep = fc.integer({ min: 20, max: 800 }).map((d) => JSON.parse(`${'['.repeat(d)}${']'.repeat(d)}`));

/** A body of `operation` that its schema refuses: fields dropped, retyped, added, blown up. */
const brokenBody = (operation: MasterDataOperation) => {
  const valid = VALID[operation]!.body;
  const fields = Object.keys(valid);
  const schema = (masterDataContracts[operation] as { body?: unknown }).body as {
    safeParse(v: unknown): { success: boolean };
  };
  return fc
    .array(
      fc.oneof(
        fc.record({ kind: fc.constant('drop' as const), field: fc.constantFrom(...fields) }),
        fc.record({ kind: fc.constant('set' as const), field: fc.constantFrom(...fields), value: anyJson }),
        fc.record({ kind: fc.constant('set' as const), field: fc.constantFrom(...fields), value: hugeText }),
        fc.record({ kind: fc.constant('set' as const), field: fc.constantFrom(...fields), value: deep }),
        fc.record({
          kind: fc.constant('set' as const),
          field: fc.string({ minLength: 1, maxLength: 12 }),
          value: anyJson,
        }),
        fc.record({ kind: fc.constant('root' as const), value: anyJson }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((changes) => {
      let body: unknown = structuredClone(valid);
      for (const c of changes) {
        if (c.kind === 'root') body = c.value;
        else if (body && typeof body === 'object' && !Array.isArray(body)) {
          if (c.kind === 'drop') delete (body as Record<string, unknown>)[c.field];
          else (body as Record<string, unknown>)[c.field] = c.value;
        }
      }
      return body;
    })
    .filter((body) => !schema.safeParse(body).success);
};

const writeOperations = Object.keys(VALID) as MasterDataOperation[];

const schemaRefused: fc.Arbitrary<BadRequest> = fc
  .constantFrom(...writeOperations)
  .chain((operation) => fc.tuple(fc.constant(operation), brokenBody(operation), fc.constantFrom(...regions)))
  .map(([operation, body, region]) => ({
    what: `${operation}: a body the schema refuses`,
    region,
    method: methodOf(operation),
    path: VALID[operation]!.path,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }));

const put = (what: string, path: string, body: unknown, method = 'PUT'): BadRequest => ({
  what,
  region: JP,
  method,
  path,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const v = (operation: MasterDataOperation) => VALID[operation]!.body;

/** Requests whose bodies are well formed but that a rule refuses (400, 404, 409). */
const ruleRefused: fc.Arbitrary<BadRequest> = fc.oneof(
  fc
    .stringMatching(/^Q[A-Z]$/)
    .map((market) =>
      put('partner in a market nobody opened', 'partners', { ...v('createPartner'), market }, 'POST'),
    ),
  fc.constant(
    put(
      'partner that exists, other data',
      'partners',
      { ...v('createPartner'), partnerId: 'np-himalayan-motors' },
      'POST',
    ),
  ),
  fc.constant(
    put(
      'partner in another region than its market',
      'partners',
      { ...v('createPartner'), homeRegion: 'eu-central-1' },
      'POST',
    ),
  ),
  fc.constant(
    put(
      'partner money in another currency',
      'partners',
      {
        ...v('createPartner'),
        laborRate: { amountMinor: 1, currency: 'JPY' },
      },
      'POST',
    ),
  ),
  fc.constant(
    put('market moved to another region than the config', 'markets/NP', {
      ...v('putMarket'),
      region: 'eu-central-1',
    }),
  ),
  fc.constant(
    put('market in a region that is not an export region', 'markets/ZZ', {
      ...v('putMarket'),
      region: 'us-east-1',
    }),
  ),
  fc.stringMatching(/^[a-z]{3,10}$/).map((p) =>
    put('centre of an unknown partner', 'service-centres/np-fuzz-c1', {
      ...v('putCentre'),
      partnerId: `nobody-${p}`,
    }),
  ),
  fc.constant(
    put('centre handed to another partner', 'service-centres/np-himalayan-motors-c1', {
      ...v('putCentre'),
      partnerId: 'np-everest-auto',
    }),
  ),
  fc.stringMatching(/^[a-z]{3,10}$/).map((c) =>
    put('technician at an unknown centre', 'technicians/np-fuzz-tech', {
      ...v('putTechnician'),
      centreId: `no-${c}`,
    }),
  ),
  fc.constant(
    put('technician moved to another centre', 'technicians/np-himalayan-motors-c1-t1', {
      ...v('putTechnician'),
      centreId: 'np-everest-auto-c1',
    }),
  ),
  fc.constant(
    put('technician on a day the centre is closed', 'technicians/np-fuzz-tech', {
      ...v('putTechnician'),
      workingDays: ['mon', 'sat'],
    }),
  ),
  fc.stringMatching(/^NO-[A-Z]{3,8}$/).map((op) =>
    put('part with an unknown labour operation', 'parts/FUZZ-PART-01', {
      ...v('putPart'),
      laborOperations: [op],
    }),
  ),
  fc.constant(
    put('warehouse moved to another region', 'warehouses/WH-KTM', { name: 'x', region: 'eu-central-1' }),
  ),
  fc.constant(
    put('warehouse of an unknown market', 'warehouses/WH-FUZZ2', { ...v('putWarehouse'), market: 'QQ' }),
  ),
  fc.constant(
    put('warehouse outside the export regions', 'warehouses/WH-FUZZ2', { name: 'x', region: 'us-east-1' }),
  ),
  fc.integer({ min: 1, max: 3000 }).map((days) =>
    put('plan version that takes effect in the past', 'warranty-plans/standard', {
      ...v('addPlanVersion'),
      effectiveFrom: addDays(today, -days),
    }),
  ),
  fc
    .stringMatching(/^[a-z]{3,10}$/)
    .map((p) => put('change an unknown partner', `partners/nobody-${p}`, { name: 'x' }, 'PATCH')),
  fc.constant(
    put(
      'partner rate in another currency',
      'partners/np-himalayan-motors',
      { laborRate: { amountMinor: 5, currency: 'JPY' } },
      'PATCH',
    ),
  ),
  fc
    .stringMatching(/^[a-z0-9]{8,20}$/)
    .map((k) =>
      put('rotate an unknown key', 'partners/np-himalayan-motors/keys', { rotates: `key-${k}` }, 'POST'),
    ),
  fc
    .stringMatching(/^[a-z]{3,10}$/)
    .map((p) => put('key for an unknown partner', `partners/nobody-${p}/keys`, {}, 'POST')),
  fc.stringMatching(/^[a-z0-9]{8,20}$/).map(
    (k): BadRequest => ({
      what: 'revoke an unknown key',
      region: SOUTH,
      method: 'DELETE',
      path: `partners/np-himalayan-motors/keys/key-${k}`,
    }),
  ),
);

const csvFiles: fc.Arbitrary<BadRequest> = fc
  .oneof(
    fc.constantFrom(
      [
        'parts',
        'partNumber,name,category,supplier,laborOperations,price.JPY\nFUZZ-1,Fuzz,brakes,Fuzz,NO-SUCH-OP,100\n',
      ],
      [
        'parts',
        'partNumber,name,category,supplier,laborOperations,price.JPY\nfuzz lower,Fuzz,brakes,Fuzz,,100\n',
      ],
      ['parts', 'partNumber,name,category\nFUZZ-1,Fuzz,brakes\n'],
      [
        'technicians',
        'technicianId,name,centreId,skills,certifications,workingDays\nfz,Fuzz,no-centre,general,,\n',
      ],
      [
        'technicians',
        'technicianId,name,centreId,skills,certifications,workingDays\nfz,Fuzz,np-himalayan-motors-c1,wizardry,,\n',
      ],
      ['stock', 'warehouseId,partNumber,onHand\nWH-NOWHERE,BRK-CALIPER-10,5\n'],
      ['stock', 'warehouseId,partNumber,onHand\nWH-FUZZ,NO-SUCH-PART,5\n'],
      ['stock', 'warehouseId,partNumber,onHand\nWH-FUZZ,BRK-CALIPER-10,-1\nWH-FUZZ,BRK-CALIPER-10,3\n'],
      ['stock', ''],
      ['vehicles', 'warehouseId,partNumber,onHand\nWH-FUZZ,BRK-CALIPER-10,5\n'],
    ),
    // A good stock row with bad ones around it: the whole file or nothing.
    fc
      .array(
        fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.string({ maxLength: 6 })),
        {
          minLength: 1,
          maxLength: 20,
        },
      )
      .map((rows) => [
        'stock',
        `warehouseId,partNumber,onHand\nWH-FUZZ,BRK-CALIPER-10,77\n${rows.map((r) => r.map((c) => JSON.stringify(c)).join(',')).join('\n')}\nWH-FUZZ,NO-SUCH-PART,1\n`,
      ]),
    fc.string({ maxLength: 300 }).map((text) => ['technicians', text]),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => ['parts', Buffer.from(bytes).toString('latin1')]),
  )
  .map(([kind, body]) => ({
    what: `import ${kind}: a file the import refuses`,
    region: SOUTH,
    method: 'POST',
    path: `imports/${kind}`,
    headers: { 'content-type': 'text/csv' },
    body,
  }));

const badIds: fc.Arbitrary<BadRequest> = fc
  .tuple(
    fc.constantFrom(
      'service-centres',
      'technicians',
      'parts',
      'labour-operations',
      'warehouses',
      'warranty-plans',
      'markets',
      'partners',
    ),
    fc.oneof(
      fc.string({ minLength: 1, maxLength: 80 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
      fc.constantFrom('..', '%2e%2e', 'a%2Fb', 'bad id', 'x'.repeat(200), 'lower-part', 'ÄÖÜ'),
    ),
    fc.constantFrom('GET', 'PUT', 'PATCH'),
  )
  .map(([collection, id, method]) => ({
    what: `${collection}: an id that is not one`,
    region: SOUTH,
    method,
    path: `${collection}/${encodeURIComponent(id)}`,
    // Node's client sends a GET body without a length, which no server can frame: bodies only on writes.
    ...(method === 'GET'
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x' }) }),
  }));

const transport: fc.Arbitrary<BadRequest> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...writeOperations),
      fc.constantFrom('text/plain', 'application/xml', 'text/csv', 'image/png'),
    )
    .map(([operation, type]) => ({
      what: `${operation}: wrong Content-Type`,
      region: SOUTH,
      method: methodOf(operation),
      path: VALID[operation]!.path,
      headers: { 'content-type': type },
      body: JSON.stringify(VALID[operation]!.body),
    })),
  fc
    .tuple(fc.constantFrom(...writeOperations), fc.string({ maxLength: 60 }))
    .filter(([, text]) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    })
    .map(([operation, text]) => ({
      what: `${operation}: malformed JSON`,
      region: SOUTH,
      method: methodOf(operation),
      path: VALID[operation]!.path,
      headers: { 'content-type': 'application/json' },
      body: text,
    })),
  fc.constantFrom(...writeOperations).map((operation) => ({
    what: `${operation}: over 64 KiB`,
    region: SOUTH,
    method: methodOf(operation),
    path: VALID[operation]!.path,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...VALID[operation]!.body, name: 'x'.repeat(70_000) }),
  })),
);

/** Valid requests by someone who may not make them: 401 without or with a forged token, 403 below manager. */
const unauthorised: fc.Arbitrary<BadRequest> = fc
  .tuple(
    fc.constantFrom(...writeOperations),
    fc.constantFrom('viewer' as const, 'adjuster' as const, 'none' as const, 'forged' as const),
  )
  .map(([operation, caller]) => ({
    what: `${operation} as ${caller}`,
    region: JP,
    method: methodOf(operation),
    path: VALID[operation]!.path,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(VALID[operation]!.body),
    caller,
  }));

const badRequests: fc.Arbitrary<BadRequest> = fc.oneof(
  { weight: 8, arbitrary: schemaRefused },
  { weight: 4, arbitrary: ruleRefused },
  { weight: 2, arbitrary: csvFiles },
  { weight: 2, arbitrary: badIds },
  { weight: 2, arbitrary: transport },
  { weight: 2, arbitrary: unauthorised },
);

// ── The run ─────────────────────────────────────────────────────────────────────────────────

describe('master-data routes under bad requests', () => {
  const tokens: Record<string, string> = {};
  let before: Map<string, string>;

  beforeAll(async () => {
    for (const role of ['manager', 'viewer', 'adjuster'] as const)
      tokens[role] = await signIn(endpoints, role);
    // A forged token: a manager's, its signature changed.
    const [h, p, s] = tokens.manager!.split('.');
    tokens.forged = `${h}.${p}.${s!.startsWith('A') ? `B${s!.slice(1)}` : `A${s!.slice(1)}`}`;
    // A warehouse no claim touches, whose stock the bad stock files name.
    const hq = backoffice(endpoints, JP, tokens.manager);
    await hq.put('warehouses/WH-FUZZ', { name: 'Fuzz depot', region: SOUTH });
    const imported = await hq.csv(
      'imports/stock',
      'warehouseId,partNumber,onHand\nWH-FUZZ,BRK-CALIPER-10,10\n',
    );
    expect(imported.status, imported.text).toBe(200);
    before = await masterDataSnapshot();
  }, 120_000);

  it('answers every one with a 4xx problem, never a 5xx, and writes nothing', async () => {
    const statuses = new Map<number, number>();
    const whats = new Set<string>();
    const batches = fc.sample(fc.array(badRequests, { minLength: BATCH, maxLength: BATCH }), {
      numRuns: BATCHES,
      seed: 15,
    });
    let sent = 0;
    for (const batch of batches) {
      const answers = await inParallel(batch, CONCURRENCY, async (r): Promise<[BadRequest, HttpAnswer]> => {
        const caller = r.caller ?? 'manager';
        const headers: Record<string, string> = { ...r.headers };
        if (caller !== 'none') headers.authorization = `Bearer ${tokens[caller]}`;
        const url = `${endpoints.backoffice.urls[r.region]}backoffice/v1/${r.path}`;
        return [
          r,
          await send(url, { method: r.method, headers, ...(r.body === undefined ? {} : { body: r.body }) }),
        ];
      });
      for (const [r, res] of answers) {
        sent++;
        whats.add(r.what);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(
          res.status,
          `${r.what}: ${r.method} ${r.path} → ${res.status} ${res.text.slice(0, 300)}`,
        ).toBeGreaterThanOrEqual(400);
        expect(res.status, `${r.what}: ${r.method} ${r.path} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
        expect(res.headers['content-type'], `${r.what}: ${r.method} ${r.path} → ${res.status}`).toBe(
          'application/problem+json',
        );
      }
    }
    expect(sent).toBeGreaterThanOrEqual(1_000);
    // Every kind of refusal was exercised.
    for (const status of [400, 401, 403, 404, 409, 413, 415, 422])
      expect(statuses.get(status), `status ${status}`).toBeGreaterThan(0);
    expect(whats.size).toBeGreaterThan(40);

    const after = await masterDataSnapshot();
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (k) => before.get(k) !== after.get(k),
    );
    expect(changed).toEqual([]);
  }, 900_000);
});
