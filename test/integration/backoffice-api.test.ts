import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  idTokenPayload,
  LOCAL_CONSOLE_CLIENT_ID,
  loadSigningKey,
  signIdToken,
} from '../../local/identity/identity-provider.ts';
import { partnerApi, send, until } from '../support/partner-api.ts';

const endpoints = inject('endpoints');
const dataDir = inject('dataDir');
const api = partnerApi(endpoints);

const JP = 'ap-northeast-1';
const SOUTH = 'ap-south-1';
const problemJson = 'application/problem+json';
const yokohama = api.as(api.partner('jp-yokohama-export'));

const tokenOf = (role: string) => endpoints.backoffice.users.find((u) => u.role === role)!.token;
// Tokens made here with the runtime's own signing key (the data folder's), or with a stranger's.
const signingKey = loadSigningKey(dataDir);
const strangerDir = mkdtempSync(join(tmpdir(), 'cf-stranger-'));
afterAll(() => rmSync(strangerDir, { recursive: true, force: true }));
const manager = { email: 'manager@claimflow.example', role: 'manager' as const };
const idToken = (
  over: { issuer?: string; ttlSeconds?: number; now?: Date; groups?: string[] } = {},
  key = signingKey,
) =>
  signIdToken(key, {
    ...idTokenPayload(manager, {
      issuer: over.issuer ?? endpoints.backoffice.identity,
      audience: LOCAL_CONSOLE_CLIENT_ID,
      secret: 'test',
      ttlSeconds: over.ttlSeconds ?? 3600,
      ...(over.now ? { now: over.now } : {}),
    }),
    ...(over.groups ? { 'cognito:groups': over.groups } : {}),
  });
const forged = idToken({}, loadSigningKey(strangerDir));
const expired = idToken({ ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) });
const otherIssuer = idToken({ issuer: 'https://someone-else.example' });
const noGroup = idToken({ groups: ['partners'] });

type Caller = 'viewer' | 'adjuster' | 'manager' | 'no token' | 'bad token';
const headersFor = (caller: Caller): Record<string, string> =>
  caller === 'no token'
    ? {}
    : { authorization: `Bearer ${caller === 'bad token' ? forged : tokenOf(caller)}` };

