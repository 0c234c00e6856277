import { afterAll, describe, expect, inject, it } from 'vitest';
import { functionCatalog, routesOf } from '../../functions/catalog.ts';
import { partnerApiDocument } from '../../functions/partner-api/openapi-document.ts';
import { parseServerTiming } from '../../functions/shared/server-timing.ts';
import { partnerApi, send, tableProbe, until } from '../support/partner-api.ts';

const endpoints = inject('endpoints');
const api = partnerApi(endpoints);
const probe = tableProbe(endpoints);
afterAll(() => probe.close());

const SOUTH = 'ap-south-1';
const EU = 'eu-central-1';
const himalayan = api.partner('np-himalayan-motors');
const everest = api.partner('np-everest-auto'); // same region, another partner
const ararat = api.partner('am-ararat-auto'); // another region
const asHimalayan = api.as(himalayan);
const asEverest = api.as(everest);

const problemJson = 'application/problem+json';

describe('POST /v1/claims', () => {
  it('files a claim: 201, Location, the claim view, and the claim reaches its workflow', async () => {
    const vin = api.vehicle('NP', 'ICE');
    const res = await asHimalayan.fileClaim(api.submission(vin));

    expect(res.status).toBe(201);
    const claim = res.json;
    expect(claim).toMatchObject({ status: 'RECEIVED', homeRegion: SOUTH, vin, reasons: [] });
    expect(claim.claimId).toMatch(/^CLM-ap-south-1-/);
    expect(claim.lines).toEqual([
      {
        lineNo: 1,
        partNumber: 'BRK-CALIPER-10',
        quantity: 1,
        laborOperation: 'BRK-R10',
        laborHours: 1.2,
        decision: 'PENDING',
        reasons: [],
      },
    ]);
    expect(res.headers.location).toBe(`/v1/claims/${claim.claimId}`);
    expect(res.headers['idempotent-replayed']).toBe('false');
    expect([...parseServerTiming(String(res.headers['server-timing'])).keys()]).toEqual(
      expect.arrayContaining(['validate', 'db-write', 'sfn-start']),
    );

    const moved = await until(async () => {
      const r = await asHimalayan.getClaim(claim.claimId);
      return r.json?.status !== 'RECEIVED' ? r.json : undefined;
    }, 'the claim to leave RECEIVED');
    expect(['APPROVED', 'IN_REVIEW', 'AWAITING_PARTS', 'SCHEDULED', 'REJECTED']).toContain(moved.status);
    expect(moved.lines[0].decision).not.toBe('PENDING');
  });

  it('answers a replay of the same key and body with the same claim and starts no second execution', async () => {
    const key = crypto.randomUUID();
    const body = api.submission(api.vehicle('NP', 'ICE'));
    const first = await asHimalayan.fileClaim(body, key);
    const count = await probe.claimCount(himalayan.partnerId, SOUTH);

    const replays = await Promise.all([1, 2, 3].map(() => asHimalayan.fileClaim(body, key)));

    for (const replay of replays) {
      expect(replay.status).toBe(201);
      expect(replay.json.claimId).toBe(first.json.claimId);
      expect(replay.headers['idempotent-replayed']).toBe('true');
    }
    expect(await probe.claimCount(himalayan.partnerId, SOUTH)).toBe(count);
    const runs = (await probe.executions(SOUTH)).filter((n) => n.startsWith(first.json.claimId));
    expect(runs).toEqual([`${first.json.claimId}-e1-r1`]);
  });

  it('refuses the same key with another body (409) and writes nothing', async () => {
    const key = crypto.randomUUID();
    const body = api.submission(api.vehicle('NP', 'ICE'));
    const first = await asHimalayan.fileClaim(body, key);
    expect(first.status).toBe(201);
    const before = await probe.snapshot([himalayan.partnerId]);

    const res = await asHimalayan.fileClaim({ ...body, odometerKm: body.odometerKm + 1 }, key);

    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toBe(problemJson);
    expect(res.json).toMatchObject({ type: 'urn:claimflow:problem:conflict', status: 409 });
    expect(res.json.errors).toEqual([{ header: 'Idempotency-Key', detail: expect.any(String) }]);
    expect(await probe.snapshot([himalayan.partnerId])).toEqual(before);
  });

  it('names each bad field with a JSON Pointer and writes nothing', async () => {
    const key = crypto.randomUUID();
    const body = { ...api.submission('JT2BG22K1W012345O'), odometerKm: -1, colour: 'red' };
    body.lines = [{ ...body.lines[0]!, quantity: 0 }];

    const res = await asHimalayan.fileClaim(body, key);

    expect(res.status).toBe(400);
    expect(res.json.type).toBe('urn:claimflow:problem:validation');
    expect(res.json.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(
      ['/colour', '/lines/0/quantity', '/odometerKm', '/vin'].sort(),
    );
    expect(await probe.idempotencyRecord(himalayan.partnerId, key, SOUTH)).toBeUndefined();
  });

  it('requires an Idempotency-Key header of printable characters', async () => {
    const body = JSON.stringify(api.submission(api.vehicle('NP', 'ICE')));
    const headers = { 'x-api-key': himalayan.apiKey, 'content-type': 'application/json' };
    const missing = await send(`${asHimalayan.base}v1/claims`, { method: 'POST', headers, body });
    const tooLong = await send(`${asHimalayan.base}v1/claims`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': 'k'.repeat(256) },
      body,
    });
    for (const res of [missing, tooLong]) {
      expect(res.status).toBe(400);
      expect(res.json.errors).toEqual([{ header: 'Idempotency-Key', detail: expect.any(String) }]);
    }
  });

  it("refuses a partner on another region's API with its home region (421), writing nothing", async () => {
    const before = await probe.snapshot([himalayan.partnerId]);
    const res = await api.as(himalayan, EU).fileClaim(api.submission(api.vehicle('NP', 'ICE')));
    expect(res.status).toBe(421);
    expect(res.json).toMatchObject({ type: 'urn:claimflow:problem:wrong-region', homeRegion: SOUTH });
    expect(await probe.snapshot([himalayan.partnerId])).toEqual(before);
  });

  it('refuses a body over 64 KiB (413) and a body that is not JSON (400, 415)', async () => {
    const big = await asHimalayan.fileClaim(
      api.submission(api.vehicle('NP', 'ICE'), { complaint: 'x'.repeat(70_000) }),
    );
    expect(big.status).toBe(413);
    const headers = { 'x-api-key': himalayan.apiKey, 'idempotency-key': crypto.randomUUID() };
    const broken = await send(`${asHimalayan.base}v1/claims`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"vin": "JT2BG22K1W0123456",',
    });
    expect(broken.status).toBe(400);
    expect(broken.json.type).toBe('urn:claimflow:problem:malformed-json');
    const form = await send(`${asHimalayan.base}v1/claims`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'vin=JT2BG22K1W0123456',
    });
    expect(form.status).toBe(415);
  });
});

