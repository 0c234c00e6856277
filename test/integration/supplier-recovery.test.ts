import { describe, expect, inject, it } from 'vitest';
import { partnerApi, send, until } from '../support/partner-api.ts';

/**
 * Supplier recovery over real HTTP on the embedded runtime (DynamoDB Local behind it): an approved
 * claim's lines keep their suppliers and amounts, staff move the failed parts' returns forward
 * (never back, never skipping), and the report and the chargeback CSV read both from the quality
 * ledger. Bad input is a 4xx problem naming the field, and writes nothing.
 */

const endpoints = inject('endpoints');
const api = partnerApi(endpoints);
const JP = 'ap-northeast-1';
const SOUTH = 'ap-south-1';
const problemJson = 'application/problem+json';
const yokohama = api.as(api.partner('jp-yokohama-export'));

type Caller = 'viewer' | 'adjuster' | 'manager';
const tokenOf = (role: string) => endpoints.backoffice.users.find((u) => u.role === role)!.token;
const bo = (region: string) => {
  const base = `${endpoints.backoffice.urls[region]}backoffice/v1/`;
  const auth = (caller: Caller) => ({ authorization: `Bearer ${tokenOf(caller)}` });
  return {
    get: (path: string, caller: Caller = 'viewer') => send(`${base}${path}`, { headers: auth(caller) }),
    post: (path: string, body: unknown, caller: Caller = 'adjuster') =>
      send(`${base}${path}`, {
        method: 'POST',
        headers: { ...auth(caller), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
};

// A brake caliper (Minato Chassis) and a door lock actuator (Kanto Body Parts), both in the demo catalogue.
const LINES = [
  { partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 },
  { partNumber: 'BDY-DOORLOCK-13', quantity: 1, laborOperation: 'BDY-R13', laborHours: 1 },
];
const SUPPLIER = 'Minato Chassis';

const detailOf = async (claimId: string) => (await bo(JP).get(`claims/${claimId}`)).json.claim;

/** Files a JP claim and sees it approved: by the rules, or by a manager when it went to review. */
async function approvedClaim() {
  const filed = await yokohama.fileClaim(api.submission(api.vehicle('JP', 'HYBRID'), { lines: LINES }));
  expect(filed.status).toBe(201);
  const claimId = filed.json.claimId as string;
  const decided = await until(async () => {
    const claim = await detailOf(claimId);
    return claim.status !== 'RECEIVED' ? claim : undefined;
  }, `a decision on ${claimId}`);
  if (decided.status === 'IN_REVIEW') {
    const decisions = LINES.map((_, i) => ({ lineNo: i + 1, decision: 'COVERED' }));
    const reviewed = await bo(JP).post(
      `claims/${claimId}/review`,
      { outcome: 'APPROVED', decisions },
      'manager',
    );
    expect(reviewed.status).toBe(200);
  }
  // Booked, the workflow waiting for the repair report: nothing else writes the claim meanwhile, so
  // a version the tests read is not moved on by the workflow under them (a busy machine is slow).
  return until(async () => {
    const claim = await detailOf(claimId);
    return claim.amounts?.approved && claim.status === 'SCHEDULED' ? claim : undefined;
  }, `the approval and booking of ${claimId}`);
}

const month = (date: string) => date.slice(0, 7);

describe('supplier recovery on the embedded runtime', () => {
  let claim: {
    claimId: string;
    failureDate: string;
    version: number;
    amounts: { approved: { amountMinor: number; currency: string } };
    lines: {
      lineNo: number;
      supplier?: string;
      approvedAmount?: { amountMinor: number; currency: string };
    }[];
  };
  let period: string;

  it('keeps each approved line’s supplier and amount, and reports them per supplier and part', async () => {
    claim = await approvedClaim();
    period = `from=${month(claim.failureDate)}&to=${month(new Date().toISOString())}`;
    expect(claim.lines.map((l) => l.supplier)).toEqual([SUPPLIER, 'Kanto Body Parts']);
    const sum = claim.lines.reduce((s, l) => s + (l.approvedAmount?.amountMinor ?? 0), 0);
    expect(sum).toBe(claim.amounts.approved.amountMinor);

    const res = await bo(SOUTH).get(
      `metrics?report=supplier-recovery&market=JP&supplier=${encodeURIComponent(SUPPLIER)}&${period}`,
    );
    expect(res.status).toBe(200);
    const mine = res.json.lines.filter((l: { claimId: string }) => l.claimId === claim.claimId);
    expect(mine).toEqual([
      expect.objectContaining({
        supplier: SUPPLIER,
        partNumber: 'BRK-CALIPER-10',
        lineNo: 1,
        approved: claim.lines[0]!.approvedAmount,
      }),
    ]);
    const caliper = res.json.parts.find(
      (r: { partNumber: string; currency: string }) =>
        r.partNumber === 'BRK-CALIPER-10' && r.currency === 'JPY',
    );
    expect(caliper.approvedMinor).toBeGreaterThanOrEqual(claim.lines[0]!.approvedAmount!.amountMinor);
    expect(res.json.suppliers.every((s: { supplier: string }) => s.supplier === SUPPLIER)).toBe(true);
  }, 120_000);

  it('moves a failed part’s return forward only, one step at a time, for adjusters and up', async () => {
    const path = `claims/${claim.claimId}/part-returns`;
    expect((await bo(JP).post(path, { lineNo: 1, status: 'REQUESTED' }, 'viewer')).status).toBe(403);

    const requested = await bo(JP).post(path, { lineNo: 1, status: 'REQUESTED', note: 'send it to Nagoya' });
    expect(requested.status).toBe(200);
    expect(requested.json.partReturns).toEqual([
      expect.objectContaining({
        lineNo: 1,
        partNumber: 'BRK-CALIPER-10',
        supplier: SUPPLIER,
        status: 'REQUESTED',
      }),
    ]);
    const version = requested.json.version;

    // The same request again changes nothing; a skipped step and a step back are refused.
    const again = await bo(JP).post(path, { lineNo: 1, status: 'REQUESTED' });
    expect([again.status, again.json.version]).toEqual([200, version]);
    const skipped = await bo(JP).post(path, { lineNo: 1, status: 'INSPECTED' });
    expect([skipped.status, skipped.headers['content-type']]).toEqual([409, problemJson]);
    expect(skipped.json.detail).toMatch(/RECEIVED first/);

    const received = await bo(JP).post(path, { lineNo: 1, status: 'RECEIVED', note: 'arrived, seal intact' });
    expect(received.status).toBe(200);
    expect(
      received.json.partReturns[0].steps.map((s: { status: string; by: string }) => [s.status, s.by]),
    ).toEqual([
      ['REQUESTED', 'adjuster@claimflow.example'],
      ['RECEIVED', 'adjuster@claimflow.example'],
    ]);
    const back = await bo(JP).post(path, { lineNo: 1, status: 'REQUESTED' });
    expect(back.status).toBe(409);
    expect(back.json.detail).toMatch(/only moves forward/);
    expect((await detailOf(claim.claimId)).version).toBe(received.json.version);
  });

  it('refuses bad input naming the field, and a claim outside its home region, writing nothing', async () => {
    const path = `claims/${claim.claimId}/part-returns`;
    const before = (await detailOf(claim.claimId)).version;
    const noLine = await bo(JP).post(path, { lineNo: 9, status: 'REQUESTED' });
    expect([noLine.status, noLine.json.errors?.[0]?.pointer]).toEqual([400, '/lineNo']);
    const badStatus = await bo(JP).post(path, { lineNo: 2, status: 'LOST' });
    expect([badStatus.status, badStatus.json.errors?.[0]?.pointer]).toEqual([400, '/status']);
    const elsewhere = await bo(SOUTH).post(path, { lineNo: 2, status: 'REQUESTED' });
    expect([elsewhere.status, elsewhere.json.homeRegion]).toEqual([421, JP]);
    const wrongParameter = await bo(SOUTH).get('metrics?report=supplier-recovery&month=2026-01');
    expect([wrongParameter.status, wrongParameter.json.errors?.[0]?.parameter]).toEqual([400, 'month']);
    const backwards = await bo(SOUTH).get('metrics?report=supplier-recovery&from=2026-06&to=2026-01');
    expect([backwards.status, backwards.json.errors?.[0]?.parameter]).toEqual([400, 'from']);
    expect((await detailOf(claim.claimId)).version).toBe(before);
  });

  it('exports the supplier’s chargeback file as CSV, with where each failed part stands', async () => {
    // Read in another region than the claim's home: the part's return, moved in JP just before,
    // reaches this replica after replication's lag.
    const { res, mine } = await until(async () => {
      const res = await bo(SOUTH).get(
        `metrics?report=supplier-recovery&market=JP&supplier=${encodeURIComponent(SUPPLIER)}&format=csv&${period}`,
      );
      const mine = res.text
        .split('\r\n')
        .find((r) => r.includes(claim.claimId))
        ?.split(',');
      return mine?.[15] ? { res, mine } : undefined;
    }, 'the part return replicated to the report');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="supplier-recovery-Minato-Chassis-/,
    );
    const rows = res.text.split('\r\n');
    expect(rows[0]).toBe(
      'supplier,partNumber,category,claimId,lineNo,vin,market,partnerId,failureDate,odometerKm,claimStatus,campaignId,quantity,approvedAmount,currency,returnStatus',
    );
    const amount = claim.lines[0]!.approvedAmount!;
    // Yen has no minor unit: the amount is whole yen.
    expect([mine[0], mine[1], mine[4], mine[13], mine[14], mine[15]]).toEqual([
      SUPPLIER,
      'BRK-CALIPER-10',
      '1',
      String(amount.amountMinor),
      'JPY',
      'RECEIVED',
    ]);
    expect(rows.every((r) => r === '' || r.startsWith('supplier,') || r.startsWith(`${SUPPLIER},`))).toBe(
      true,
    );
  });
});