const bo = (region: string) => {
  const base = `${endpoints.backoffice.urls[region]}backoffice/v1/`;
  return {
    get: (path: string, caller: Caller | string = 'manager') =>
      send(`${base}${path}`, {
        headers: caller.includes('.') ? { authorization: `Bearer ${caller}` } : headersFor(caller as Caller),
      }),
    post: (path: string, body: unknown, caller: Caller = 'manager') =>
      send(`${base}${path}`, {
        method: 'POST',
        headers: { ...headersFor(caller), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
};

// 65,000 yen a valve body + 4 h × 9,000 yen: 2 bodies 166,000 yen (over Yokohama's 150,000 yen
// auto-approval limit, within the adjuster's 200,000), 3 bodies 231,000 yen (over both).
const valveBodyClaim = async (quantity: number) => {
  const filed = await yokohama.fileClaim(
    api.submission(api.vehicle('JP', 'HYBRID'), {
      lines: [{ partNumber: 'TRN-VALVEBODY-02', quantity, laborOperation: 'TRN-R02', laborHours: 4 }],
    }),
  );
  expect(filed.status).toBe(201);
  return filed.json.claimId as string;
};

const claimIn = async (region: string, claimId: string) => {
  const res = await bo(region).get(`claims/${claimId}`);
  expect(res.status).toBe(200);
  return res.json.claim;
};

const untilStatus = (region: string, claimId: string, status: string) =>
  until(async () => {
    const claim = await claimIn(region, claimId);
    return claim.status === status ? claim : undefined;
  }, `${claimId} to be ${status}`);

const NO_SUCH_CLAIM = `CLM-${JP}-01JD3ZQ6T8X1V9K2M4N5P6R7S8`;

describe('who may call which back-office route', () => {
  const callers: Caller[] = ['viewer', 'adjuster', 'manager', 'no token', 'bad token'];
  let claimId = '';
  const claimOnce = async () => {
    claimId ||= await valveBodyClaim(1);
    await until(async () => {
      const c = await claimIn(JP, claimId);
      return c.status !== 'RECEIVED' && c.status !== 'IN_REVIEW' ? c : undefined;
    }, 'the small claim to be decided');
    return claimId;
  };

  const routes: {
    route: string;
    call: (caller: Caller) => Promise<{ status: number; headers: Record<string, unknown> }>;
    expected: Record<Caller, number>;
  }[] = [
    {
      route: 'GET /backoffice/v1/claims',
      call: (c) => bo(JP).get('claims?status=IN_REVIEW', c),
      expected: { viewer: 200, adjuster: 200, manager: 200, 'no token': 401, 'bad token': 401 },
    },
    {
      route: 'GET /backoffice/v1/claims/{claimId}',
      call: async (c) => bo(JP).get(`claims/${await claimOnce()}`, c),
      expected: { viewer: 200, adjuster: 200, manager: 200, 'no token': 401, 'bad token': 401 },
    },
    {
      // The claim was approved automatically: whoever may review meets 409 (no open review).
      route: 'POST /backoffice/v1/claims/{claimId}/review',
      call: async (c) => bo(JP).post(`claims/${await claimOnce()}/review`, { outcome: 'REJECTED' }, c),
      expected: { viewer: 403, adjuster: 409, manager: 409, 'no token': 401, 'bad token': 401 },
    },
    {
      route: 'POST /backoffice/v1/warehouses/{warehouseId}/restock',
      call: (c) =>
        bo(JP).post('warehouses/WH-YOK/restock', { partNumber: 'TRN-VALVEBODY-02', quantity: 1 }, c),
      expected: { viewer: 403, adjuster: 403, manager: 200, 'no token': 401, 'bad token': 401 },
    },
    {
      route: 'GET /backoffice/v1/queues',
      call: (c) => bo(JP).get('queues', c),
      expected: { viewer: 200, adjuster: 200, manager: 200, 'no token': 401, 'bad token': 401 },
    },
    {
      route: 'GET /backoffice/v1/workflow',
      call: (c) => bo(JP).get('workflow', c),
      expected: { viewer: 200, adjuster: 200, manager: 200, 'no token': 401, 'bad token': 401 },
    },
    {
      route: 'GET /backoffice/v1/openapi.json',
      call: (c) => bo(JP).get('openapi.json', c),
      expected: { viewer: 200, adjuster: 200, manager: 200, 'no token': 401, 'bad token': 401 },
    },
    {
      // A claim id of this region that names no claim: past the role check, 404 (nothing to cancel).
      route: 'POST /backoffice/v1/claims/{claimId}/cancel',
      call: (c) => bo(JP).post(`claims/${NO_SUCH_CLAIM}/cancel`, { reason: 'role check' }, c),
      expected: { viewer: 403, adjuster: 404, manager: 404, 'no token': 401, 'bad token': 401 },
    },
    {
      route: 'POST /backoffice/v1/claims/{claimId}/redrive',
      call: (c) => bo(JP).post(`claims/${NO_SUCH_CLAIM}/redrive`, {}, c),
      expected: { viewer: 403, adjuster: 403, manager: 404, 'no token': 401, 'bad token': 401 },
    },
  ];

  for (const { route, call, expected } of routes)
    for (const caller of callers)
      it(`${route} as ${caller} answers ${expected[caller]}`, async () => {
        const res = await call(caller);
        expect(res.status).toBe(expected[caller]);
        if (expected[caller] >= 400) expect(res.headers['content-type']).toBe(problemJson);
      });

  it('serves its OpenAPI document, with the bearer scheme and the role of each route', async () => {
    const res = await bo(SOUTH).get('openapi.json', 'viewer');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    expect(res.json.components.securitySchemes.staffToken).toMatchObject({ scheme: 'bearer' });
    expect(res.json.paths['/backoffice/v1/claims/{claimId}/review'].post['x-required-role']).toBe('adjuster');
  });

  it.each([
    ['expired', expired],
    ['from another issuer', otherIssuer],
    ['not a JWT', 'abc.def'],
  ])('refuses a token that is %s (401)', async (_what, token) => {
    const res = await bo(JP).get('claims?status=IN_REVIEW', token);
    expect(res.status).toBe(401);
    expect(res.json.type).toBe('urn:claimflow:problem:unauthenticated');
  });

  it('refuses a valid token of a user in no staff group with 403, not 401', async () => {
    const res = await bo(JP).get('claims?status=IN_REVIEW', noGroup);
    expect(res.status).toBe(403);
    expect(res.json.type).toBe('urn:claimflow:problem:role-forbidden');
  });
});

describe('signing in at the local identity provider', () => {
  const identity = endpoints.backoffice.identity;
  const consoleOrigin = new URL(endpoints.backoffice.urls[JP]!).origin;
  const login = (body: unknown, headers: Record<string, string> = {}) =>
    send(`${identity}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('gives an ID token for a right password that the back-office API accepts in every region', async () => {
    const adjuster = endpoints.backoffice.users.find((u) => u.role === 'adjuster')!;
    const res = await login({ email: adjuster.email, password: adjuster.password });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      idToken: expect.any(String),
      expiresIn: 28_800,
      email: adjuster.email,
      role: 'adjuster',
    });
    const claims = JSON.parse(Buffer.from(res.json.idToken.split('.')[1], 'base64url').toString('utf8'));
    expect(claims).toMatchObject({
      iss: identity,
      aud: LOCAL_CONSOLE_CLIENT_ID,
      token_use: 'id',
      email: adjuster.email,
      'cognito:groups': ['adjuster'],
      'custom:approval_limits': JSON.stringify(adjuster.approvalLimits),
    });
    for (const region of [JP, SOUTH]) {
      const queue = await bo(region).get('claims?status=IN_REVIEW', res.json.idToken);
      expect(queue.status).toBe(200);
    }
  });

  it('refuses a wrong password and an unknown email alike (401 problem+json)', async () => {
    const wrong = await login({ email: 'manager@claimflow.example', password: 'guess' });
    const unknown = await login({ email: 'nobody@claimflow.example', password: 'guess' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe(problemJson);
      expect(res.json.detail).toBe('the email or the password is wrong');
    }
  });

  it('publishes the public key that signs the tokens', async () => {
    const res = await send(`${identity}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    expect(res.json.keys).toEqual([
      expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: signingKey.kid }),
    ]);
  });

  it("answers CORS for the console's origin only, at login and on every region's back-office routes", async () => {
    const preflight = (url: string, origin: string) =>
      send(url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
    const loginPreflight = await preflight(`${identity}/login`, consoleOrigin);
    const routePreflight = await preflight(
      `${endpoints.backoffice.urls[SOUTH]}backoffice/v1/claims/CLM-x/review`,
      consoleOrigin,
    );
    const stranger = await preflight(
      `${endpoints.backoffice.urls[SOUTH]}backoffice/v1/claims`,
      'http://evil.example',
    );
    const answer = await send(`${endpoints.backoffice.urls[SOUTH]}backoffice/v1/claims?status=IN_REVIEW`, {
      headers: { origin: consoleOrigin, authorization: `Bearer ${tokenOf('viewer')}` },
    });

    expect(loginPreflight.headers['access-control-allow-origin']).toBe(consoleOrigin);
    expect(routePreflight.status).toBe(204);
    expect(routePreflight.headers['access-control-allow-origin']).toBe(consoleOrigin);
    expect(routePreflight.headers['access-control-allow-headers']).toContain('authorization');
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    expect(answer.headers['access-control-allow-origin']).toBe(consoleOrigin);
  });
});

describe('restock', () => {
  it('refuses an unknown warehouse or a part it does not carry (404)', async () => {
    const unknown = await bo(JP).post('warehouses/WH-NOWHERE/restock', {
      partNumber: 'TRN-VALVEBODY-02',
      quantity: 1,
    });
    const part = await bo(JP).post('warehouses/WH-YOK/restock', { partNumber: 'NO-SUCH-PART', quantity: 1 });
    expect([unknown.status, part.status]).toEqual([404, 404]);
    expect(part.json.detail).toContain('does not carry');
  });
});

describe('reviews by staff', () => {
  it('lists the review queue of a region, oldest change first', async () => {
    const claimId = await valveBodyClaim(2);
    await untilStatus(JP, claimId, 'IN_REVIEW');

    const res = await bo(JP).get(`claims?status=IN_REVIEW&region=${JP}`, 'viewer');

    expect(res.status).toBe(200);
    const ids = res.json.items.map((c: { claimId: string }) => c.claimId);
    expect(ids).toContain(claimId);
    const times = res.json.items.map((c: { updatedAt: string }) => c.updatedAt);
    expect(times).toEqual([...times].sort());
    await bo(JP).post(`claims/${claimId}/review`, { outcome: 'REJECTED', note: 'test cleanup' }, 'manager');
  });

  it('refuses an adjuster approving above the limit (422, the limit in the detail) and leaves the claim in review', async () => {
    const claimId = await valveBodyClaim(3);
    await untilStatus(JP, claimId, 'IN_REVIEW');

    const res = await bo(JP).post(`claims/${claimId}/review`, { outcome: 'APPROVED' }, 'adjuster');

    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toBe(problemJson);
    expect(res.json.type).toBe('urn:claimflow:problem:approval-limit-exceeded');
    expect(res.json.detail).toContain('200000 JPY');
    const after = await claimIn(JP, claimId);
    expect(after.status).toBe('IN_REVIEW');
    expect(after.events.at(-1).to).toBe('IN_REVIEW');

    const byManager = await bo(JP).post(`claims/${claimId}/review`, { outcome: 'APPROVED' }, 'manager');
    expect(byManager.status).toBe(200);
    expect(byManager.json.status).toBe('APPROVED');
  });

  it('refuses a review with bad input (400) and writes nothing', async () => {
    const claimId = await valveBodyClaim(3);
    await untilStatus(JP, claimId, 'IN_REVIEW');
    const before = await claimIn(JP, claimId);

    const res = await bo(JP).post(`claims/${claimId}/review`, { outcome: 'MAYBE', extra: 1 }, 'manager');

    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining(['/outcome']),
    );
    expect(await claimIn(JP, claimId)).toEqual(before);
    await bo(JP).post(`claims/${claimId}/review`, { outcome: 'REJECTED' }, 'manager');
  });

  it("carries out an adjuster's approval in the claim's home region, and the claim reaches SCHEDULED", async () => {
    const claimId = await valveBodyClaim(2);
    await untilStatus(JP, claimId, 'IN_REVIEW');

    // Asked in another region: refused there (421 naming the home region), nothing changed.
    const elsewhere = await bo(SOUTH).post(`claims/${claimId}/review`, { outcome: 'APPROVED' }, 'adjuster');
    expect(elsewhere.status).toBe(421);
    expect(elsewhere.json.homeRegion).toBe(JP);
    expect(elsewhere.json.detail).toContain('nothing was done here');
    expect((await claimIn(JP, claimId)).status).toBe('IN_REVIEW');

    const home = await bo(elsewhere.json.homeRegion).post(
      `claims/${claimId}/review`,
      { outcome: 'APPROVED', note: 'valve body confirmed faulty' },
      'adjuster',
    );
    expect(home.status).toBe(200);

    const scheduled = await untilStatus(JP, claimId, 'SCHEDULED');
    const approval = scheduled.events.find((e: { from: string }) => e.from === 'IN_REVIEW');
    expect(approval).toMatchObject({
      to: 'APPROVED',
      actor: { kind: 'staff', id: 'adjuster@claimflow.example' },
      region: JP,
      reason: 'valve body confirmed faulty',
    });
    // Any region shows the claim with its execution history, read from the home region.
    const detail = await until(async () => {
      const r = await bo(SOUTH).get(`claims/${claimId}`, 'viewer');
      return r.json?.claim?.status === 'SCHEDULED' ? r.json : undefined;
    }, 'the replica to show SCHEDULED');
    expect(detail.execution.executionArn).toContain(`:${JP}:`);
    expect(detail.execution.events.map((e: { state?: string }) => e.state)).toEqual(
      expect.arrayContaining(['AwaitReview', 'AssignTechnician']),
    );
  });
});