describe('GET /v1/claims and /v1/claims/{claimId}', () => {
  it('lists the partner’s own claims newest first, page by page, and by status', async () => {
    const filed = [];
    for (let i = 0; i < 3; i++)
      filed.push((await asEverest.fileClaim(api.submission(api.vehicle('NP', 'HYBRID')))).json.claimId);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await asEverest.listClaims(
        `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.items.map((c: { claimId: string }) => c.claimId));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen.slice(0, 3)).toEqual([...filed].reverse());
    expect(new Set(seen).size).toBe(seen.length);

    // A status filter: a rejected claim (warranty expired) stays REJECTED, so the answer is stable.
    const rejected = (await asEverest.fileClaim(api.submission(api.vehicle('NP', 'ICE', 'expired-time'))))
      .json.claimId;
    await until(
      async () => ((await asEverest.getClaim(rejected)).json.status === 'REJECTED' ? true : undefined),
      'REJECTED',
    );
    const onlyRejected = await asEverest.listClaims('?status=REJECTED&limit=100');
    expect(onlyRejected.status).toBe(200);
    expect(onlyRejected.json.items.map((c: { claimId: string }) => c.claimId)).toContain(rejected);
    expect(onlyRejected.json.items.every((c: { status: string }) => c.status === 'REJECTED')).toBe(true);
    expect(onlyRejected.json.items.map((c: { claimId: string }) => c.claimId)).not.toContain(filed[0]);
  });

  it('refuses a cursor it did not issue, and a bad status or limit, with 400', async () => {
    const forged = Buffer.from(
      JSON.stringify({
        gsi1pk: `PARTNER#${himalayan.partnerId}`,
        gsi1sk: 'CLAIM#x',
        pk: 'CLAIM#x',
        sk: 'CLAIM',
      }),
    ).toString('base64url');
    for (const q of [
      `?cursor=${forged}`,
      '?cursor=%%%',
      '?status=LOST',
      '?limit=0',
      '?limit=101',
      '?limit=1&limit=2',
      '?colour=red',
    ]) {
      const res = await asEverest.listClaims(q);
      expect(res.status, q).toBe(400);
      expect(res.json.errors[0].parameter, q).toBeDefined();
    }
  });

  it('answers a claim id of another region with that region (421), and a malformed one with 400', async () => {
    const other = await asHimalayan.getClaim('CLM-eu-central-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8');
    expect(other.status).toBe(421);
    expect(other.json.homeRegion).toBe(EU);
    const malformed = await asHimalayan.getClaim('not-a-claim');
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors).toEqual([{ parameter: 'claimId', detail: expect.any(String) }]);
  });
});

