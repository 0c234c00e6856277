import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClaimSubmission } from '../../domain/claim.ts';
import { keys } from '../../functions/data/keys.ts';
import { localAws } from '../support/local-aws.ts';
import { type HttpAnswer, partnerApi, send, until } from '../support/partner-api.ts';

/**
 * The back office's claim routes over real HTTP against the shared runtime: search, queues, claim
 * detail (execution states, emails, reservations), the workflow definition, cancel and redrive,
 * who may call them, and the home-region rule for actions.
 */

const endpoints = inject('endpoints');
const api = partnerApi(endpoints);
const aws = localAws();

const JP = 'ap-northeast-1';
const SOUTH = 'ap-south-1';
const problemJson = 'application/problem+json';
const yokohama = api.as(api.partner('jp-yokohama-export'));
const everest = api.as(api.partner('np-everest-auto'));
const EVEREST_CENTRE = 'np-everest-auto-c1';

type Caller = 'viewer' | 'adjuster' | 'manager' | 'no token';
const tokenOf = (role: string) => endpoints.backoffice.users.find((u) => u.role === role)!.token;
const headersFor = (caller: Caller): Record<string, string> =>
  caller === 'no token' ? {} : { authorization: `Bearer ${tokenOf(caller)}` };

const bo = (region: string) => {
  const base = `${endpoints.backoffice.urls[region]}backoffice/v1/`;
  return {
    get: (path: string, caller: Caller = 'viewer') => send(`${base}${path}`, { headers: headersFor(caller) }),
    post: (path: string, body: unknown, caller: Caller = 'manager') =>
      send(`${base}${path}`, {
        method: 'POST',
        headers: { ...headersFor(caller), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
};

const regionOf = (claimId: string) => claimId.split('-').slice(1, 4).join('-');
const detailOf = async (claimId: string, region = regionOf(claimId)) => {
  const res = await bo(region).get(`claims/${claimId}`);
  expect(res.status).toBe(200);
  return res.json;
};
const untilDetail = (
  claimId: string,
  test: (d: HttpAnswer['json']) => boolean,
  what: string,
  timeoutMs = 30_000,
) =>
  until(
    async () => {
      const d = await detailOf(claimId);
      return test(d) ? d : undefined;
    },
    `${claimId}: ${what}`,
    timeoutMs,
  );
const untilStatus = (claimId: string, status: string, timeoutMs = 30_000) =>
  untilDetail(claimId, (d) => d.claim.status === status, `status ${status}`, timeoutMs);

/** Files a JP claim; a claim sent to review (over the limit, a repeat on the VIN) is approved by a manager. */
async function decidedClaim(lines: ClaimSubmission['lines'], vin = api.vehicle('JP', 'HYBRID')) {
  const filed = await yokohama.fileClaim(api.submission(vin, { lines }));
  expect(filed.status).toBe(201);
  const claimId = filed.json.claimId as string;
  const decided = await untilDetail(claimId, (d) => d.claim.status !== 'RECEIVED', 'a decision');
  if (decided.claim.status === 'IN_REVIEW') {
    const approved = await retryBusy(() => bo(JP).post(`claims/${claimId}/review`, { outcome: 'APPROVED' }));
    expect(approved.status).toBe(200);
  }
  return claimId;
}
const strut = [{ partNumber: 'SUS-STRUT-09', quantity: 1, laborOperation: 'SUS-R09', laborHours: 1.6 }];
const doorLock = [{ partNumber: 'BDY-DOORLOCK-13', quantity: 1, laborOperation: 'BDY-R13', laborHours: 1 }];
// 2 × 65,000 yen + 4 h × 9,000 yen = 166,000 yen: over Yokohama's auto-approval limit, so IN_REVIEW.
const twoValveBodies = [
  { partNumber: 'TRN-VALVEBODY-02', quantity: 2, laborOperation: 'TRN-R02', laborHours: 4 },
];

async function inReviewClaim() {
  const filed = await yokohama.fileClaim(
    api.submission(api.vehicle('JP', 'HYBRID'), { lines: twoValveBodies }),
  );
  expect(filed.status).toBe(201);
  const claimId = filed.json.claimId as string;
  await untilStatus(claimId, 'IN_REVIEW');
  return claimId;
}

/** A 409 with Retry-After means "between two steps": a client waits and asks again, as the console does. */
async function retryBusy(call: () => Promise<HttpAnswer>, attempts = 60): Promise<HttpAnswer> {
  for (let i = 1; ; i++) {
    const res = await call();
    if (!(res.status === 409 && res.headers['retry-after']) || i >= attempts) return res;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Pages through a search until the claim shows up (other files' claims share the queues). */
async function findInSearch(region: string, query: string, claimId: string) {
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const res = await bo(region).get(`claims?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const hit = res.json.items.find((c: { claimId: string }) => c.claimId === claimId);
    if (hit) return hit;
    cursor = res.json.nextCursor;
    if (!cursor) return undefined;
  }
  return undefined;
}

async function allInSearch(region: string, query: string) {
  const out: { claimId: string; status: string; updatedAt: string }[] = [];
  let cursor: string | undefined;
  do {
    const res = await bo(region).get(`claims?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    out.push(...res.json.items);
    cursor = res.json.nextCursor;
  } while (cursor);
  return out;
}

const completion = (partNumber: string) => ({
  completedAt: new Date().toISOString(),
  partsUsed: [{ partNumber, quantity: 1 }],
  laborHours: 1,
  notes: 'replaced',
});

// ── Claims prepared in the background while the other tests run ─────────────────────────────

/**
 * Two EV battery claims at Everest Auto Service, whose centre has no technician for high-voltage
 * work: approved, they fail at AssignTechnician and are compensated (FAILED). Then a certified
 * technician joins the centre, so a redrive can succeed once the workers' cached team (60 s)
 * has expired.
 */
async function failedEverestClaims() {
  const file = async () => {
    const filed = await everest.fileClaim(
      api.submission(api.vehicle('NP', 'EV'), {
        lines: [{ partNumber: 'EVB-MODULE-48', quantity: 1, laborOperation: 'EVB-R04', laborHours: 5 }],
        batteryStateOfHealthPct: 61,
        customer: { name: 'Sita Sharma', email: 'sita@example.com', language: 'ne' },
      }),
    );
    expect(filed.status).toBe(201);
    const claimId = filed.json.claimId as string;
    await untilStatus(claimId, 'IN_REVIEW'); // over Everest's auto-approval limit
    const approved = await retryBusy(() =>
      bo(SOUTH).post(`claims/${claimId}/review`, { outcome: 'APPROVED' }),
    );
    expect(approved.status).toBe(200);
    return claimId;
  };
  const [redrive, cancel] = [await file(), await file()];
  for (const id of [redrive, cancel]) await untilDetail(id, (d) => d.failed === true, 'FAILED');
  await aws.table(SOUTH).put({
    ...keys.technician(EVEREST_CENTRE, `${EVEREST_CENTRE}-t-hv`),
    homeRegion: SOUTH,
    type: 'Technician',
    technicianId: `${EVEREST_CENTRE}-t-hv`,
    name: 'Kiran Rai',
    centreId: EVEREST_CENTRE,
    partnerId: 'np-everest-auto',
    skills: ['ev-high-voltage', 'general'],
  });
  return { redrive, cancel, technicianJoinedAt: Date.now() };
}

/** A claim taken through repair and follow-up to CLOSED (the survey waits make it about a minute). */
async function closedClaim() {
  const claimId = await decidedClaim(doorLock);
  await untilStatus(claimId, 'SCHEDULED');
  const done = await retryUntil202(() => yokohama.completeRepair(claimId, completion('BDY-DOORLOCK-13')));
  expect(done.status).toBe(202);
  await untilStatus(claimId, 'CLOSED', 150_000);
  return claimId;
}

async function retryUntil202(call: () => Promise<HttpAnswer>) {
  return until(async () => {
    const res = await call();
    return res.status === 202 ? res : undefined;
  }, 'the completion to be accepted');
}

let failing: Promise<Awaited<ReturnType<typeof failedEverestClaims>>>;
let closing: Promise<string>;
beforeAll(() => {
  failing = failedEverestClaims();
  closing = closedClaim();
  // Awaited by their tests; a failure here must not surface as an unhandled rejection first.
  failing.catch(() => undefined);
  closing.catch(() => undefined);
});
afterAll(async () => {
  await aws.table(SOUTH).delete(keys.technician(EVEREST_CENTRE, `${EVEREST_CENTRE}-t-hv`), SOUTH);
});

// ── Search ──────────────────────────────────────────────────────────────────────────────────

describe('claim search', () => {
  let scheduled = '';
  let vin = '';
  beforeAll(async () => {
    vin = api.vehicle('JP', 'ICE');
    scheduled = await decidedClaim(strut, vin);
    await untilStatus(scheduled, 'SCHEDULED');
  }, 60_000);

  it('finds a claim by its id, and nothing for an id that names no claim', async () => {
    const found = await bo(JP).get(`claims?claimId=${scheduled}`);
    const unknown = await bo(JP).get(`claims?claimId=${scheduled.slice(0, -4)}ZZZZ`);
    const notAnId = await bo(JP).get('claims?claimId=hello');

    expect(found.status).toBe(200);
    expect(found.json.items.map((c: { claimId: string }) => c.claimId)).toEqual([scheduled]);
    expect(found.json.nextCursor).toBeUndefined();
    expect([unknown.json.items, notAnId.json.items]).toEqual([[], []]);
  });

  it('answers a search by claim id in any region, from its replica', async () => {
    const res = await until(async () => {
      const r = await bo(SOUTH).get(`claims?claimId=${scheduled}`);
      return r.json.items.length ? r : undefined;
    }, 'the replica');
    expect(res.json.items[0]).toMatchObject({ claimId: scheduled, homeRegion: JP });
  });

  it("finds a vehicle's claims, newest first, also narrowed to a status", async () => {
    const all = await allInSearch(SOUTH, `vin=${vin}`);
    const scheduledOnes = await allInSearch(SOUTH, `vin=${vin}&status=SCHEDULED`);

    expect(all.map((c) => c.claimId)).toContain(scheduled);
    const filed = all.map((c) => (c as unknown as { filedAt: string }).filedAt);
    expect(filed).toEqual([...filed].sort().reverse());
    expect(scheduledOnes.every((c) => c.status === 'SCHEDULED')).toBe(true);
    expect(scheduledOnes.map((c) => c.claimId)).toContain(scheduled);
  });

  it("pages through a partner's claims, newest first: each claim once, the last page without a cursor", async () => {
    await decidedClaim(doorLock); // at least two claims of the partner, whatever ran before

    const pages: { items: { claimId: string; filedAt: string }[]; nextCursor?: string }[] = [];
    let cursor: string | undefined;
    do {
      const res = await bo(JP).get(
        `claims?partnerId=jp-yokohama-export&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      pages.push(res.json);
      cursor = res.json.nextCursor;
    } while (cursor && pages.length < 500);

    const items = pages.flatMap((p) => p.items);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.every((p) => p.items.length === 1)).toBe(true);
    expect(new Set(items.map((c) => c.claimId)).size).toBe(items.length);
    expect(items.map((c) => c.claimId)).toContain(scheduled);
    expect(items.every((c) => c.claimId.startsWith(`CLM-${JP}-`))).toBe(true);
    const filed = items.map((c) => c.filedAt);
    expect(filed).toEqual([...filed].sort().reverse());
  });

  it("lists a region's queue of one status, oldest change first", async () => {
    const queue = await allInSearch(JP, `status=SCHEDULED&region=${JP}`);

    expect(queue.map((c) => c.claimId)).toContain(scheduled);
    expect(queue.every((c) => c.status === 'SCHEDULED')).toBe(true);
    const times = queue.map((c) => c.updatedAt);
    expect(times).toEqual([...times].sort());
  });

  it('refuses a search without a filter, with a malformed VIN or with a made-up cursor (400), naming the parameter', async () => {
    const none = await bo(JP).get('claims');
    const badVin = await bo(JP).get('claims?vin=abc');
    const badCursor = await bo(JP).get(
      `claims?status=SCHEDULED&cursor=${Buffer.from('{"p":7}').toString('base64url')}`,
    );
    const overdueFalse = await bo(JP).get('claims?overdue=false');

    expect([none.status, badVin.status, badCursor.status, overdueFalse.status]).toEqual([400, 400, 400, 400]);
    expect(none.headers['content-type']).toBe(problemJson);
    expect(none.json.errors[0]).toMatchObject({ parameter: 'status' });
    expect(badVin.json.errors[0]).toMatchObject({ parameter: 'vin' });
    expect(badCursor.json.errors[0]).toMatchObject({ parameter: 'cursor' });
    expect(overdueFalse.json.errors[0]).toMatchObject({ parameter: 'overdue' });
  });
});

// ── Overdue and queues ──────────────────────────────────────────────────────────────────────

describe('overdue claims and queue counts', () => {
  let waiting = '';
  beforeAll(async () => {
    // The review timeout (48 h of workflow time, under 9 s here) escalates the review: overdue.
    waiting = await inReviewClaim();
  }, 60_000);

  it('finds a claim overdue once its review timed out, with why and since when', async () => {
    const escalated = await untilDetail(
      waiting,
      (d) => d.claim.escalatedAt !== undefined,
      'escalation',
      40_000,
    );

    const hit = await findInSearch(JP, 'overdue=true', waiting);
    const inReviewOverdue = await findInSearch(JP, 'status=IN_REVIEW&overdue=true', waiting);

    expect(escalated.overdue).toEqual({ reason: 'REVIEW_TIMED_OUT', since: escalated.claim.escalatedAt });
    expect(hit?.overdue).toEqual({ reason: 'REVIEW_TIMED_OUT', since: escalated.claim.escalatedAt });
    expect(inReviewOverdue).toBeDefined();
  }, 60_000);

  it('does not list a claim whose review has not timed out as overdue', async () => {
    const fresh = await inReviewClaim();
    expect((await detailOf(fresh)).overdue).toBeUndefined();
    expect(await findInSearch(JP, 'status=IN_REVIEW&overdue=true', fresh)).toBeUndefined();
    await bo(JP).post(`claims/${fresh}/review`, { outcome: 'REJECTED', note: 'test cleanup' });
  });

  it("counts a region's queues as the search lists them, with the reasons claims are in review", async () => {
    // Other claims move meanwhile: take the counts and the lists until they agree.
    const agreed = await until(async () => {
      const counts = await bo(JP).get(`queues?region=${JP}`);
      const [inReview, awaiting, scheduled, overdue] = await Promise.all([
        allInSearch(JP, 'status=IN_REVIEW'),
        allInSearch(JP, 'status=AWAITING_PARTS'),
        allInSearch(JP, 'status=SCHEDULED'),
        allInSearch(JP, 'overdue=true'),
      ]);
      const again = await bo(JP).get(`queues?region=${JP}`);
      const listed = {
        IN_REVIEW: inReview.length,
        AWAITING_PARTS: awaiting.length,
        SCHEDULED: scheduled.length,
        overdue: overdue.length,
      };
      return JSON.stringify(counts.json.counts) === JSON.stringify(again.json.counts) &&
        JSON.stringify(counts.json.counts) === JSON.stringify(listed)
        ? { counts: counts.json, inReview }
        : undefined;
    }, 'counts and lists to agree');

    expect(agreed.counts.region).toBe(JP);
    expect(agreed.counts.counts.IN_REVIEW).toBeGreaterThanOrEqual(1);
    expect(agreed.counts.counts.overdue).toBeGreaterThanOrEqual(1);
    expect(agreed.counts.reviewReasons.AMOUNT_OVER_LIMIT).toBeGreaterThanOrEqual(1);
    const reasons = new Map<string, number>();
    for (const c of agreed.inReview as unknown as { reasons: string[] }[])
      for (const r of new Set(c.reasons)) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    expect(agreed.counts.reviewReasons).toEqual(Object.fromEntries(reasons));
  });

  it('answers the queues of another region, read from its replica', async () => {
    const res = await bo(JP).get(`queues?region=${SOUTH}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ region: SOUTH, counts: { IN_REVIEW: expect.any(Number) } });
  });

  afterAll(async () => {
    if (waiting) await bo(JP).post(`claims/${waiting}/review`, { outcome: 'REJECTED', note: 'test cleanup' });
  });
});

// ── Claim detail and the workflow ───────────────────────────────────────────────────────────

describe('claim detail', () => {
  it('marks the state a scheduled claim waits in, with its emails, reservations and appointment', async () => {
    const claimId = await decidedClaim(strut);
    await untilStatus(claimId, 'SCHEDULED');

    const detail = await untilDetail(
      claimId,
      // One email: the appointment, which also says the claim arrived and was approved.
      (d) => d.execution?.currentStates?.includes('AwaitRepair') && d.emails.length >= 1,
      'waiting for the repair, its email sent',
    );

    expect(detail.execution).toMatchObject({
      status: 'RUNNING',
      currentStates: ['AwaitRepair'],
      failedStates: [],
      run: 1,
      name: expect.stringMatching(new RegExp(`^${claimId}-e\\d+-r1$`)),
    });
    expect(detail.execution.current[0]).toMatchObject({ state: 'AwaitRepair', since: expect.any(String) });
    expect(detail.failed).toBe(false);
    expect(detail.emails.map((e: { template: string }) => e.template)).toEqual(['appointment']);
    expect(detail.emails[0]).toMatchObject({ to: 'sita@example.com', language: 'en', state: 'sent' });
    expect(detail.reservations).toEqual([
      { warehouseId: 'WH-YOK', region: JP, partNumber: 'SUS-STRUT-09', quantity: 1 },
    ]);
    expect(detail.appointment).toMatchObject({
      technicianId: detail.claim.appointment.technicianId,
      technicianName: expect.any(String),
    });
    expect(detail.technician).toEqual({
      technicianId: detail.appointment.technicianId,
      name: detail.appointment.technicianName,
      skills: expect.arrayContaining([expect.any(String)]),
    });
  });

  it('shows the review wait as current for a claim in review', async () => {
    const claimId = await inReviewClaim();
    const detail = await untilDetail(
      claimId,
      (d) =>
        d.execution?.currentStates?.some((s: string) => s === 'AwaitReview' || s === 'AwaitManagerReview'),
      'waiting for a review',
    );
    expect(detail.execution.status).toBe('RUNNING');
    expect(detail.execution.events.at(-1).id).toBe(detail.execution.events.length);
    await bo(JP).post(`claims/${claimId}/review`, { outcome: 'REJECTED', note: 'test cleanup' });
  });
});

describe('the workflow definition', () => {
  it("describes the region's ClaimLifecycle, its definition as ASL", async () => {
    const res = await bo(SOUTH).get('workflow');

    expect(res.status).toBe(200);
    expect(res.json.stateMachineArn).toBe(endpoints.stateMachines[SOUTH]);
    expect(res.json.name).toBe('ClaimLifecycle');
    expect(res.json.definition.StartAt).toBe('Adjudicate');
    expect(Object.keys(res.json.definition.States)).toEqual(
      expect.arrayContaining([
        'AwaitReview',
        'AllocateParts',
        'AssignTechnician',
        'AwaitRepair',
        'Compensate',
        'ClaimFailed',
      ]),
    );
  });
});

// ── Cancel ──────────────────────────────────────────────────────────────────────────────────

describe('cancelling a claim', () => {
  it('cancels a claim waiting for review in its home region only (421 elsewhere): CANCELLED, who and why recorded, its workflow ended', async () => {
    const claimId = await inReviewClaim();

    const elsewhere = await bo(SOUTH).post(
      `claims/${claimId}/cancel`,
      { reason: 'customer withdrew' },
      'adjuster',
    );
    const home = await retryBusy(() =>
      bo(elsewhere.json.homeRegion).post(
        `claims/${claimId}/cancel`,
        { reason: 'customer withdrew' },
        'adjuster',
      ),
    );

    expect(elsewhere.status).toBe(421);
    expect(elsewhere.json).toMatchObject({ homeRegion: JP });
    expect(home.status).toBe(200);
    expect(home.json.status).toBe('CANCELLED');
    expect(home.json.events.at(-1)).toMatchObject({
      from: 'IN_REVIEW',
      to: 'CANCELLED',
      actor: { kind: 'staff', id: 'adjuster@claimflow.example' },
      reason: 'customer withdrew',
      region: JP,
    });
    const ended = await untilDetail(claimId, (d) => d.execution.status !== 'RUNNING', 'the execution to end');
    expect(ended.execution.status).toBe('FAILED');
    expect(ended.execution.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          state: expect.stringMatching(/^Await(Manager)?Review$/),
          error: 'ClaimCancelled',
        }),
      ]),
    );
    expect(ended.failed).toBe(false); // CANCELLED is an end, not a failure to redrive
    expect(ended.reservations).toEqual([]);
  });

  it('cancels a scheduled claim: its parts and its technician slot are released', async () => {
    const claimId = await decidedClaim(strut);
    await untilStatus(claimId, 'SCHEDULED');
    const before = await detailOf(claimId);
    expect(before.reservations).toHaveLength(1);

    const res = await retryBusy(() =>
      bo(JP).post(`claims/${claimId}/cancel`, { reason: 'vehicle sold before the repair' }, 'manager'),
    );

    expect(res.status).toBe(200);
    expect(res.json.status).toBe('CANCELLED');
    const ended = await untilDetail(
      claimId,
      (d) => d.execution.status !== 'RUNNING' && d.reservations.length === 0,
      'compensation',
    );
    expect(ended.claim.appointment).toBeUndefined();
    expect(ended.execution.failures.map((f: { state: string }) => f.state)).toContain('AwaitRepair');
    const stock = await aws.table(JP).get(keys.stock('WH-YOK', 'SUS-STRUT-09'), true);
    expect(Object.keys(stock?.reservations ?? {}).filter((k) => k.startsWith(`${claimId}|`))).toEqual([]);
    const booking = await aws.table(JP).get(keys.claimBooking(claimId), true);
    expect(booking).toBeUndefined();
  });

  it('answers a repeated cancel with the cancelled claim, unchanged', async () => {
    const claimId = await inReviewClaim();
    const first = await retryBusy(() =>
      bo(JP).post(`claims/${claimId}/cancel`, { reason: 'duplicate claim' }, 'adjuster'),
    );
    const again = await bo(JP).post(`claims/${claimId}/cancel`, { reason: 'duplicate claim' }, 'adjuster');
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.json.events).toEqual(first.json.events);
  });

  it('refuses to cancel a rejected or a settled claim (409) and changes nothing', async () => {
    const rejected = await yokohama.fileClaim(
      api.submission(api.vehicle('JP', 'ICE', 'expired-time'), {
        lines: [{ partNumber: 'ELE-ALTERNATOR-07', quantity: 1, laborOperation: 'ELE-R07', laborHours: 1.5 }],
      }),
    );
    const rejectedId = rejected.json.claimId as string;
    await untilStatus(rejectedId, 'REJECTED');
    const settledId = await decidedClaim(strut);
    await untilStatus(settledId, 'SCHEDULED');
    expect(
      (await retryUntil202(() => yokohama.completeRepair(settledId, completion('SUS-STRUT-09')))).status,
    ).toBe(202);
    await untilDetail(settledId, (d) => ['SETTLED', 'CLOSED'].includes(d.claim.status), 'settlement');

    const a = await bo(JP).post(`claims/${rejectedId}/cancel`, { reason: 'try' }, 'manager');
    const b = await bo(JP).post(`claims/${settledId}/cancel`, { reason: 'try' }, 'manager');

    expect([a.status, b.status]).toEqual([409, 409]);
    expect(a.headers['content-type']).toBe(problemJson);
    expect(a.json.detail).toContain('REJECTED');
    expect(b.json.detail).toContain('money moved');
    expect((await detailOf(rejectedId)).claim.status).toBe('REJECTED');
  });
});

// ── FAILED claims: cancel and redrive ───────────────────────────────────────────────────────

describe('a FAILED claim', () => {
  it('shows as FAILED: its execution failed at the technician booking, its parts released', async () => {
    const { redrive } = await failing;
    const detail = await detailOf(redrive);

    expect(detail.failed).toBe(true);
    expect(detail.execution.status).toBe('FAILED');
    expect(detail.execution.failedStates).toEqual(
      expect.arrayContaining(['AssignTechnician', 'ClaimFailed']),
    );
    expect(detail.execution.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ state: 'AssignTechnician', error: 'NoTechnicianError' }),
      ]),
    );
    expect(detail.claim.failure.error).toBe('NoTechnicianError');
    expect(detail.reservations).toEqual([]);
  }, 90_000);

  it('is cancelled for good when a manager decides not to redrive it: CANCELLED, nothing held', async () => {
    const { cancel } = await failing;

    const res = await bo(SOUTH).post(
      `claims/${cancel}/cancel`,
      { reason: 'no certified technician nearby' },
      'manager',
    );

    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'CANCELLED', reservations: [] });
    const detail = await detailOf(cancel);
    expect(detail.failed).toBe(false);
    expect(detail.claim.events.at(-1)).toMatchObject({
      to: 'CANCELLED',
      actor: { id: 'manager@claimflow.example' },
    });
  }, 90_000);

  it('refuses a redrive of a claim that is not FAILED (409)', async () => {
    const claimId = await inReviewClaim();
    const res = await bo(JP).post(`claims/${claimId}/redrive`, {}, 'manager');
    expect(res.status).toBe(409);
    expect(res.json.detail).toContain('not FAILED');
    await bo(JP).post(`claims/${claimId}/review`, { outcome: 'REJECTED', note: 'test cleanup' });
  });

  it('goes on after a redrive in its home region (421 elsewhere): run 2 skips what was done and reaches SCHEDULED', async () => {
    const { redrive, technicianJoinedAt } = await failing;
    // The workers cache a centre's team for a minute: wait until none can miss the new technician.
    await new Promise((r) => setTimeout(r, Math.max(0, technicianJoinedAt + 61_000 - Date.now())));

    const elsewhere = await bo(JP).post(`claims/${redrive}/redrive`, {}, 'manager');
    const byAdjuster = await bo(SOUTH).post(`claims/${redrive}/redrive`, {}, 'adjuster');
    const res = await bo(SOUTH).post(`claims/${redrive}/redrive`, {}, 'manager');

    expect(elsewhere.status).toBe(421);
    expect(elsewhere.json.homeRegion).toBe(SOUTH);
    expect(byAdjuster.status).toBe(403);
    expect(res.status).toBe(202);
    expect(res.json.execution).toMatchObject({ run: 2, name: expect.stringMatching(/-e\d+-r2$/) });
    expect(res.json.claim.redrives).toEqual([
      expect.objectContaining({
        run: 2,
        by: 'manager@claimflow.example',
        failure: expect.objectContaining({ error: 'NoTechnicianError' }),
      }),
    ]);
    expect(res.json.claim.failure).toBeUndefined();

    const scheduled = await untilDetail(
      redrive,
      (d) => d.claim.status === 'SCHEDULED' && d.execution?.currentStates?.includes('AwaitRepair'),
      'the redriven claim to wait for its repair',
    );
    expect(scheduled.execution).toMatchObject({ run: 2, status: 'RUNNING' });
    expect(scheduled.failed).toBe(false);
    // Each step found its earlier work: no status twice, every email once.
    expect(scheduled.claim.events.map((e: { to: string }) => e.to)).toEqual([
      'RECEIVED',
      'IN_REVIEW',
      'APPROVED',
      'SCHEDULED',
    ]);
    expect(scheduled.appointment.technicianId).toBe(`${EVEREST_CENTRE}-t-hv`);
    expect(scheduled.reservations.reduce((n: number, r: { quantity: number }) => n + r.quantity, 0)).toBe(1);
    const outbox = (await (await fetch(`${endpoints.outbox}?claimId=${redrive}`)).json()) as {
      items: { tags: { template: string } }[];
    };
    const templates = outbox.items.map((m) => m.tags.template).sort();
    // The failed run told the customer so; the redriven one told the approval with the appointment.
    expect(templates).toEqual(['appointment', 'failed', 'received']);

    const again = await bo(SOUTH).post(`claims/${redrive}/redrive`, {}, 'manager');
    expect(again.status).toBe(409);
  }, 150_000);
});

