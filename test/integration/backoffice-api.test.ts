import { describe, expect, inject, it } from 'vitest';
import { signStaffToken } from '../../functions/shared/staff-token.ts';
import { LOCAL_STAFF_ISSUER, localStaffSecret } from '../../local/staff-users.ts';
import { partnerApi, send, until } from '../support/partner-api.ts';

const endpoints = inject('endpoints');
const dataDir = inject('dataDir');
const api = partnerApi(endpoints);

const JP = 'ap-northeast-1';
const SOUTH = 'ap-south-1';
const problemJson = 'application/problem+json';
const yokohama = api.as(api.partner('jp-yokohama-export'));

const tokenOf = (role: string) => endpoints.backoffice.users.find((u) => u.role === role)!.token;
const secret = localStaffSecret(dataDir);
const forged = signStaffToken(
  'not-the-secret',
  { sub: 'manager', email: 'manager@claimflow.example', role: 'manager', iss: LOCAL_STAFF_ISSUER },
  { ttlSeconds: 3600 },
);
const expired = signStaffToken(
  secret,
  { sub: 'manager', email: 'manager@claimflow.example', role: 'manager', iss: LOCAL_STAFF_ISSUER },
  { ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) },
);
const otherIssuer = signStaffToken(
  secret,
  { sub: 'manager', email: 'manager@claimflow.example', role: 'manager', iss: 'someone-else' },
  { ttlSeconds: 3600 },
);

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
  ];

  for (const { route, call, expected } of routes)
    for (const caller of callers)
      it(`${route} as ${caller} answers ${expected[caller]}`, async () => {
        const res = await call(caller);
        expect(res.status).toBe(expected[caller]);
        if (expected[caller] >= 400) expect(res.headers['content-type']).toBe(problemJson);
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
      expect.arrayContaining(['AwaitReview', 'ConfirmAppointment']),
    );
  });
});