describe('POST /v1/claims/{claimId}/completion', () => {
  it('accepts the repair of a SCHEDULED claim (202) and refuses it before (409)', async () => {
    const filed = await asHimalayan.fileClaim(api.submission(api.vehicle('NP', 'EV')));
    const { claimId } = filed.json;
    const completion = {
      completedAt: new Date().toISOString(),
      partsUsed: [{ partNumber: 'BRK-CALIPER-10', quantity: 1 }],
      laborHours: 1.2,
      notes: 'caliper replaced',
    };
    const early = await asHimalayan.completeRepair(claimId, completion);
    // The workflow may be quick: early is 409 unless the claim was already SCHEDULED.
    if (early.status !== 202) {
      expect(early.status).toBe(409);
      expect(early.json.type).toBe('urn:claimflow:problem:conflict');
    }

    await until(
      async () => ((await asHimalayan.getClaim(claimId)).json.status === 'SCHEDULED' ? true : undefined),
      'SCHEDULED',
    );
    const res = await asHimalayan.completeRepair(claimId, completion);
    expect(res.status).toBe(202);
    expect(res.json.claimId).toBe(claimId);

    const settled = await until(async () => {
      const c = (await asHimalayan.getClaim(claimId)).json;
      return ['SETTLED', 'CLOSED'].includes(c.status) ? c : undefined;
    }, 'settlement');
    expect(settled.amounts.settled.currency).toBe('NPR');
    expect(settled.appointment.centreId).toBe(`${himalayan.partnerId}-c1`);
  });
});

describe('GET /v1/vehicles/{vin}/coverage', () => {
  it('tells what the plan still covers, term by term', async () => {
    const res = await asHimalayan.coverage(api.vehicle('NP', 'EV'), '?odometerKm=155000');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ powertrain: 'EV', market: 'NP' });
    const terms = Object.fromEntries(res.json.terms.map((t: { term: string }) => [t.term, t]));
    expect(terms['ev-battery']).toMatchObject({
      expiredByTime: false,
      expiredByDistance: false,
      batterySohBelowPct: 70,
    });
    expect(terms.basic).toMatchObject({ expiredByDistance: true });
  });

  it('answers an unknown VIN with 404 and a malformed one with 400', async () => {
    expect((await asHimalayan.coverage('JT2BG22K1W0999999')).status).toBe(404);
    const bad = await asHimalayan.coverage('jt2bg22k1w0999999');
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([{ parameter: 'vin', detail: expect.stringMatching(/capital/) }]);
  });
});

describe('GET /v1/openapi.json', () => {
  it('serves the document generated from the zod schemas', async () => {
    const res = await asHimalayan.openApi();
    expect(res.status).toBe(200);
    expect(res.json).toEqual(partnerApiDocument());
  });
});