// ── Who may call what ───────────────────────────────────────────────────────────────────────

describe('who may call the claim routes', () => {
  const callers: Caller[] = ['viewer', 'adjuster', 'manager', 'no token'];
  let rejectedId = '';
  const rejectedClaim = async () => {
    if (!rejectedId) {
      const filed = await yokohama.fileClaim(
        api.submission(api.vehicle('JP', 'ICE', 'expired-distance'), {
          odometerKm: 172_500,
          lines: [
            { partNumber: 'ELE-ALTERNATOR-07', quantity: 1, laborOperation: 'ELE-R07', laborHours: 1.5 },
          ],
        }),
      );
      rejectedId = filed.json.claimId;
      await untilStatus(rejectedId, 'REJECTED');
    }
    return rejectedId;
  };
  const routes: {
    route: string;
    call: (c: Caller) => Promise<HttpAnswer>;
    expected: Record<Caller, number>;
  }[] = [
    {
      route: 'GET claims?partnerId=',
      call: (c) => bo(JP).get('claims?partnerId=jp-yokohama-export&limit=1', c),
      expected: { viewer: 200, adjuster: 200, manager: 200, 'no token': 401 },
    },
    {
      route: 'GET queues',
      call: (c) => bo(JP).get('queues', c),
      expected: { viewer: 200, adjuster: 200, manager: 200, 'no token': 401 },
    },
    {
      route: 'GET workflow',
      call: (c) => bo(JP).get('workflow', c),
      expected: { viewer: 200, adjuster: 200, manager: 200, 'no token': 401 },
    },
    {
      route: 'GET claims/{claimId}',
      call: async (c) => bo(JP).get(`claims/${await rejectedClaim()}`, c),
      expected: { viewer: 200, adjuster: 200, manager: 200, 'no token': 401 },
    },
    {
      // A rejected claim has ended: whoever may cancel meets 409, and nothing changes.
      route: 'POST claims/{claimId}/cancel',
      call: async (c) => bo(JP).post(`claims/${await rejectedClaim()}/cancel`, { reason: 'role check' }, c),
      expected: { viewer: 403, adjuster: 409, manager: 409, 'no token': 401 },
    },
    {
      route: 'POST claims/{claimId}/redrive',
      call: async (c) => bo(JP).post(`claims/${await rejectedClaim()}/redrive`, {}, c),
      expected: { viewer: 403, adjuster: 403, manager: 409, 'no token': 401 },
    },
  ];

  for (const { route, call, expected } of routes)
    for (const caller of callers)
      it(`${route} as ${caller} answers ${expected[caller]}`, async () => {
        const res = await call(caller);
        expect(res.status).toBe(expected[caller]);
        if (expected[caller] >= 400) expect(res.headers['content-type']).toBe(problemJson);
      });
});

// ── Last: the claim taken to CLOSED in the background ───────────────────────────────────────

describe('a closed claim', () => {
  it('cannot be cancelled (409) and stays CLOSED', async () => {
    const claimId = await closing;

    const res = await bo(JP).post(`claims/${claimId}/cancel`, { reason: 'too late' }, 'manager');

    expect(res.status).toBe(409);
    expect(res.json.detail).toContain('CLOSED');
    const detail = await detailOf(claimId);
    expect(detail.claim.status).toBe('CLOSED');
    expect(detail.execution.status).toBe('SUCCEEDED');
    expect(detail.execution.currentStates).toEqual([]);
  }, 180_000);
});
