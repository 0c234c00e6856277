import { describe, expect, inject, it } from 'vitest';
import { addDays, monthsLater } from '../../domain/calendar.ts';
import type { ClaimSubmission } from '../../domain/claim.ts';
import { makeVin } from '../../domain/vin.ts';
import { partnerApi, send, until } from '../support/partner-api.ts';

/**
 * The quality loop over real HTTP on the embedded runtime (issue 17's acceptance): a planted surge
 * of one part's claims in one market raises its early-warning flag; a manager opens a campaign
 * from it; every affected customer we know is told in their own language; a claim citing the
 * campaign is approved without a person; partners see the campaign and its open vehicles. Bad
 * input to the new routes is a 4xx problem naming the field, and writes nothing.
 */

const endpoints = inject('endpoints');
const api = partnerApi(endpoints);
const SOUTH = 'ap-south-1';
const MARKET = 'LK';
const PARTNER = 'lk-colombo-motor-works';
const problemJson = 'application/problem+json';

type Caller = 'viewer' | 'manager';
const tokenOf = (role: string) => endpoints.backoffice.users.find((u) => u.role === role)!.token;
const bo = (region: string) => {
  const base = `${endpoints.backoffice.urls[region]}backoffice/v1/`;
  const auth = (caller: Caller) => ({ authorization: `Bearer ${tokenOf(caller)}` });
  return {
    get: (path: string, caller: Caller = 'viewer') => send(`${base}${path}`, { headers: auth(caller) }),
    post: (path: string, body: unknown, caller: Caller = 'manager') =>
      send(`${base}${path}`, {
        method: 'POST',
        headers: { ...auth(caller), 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    importCsv: (csv: string) =>
      send(`${base}vehicles/import`, {
        method: 'POST',
        headers: { ...auth('manager'), 'content-type': 'text/csv' },
        body: csv,
      }),
  };
};

// A fleet of its own on every run: a model no other test registers, VINs no seed uses.
const run = Date.now() % 1_000_000;
const MODEL = `Surge ${run}`;
const vins = Array.from({ length: 20 }, (_, i) => makeVin('JCFKS17Z', run * 20 + i));
const today = new Date().toISOString().slice(0, 10);
// Failed 20 days ago (inside the 30-day filing window), in the vehicles' first month in service.
const failureDate = addDays(today, -20);
const deliveryDate = addDays(monthsLater(today, -1), -5);
const month = failureDate.slice(0, 7);
const LANGUAGES = ['en', 'ja', 'ne', 'hy', 'bn', 'ja', 'ne', 'en'] as const;
const SURGE = LANGUAGES.map((language, i) => ({
  vin: vins[i]!,
  language,
  email: `surge-${run}-${i}@example.com`,
}));
const NOTICE_SUBJECT: Record<string, RegExp> = {
  en: /free repair/,
  ja: /無償修理/,
  ne: /निःशुल्क मर्मत/,
  hy: /անվճար վերանորոգում/,
  bn: /বিনামূল্যে মেরামত/,
};
const COMPRESSOR = { partNumber: 'CLM-COMPRESSOR-11', quantity: 1, laborOperation: 'CLM-R11', laborHours: 3 };

const lk = api.as(api.partner(PARTNER));
const claimFor = (
  vin: string,
  customer: { email: string; language: string },
  extra: Partial<ClaimSubmission> = {},
) =>
  api.submission(vin, {
    failureDate,
    customer: { name: 'Nimal Perera', email: customer.email, language: customer.language as 'en' },
    complaint: 'Air conditioning blows warm air and the compressor rattles',
    faultCodes: ['B1421'],
    lines: [COMPRESSOR],
    ...extra,
  });

const campaignBody = (over: Record<string, unknown> = {}) => ({
  title: 'A/C compressor clutch bearing',
  component: 'climate',
  markets: [MARKET],
  affected: { kind: 'fleet', model: MODEL },
  remedy: {
    laborOperation: 'CLM-R11',
    laborHours: 3,
    parts: [{ partNumber: 'CLM-COMPRESSOR-11', quantity: 1 }],
  },
  fromFlag: { market: MARKET, component: 'climate', period: month },
  ...over,
});

const decided = (claimId: string) =>
  until(
    async () => {
      const res = await lk.getClaim(claimId);
      return res.json?.status && res.json.status !== 'RECEIVED' ? res.json : undefined;
    },
    `a decision on ${claimId}`,
    60_000,
  );

describe('the quality loop on the embedded runtime', () => {
  let campaignId: string;
  let campaignClaimId: string;

  it('raises the flag of a planted surge, opens a campaign from it, tells each customer in their language, and approves a campaign claim', async () => {
    // Prepare: the fleet, then eight compressor claims in LK in one month.
    const csv = [
      'vin,market,model,modelYear,powertrain,warrantyPlan,deliveryDate',
      ...vins.map(
        (vin) => `${vin},${MARKET},${MODEL},${deliveryDate.slice(0, 4)},ICE,standard,${deliveryDate}`,
      ),
    ].join('\r\n');
    expect((await bo(SOUTH).importCsv(`${csv}\r\n`)).status).toBe(200);
    const filed = await Promise.all(SURGE.map((s) => lk.fileClaim(claimFor(s.vin, s))));
    expect(filed.map((r) => r.status)).toEqual(SURGE.map(() => 201));
    const decisions = await Promise.all(filed.map((r) => decided(r.json.claimId)));
    expect(decisions.map((c) => c.status)).not.toContain('REJECTED');

    // Assess: the flag, with its evidence.
    const flag = await until(async () => {
      const res = await bo(SOUTH).get(`metrics?report=early-warnings&market=${MARKET}&month=${month}`);
      expect(res.status).toBe(200);
      return res.json.flags.find((f: { component: string }) => f.component === 'climate');
    }, 'the climate flag in LK');
    expect(flag).toMatchObject({
      market: MARKET,
      component: 'climate',
      period: month,
      test: 'one-sided exact Poisson',
    });
    expect(flag.claims).toBeGreaterThanOrEqual(SURGE.length);
    expect(flag.pValue).toBeLessThanOrEqual(flag.alpha);
    expect(flag.ratePer1000).toBeGreaterThan(flag.baselinePer1000);

    // The rate of the model at one month in service: 8 claims over its 20 vehicles.
    const rates = await bo(SOUTH).get(
      `metrics?report=failure-rates&market=${MARKET}&by=model&monthsInService=1`,
    );
    expect(rates.status).toBe(200);
    expect(rates.json.rows.find((r: { key: string }) => r.key === MODEL)).toEqual({
      key: MODEL,
      claims: SURGE.length,
      vehicles: vins.length,
      per1000: 400,
    });

    // Act: the campaign, opened from the flag.
    const opened = await bo(SOUTH).post('campaigns', campaignBody());
    expect(opened.status).toBe(201);
    campaignId = opened.json.campaign.campaignId;
    expect(opened.headers.location).toBe(`/backoffice/v1/campaigns?campaignId=${campaignId}`);
    expect(opened.json).toMatchObject({ vehicles: vins.length, noticesSent: SURGE.length });
    expect(opened.json.campaign.byMarket).toEqual([
      { market: MARKET, vehicles: vins.length, noticesSent: SURGE.length },
    ]);

    // Assess: one notice per customer we know, each in the customer's language; none for vehicles
    // whose customer no claim has named.
    const outbox = (await (await fetch(`${endpoints.outbox}?template=campaign-notice`)).json()) as {
      items: { to: string[]; subject: string; text: string; tags: Record<string, string> }[];
    };
    const notices = outbox.items.filter((m) => m.tags.campaignId === campaignId);
    expect(notices).toHaveLength(SURGE.length);
    for (const s of SURGE) {
      const notice = notices.find((m) => m.to.includes(s.email));
      expect(notice?.subject, s.email).toMatch(NOTICE_SUBJECT[s.language]!);
      expect(notice?.text).toContain(s.vin);
    }

    // Act: a campaign claim on a vehicle that had a compressor claim this month (a possible
    // duplicate, which the warranty would send to review).
    const cited = await lk.fileClaim(
      claimFor(SURGE[0]!.vin, SURGE[0]!, { failureDate: today, campaignId, faultCodes: [] }),
    );
    expect(cited.status).toBe(201);
    expect(cited.json.campaignId).toBe(campaignId);
    campaignClaimId = cited.json.claimId;
    const approved = await decided(cited.json.claimId);
    expect(['APPROVED', 'AWAITING_PARTS', 'SCHEDULED']).toContain(approved.status);
    const detail = await bo(SOUTH).get(`claims/${cited.json.claimId}`);
    expect(detail.json.claim.events[1]).toMatchObject({
      from: 'RECEIVED',
      to: 'APPROVED',
      reason: `approved automatically: within the repair of service campaign ${campaignId}`,
    });
    expect(detail.json.signals).toEqual(expect.any(Array));
  }, 240_000);

  it('shows the campaign to the market’s partners with its open vehicles, and its completion as repairs are done', async () => {
    expect(campaignId).toBeDefined();
    const partner = await lk.call('GET', 'v1/campaigns');
    expect(partner.status).toBe(200);
    const mine = partner.json.items.find((c: { campaignId: string }) => c.campaignId === campaignId);
    expect(mine).toMatchObject({ component: 'climate', vehicles: vins.length });
    expect(mine.openVins).toEqual([...vins].sort());
    // Another market's partner does not see it.
    const jp = await api.as(api.partner('jp-yokohama-export')).call('GET', 'v1/campaigns');
    expect(jp.json.items.map((c: { campaignId: string }) => c.campaignId)).not.toContain(campaignId);

    const detail = await bo(SOUTH).get(`campaigns?campaignId=${campaignId}`);
    expect(detail.status).toBe(200);
    expect(detail.json.completion.byMarket).toEqual([
      { market: MARKET, vehicles: vins.length, completed: 0, rate: 0 },
    ]);
    expect(detail.json.completion.byPartner).toEqual([
      { partnerId: PARTNER, claims: 1, completed: 0, rate: 0 },
    ]);

    // Act: the campaign repair done. Assess: the vehicle is no longer open, completion counts it.
    await until(
      async () => ((await lk.getClaim(campaignClaimId)).json.status === 'SCHEDULED' ? true : undefined),
      'the campaign claim scheduled',
      60_000,
    );
    const done = await lk.completeRepair(campaignClaimId, {
      completedAt: new Date().toISOString(),
      partsUsed: [{ partNumber: 'CLM-COMPRESSOR-11', quantity: 1 }],
      laborHours: 3,
      notes: 'compressor replaced under the campaign',
    });
    expect(done.status, done.text).toBe(202);
    const completed = await until(
      async () => {
        const res = await bo(SOUTH).get(`campaigns?campaignId=${campaignId}`);
        return res.json.completion.byMarket[0].completed === 1 ? res.json.completion : undefined;
      },
      'the campaign repair counted',
      60_000,
    );
    expect(completed.byMarket).toEqual([
      { market: MARKET, vehicles: vins.length, completed: 1, rate: 1 / vins.length },
    ]);
    expect(completed.byPartner).toEqual([{ partnerId: PARTNER, claims: 1, completed: 1, rate: 1 }]);
    const after = (await lk.call('GET', 'v1/campaigns')).json.items.find(
      (c: { campaignId: string }) => c.campaignId === campaignId,
    );
    expect(after.openVins).toEqual([...vins].filter((v) => v !== SURGE[0]!.vin).sort());

    const listed = await bo(SOUTH).get(`campaigns?market=${MARKET}`);
    expect(listed.json.items.map((c: { campaignId: string }) => c.campaignId)).toContain(campaignId);
  }, 150_000);

  it('answers bad input with a problem naming the field, and opens nothing', async () => {
    const before = (await bo(SOUTH).get('campaigns')).json.items.length;
    const cases: [unknown, string][] = [
      [campaignBody({ affected: { kind: 'vinList', csv: `vin\n${vins[0]}\nNOT-A-VIN\n` } }), '/affected/csv'],
      [
        campaignBody({ remedy: { laborOperation: 'ZZZ-R99', laborHours: 1, parts: [] } }),
        '/remedy/laborOperation',
      ],
      [campaignBody({ markets: [] }), '/markets'],
      [campaignBody({ component: 'wings' }), '/component'],
      [campaignBody({ affected: { kind: 'fleet', model: `No such model ${run}` } }), '/affected'],
      [campaignBody({ colour: 'red' }), '/colour'],
    ];
    for (const [body, pointer] of cases) {
      const res = await bo(SOUTH).post('campaigns', body);
      expect(res.status, pointer).toBe(400);
      expect(res.headers['content-type']).toContain(problemJson);
      expect(res.json.errors.map((e: { pointer?: string }) => e.pointer)).toContain(pointer);
    }
    const viewer = await bo(SOUTH).post('campaigns', campaignBody(), 'viewer');
    expect(viewer.status).toBe(403);
    const reports: [string, string][] = [
      ['metrics?report=failure-rates&by=colour', 'by'],
      ['metrics?report=failure-rates&market=LK', 'by'],
      ['metrics?report=early-warnings&month=2026-13', 'month'],
      ['metrics?report=early-warnings&market=LK&region=ap-south-1', 'region'],
      ['metrics?days=7&month=2026-01', 'month'],
      ['metrics?report=quality', 'report'],
      ['campaigns?campaignId=CMP-1', 'campaignId'],
    ];
    for (const [path, parameter] of reports) {
      const res = await bo(SOUTH).get(path);
      expect(res.status, path).toBe(400);
      expect(res.headers['content-type']).toContain(problemJson);
      expect(
        res.json.errors.map((e: { parameter?: string }) => e.parameter),
        path,
      ).toContain(parameter);
    }
    expect((await bo(SOUTH).get('campaigns?campaignId=CMP-20260101-ZZZZZZ')).status).toBe(404);
    expect((await bo(SOUTH).get('campaigns')).json.items.length).toBe(before);
  });
});