describe('the local gateway', () => {
  it('answers an unknown route with 404 and a wrong method with 405, as problem+json', async () => {
    const missing = await send(`${asHimalayan.base}v1/nothing`, {
      headers: { 'x-api-key': himalayan.apiKey },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe(problemJson);
    const wrong = await send(`${asHimalayan.base}v1/openapi.json`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET');
  });
});

// ── Authentication and tenancy ──────────────────────────────────────────────────────────────

const routes = functionCatalog.filter((f) => f.kind === 'partner-api').flatMap(routesOf);
const anyClaimId = 'CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8';
const urlOf = (path: string) =>
  `${api.baseOf(SOUTH)}${path.slice(1).replace('{claimId}', anyClaimId).replace('{vin}', 'JT2BG22K1W0123456')}`;

describe('every route', () => {
  // Save the health route, which Route 53's checkers call without a key (test/integration/region-health.test.ts).
  it.each(routes.filter((r) => !r.public).map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s refuses a missing key (401) and a wrong one (403)',
    async (_, route) => {
      const headers = { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() };
      const body = route.method === 'POST' ? '{}' : undefined;
      const none = await send(urlOf(route.path), { method: route.method, headers, body });
      const wrong = await send(urlOf(route.path), {
        method: route.method,
        headers: { ...headers, 'x-api-key': `${himalayan.apiKey}x` },
        body,
      });
      expect([none.status, wrong.status]).toEqual([401, 403]);
      for (const res of [none, wrong]) expect(res.headers['content-type']).toBe(problemJson);
    },
  );
});

describe('tenancy: no partner reads or writes another partner’s claims', () => {
  // Every route × the owner and another partner of the same region. Coverage and the OpenAPI
  // document are not partner data: both partners get the same answer.
  it('holds for every route', async () => {
    const filed = await asHimalayan.fileClaim(api.submission(api.vehicle('NP', 'ICE')));
    const { claimId } = filed.json;
    const owner = await until(async () => {
      const c = (await asHimalayan.getClaim(claimId)).json;
      return c.status !== 'RECEIVED' ? c : undefined;
    }, 'the workflow to decide');
    const completion = { completedAt: new Date().toISOString(), partsUsed: [], laborHours: 1, notes: 'x' };
    const before = await probe.snapshot([himalayan.partnerId, everest.partnerId]);

    const table: Record<string, { himalayan: number | string; everest: number | string }> = {};
    const key = crypto.randomUUID();
    for (const route of routes) {
      const row = `${route.method} ${route.path}`;
      const outcome = async (who: ReturnType<typeof api.as>) => {
        switch (row) {
          case 'GET /v1/claims/{claimId}':
            return (await who.getClaim(claimId)).status;
          case 'GET /v1/claims': {
            const res = await who.listClaims('?limit=100');
            return res.json.items.some((c: { claimId: string }) => c.claimId === claimId)
              ? 'sees it'
              : 'does not see it';
          }
          case 'POST /v1/claims/{claimId}/completion':
            // Neither may complete it now (not SCHEDULED for the owner: 409, if it still is; the other: 404).
            return (await who.completeRepair(claimId, completion)).status === 404 ? 404 : 'not 404';
          case 'POST /v1/claims':
            // The owner's Idempotency-Key used by the other partner is just another key: it cannot reach the owner's claim.
            return (await who.fileClaim({ ...api.submission(api.vehicle('NP', 'ICE')), faultCodes: [] }, key))
              .json.claimId === claimId
              ? 'got the owner claim'
              : 'own claim';
          case 'POST /v1/claims/{claimId}/resubmission': {
            // The owner is refused for the claim's state (409, not REJECTED); the other cannot find it.
            const res = await who.call(
              'POST',
              `v1/claims/${claimId}/resubmission`,
              api.submission(api.vehicle('NP', 'ICE')),
              {
                'idempotency-key': crypto.randomUUID(),
              },
            );
            return res.status === 404 ? 404 : 'not 404';
          }
          // Webhooks are each partner's own: setting, reading and rotating touch only the caller's.
          case 'PUT /v1/webhook':
            return (
              await who.call('PUT', 'v1/webhook', {
                url: `http://127.0.0.1:9/${who === asHimalayan ? 'himalayan' : 'everest'}`,
                events: ['claim.settled'],
              })
            ).status;
          case 'GET /v1/webhook': {
            const res = await who.call('GET', 'v1/webhook');
            return String(res.json.url).endsWith(who === asHimalayan ? '/himalayan' : '/everest')
              ? 'own'
              : 'other';
          }
          case 'POST /v1/webhook/rotate-secret': {
            const res = await who.call('POST', 'v1/webhook/rotate-secret');
            return String(res.json.url).endsWith(who === asHimalayan ? '/himalayan' : '/everest')
              ? 'own'
              : 'other';
          }
          case 'GET /v1/webhook/deliveries': {
            const res = await who.call('GET', 'v1/webhook/deliveries?limit=100');
            const seen = (res.json.items as { claimId: string }[]).some((d) => d.claimId === claimId);
            return who === asEverest && seen ? 'sees the owner claim' : res.status;
          }
          case 'GET /v1/vehicles/{vin}/coverage':
            return (await who.coverage(api.vehicle('NP', 'ICE'))).status;
          case 'GET /v1/openapi.json':
            return (await who.openApi()).status;
          // The region's health is no partner's: a key, any key, changes nothing.
          case 'GET /v1/health':
            return (await who.call('GET', 'v1/health')).json.region;
          // Campaigns are the market's, not a partner's: both NP partners see NP's, and only those.
          case 'GET /v1/campaigns':
            return (await who.call('GET', 'v1/campaigns')).json.market;
          default:
            throw new Error(`no tenancy case for ${row}: add one`);
        }
      };
      table[row] = { everest: await outcome(asEverest), himalayan: await outcome(asHimalayan) };
    }

    expect(table).toEqual({
      'POST /v1/claims': { everest: 'own claim', himalayan: 'own claim' },
      'GET /v1/claims/{claimId}': { everest: 404, himalayan: 200 },
      'GET /v1/claims': { everest: 'does not see it', himalayan: 'sees it' },
      'POST /v1/claims/{claimId}/completion': { everest: 404, himalayan: 'not 404' },
      'POST /v1/claims/{claimId}/resubmission': { everest: 404, himalayan: 'not 404' },
      'PUT /v1/webhook': { everest: 201, himalayan: 201 },
      'GET /v1/webhook': { everest: 'own', himalayan: 'own' },
      'POST /v1/webhook/rotate-secret': { everest: 'own', himalayan: 'own' },
      'GET /v1/webhook/deliveries': { everest: 200, himalayan: 200 },
      'GET /v1/vehicles/{vin}/coverage': { everest: 200, himalayan: 200 },
      'GET /v1/openapi.json': { everest: 200, himalayan: 200 },
      'GET /v1/health': { everest: SOUTH, himalayan: SOUTH },
      'GET /v1/campaigns': { everest: 'NP', himalayan: 'NP' },
    });
    // The other partner's attempts changed nothing of the owner's claim.
    const after = (await asHimalayan.getClaim(claimId)).json;
    expect(after.claimId).toBe(owner.claimId);
    const afterCounts = await probe.snapshot([himalayan.partnerId, everest.partnerId]);
    expect(afterCounts.claims[`${himalayan.partnerId}@${SOUTH}`]).toBe(
      before.claims[`${himalayan.partnerId}@${SOUTH}`]! + 1,
    );
    expect(afterCounts.claims[`${everest.partnerId}@${SOUTH}`]).toBe(
      before.claims[`${everest.partnerId}@${SOUTH}`]! + 1,
    );
  });

  it('refuses a partner of another region a claim of this one, on either API', async () => {
    const filed = await asHimalayan.fileClaim(api.submission(api.vehicle('NP', 'ICE')));
    const { claimId } = filed.json;
    expect((await api.as(ararat, SOUTH).getClaim(claimId)).status).toBe(404);
    const onOwnApi = await api.as(ararat).getClaim(claimId);
    expect(onOwnApi.status).toBe(421);
    expect(onOwnApi.json.homeRegion).toBe(SOUTH);
  });
});

describe('numbers the table cannot store', () => {
  it('refuses a battery state of health below DynamoDB’s smallest number with 400, not a 5xx', async () => {
    const key = crypto.randomUUID();
    const res = await asHimalayan.fileClaim(
      api.submission(api.vehicle('NP', 'EV'), { batteryStateOfHealthPct: 1e-200 }),
      key,
    );
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ pointer: '/batteryStateOfHealthPct', detail: expect.any(String) }]);
    expect(await probe.idempotencyRecord(himalayan.partnerId, key, SOUTH)).toBeUndefined();
  });
});
