import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../domain/claim.ts';
import { keys } from '../../functions/data/keys.ts';
import { daysAgo, startLifecycleRuntime, submission } from '../support/lifecycle-runtime.ts';

/**
 * Resubmission (issue 16): a claim rejected for something the partner can correct is filed again,
 * corrected, as a new claim linked both ways, judged as filed when the first one was; at most two
 * corrections; other rejections are final (409 with the reason).
 */
type Rt = Awaited<ReturnType<typeof startLifecycleRuntime>>;
let rt: Rt;
const JP = 'ap-northeast-1';
let api = '';
let apiKey = '';

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  rt = await startLifecycleRuntime();
  api = rt.runtime.endpoints.regions[JP]!.partnerApi;
  apiKey = rt.runtime.endpoints.partners.find((p) => p.partnerId === 'jp-yokohama-export')!.apiKey;
  // Cold starts on a loaded machine can outlast the authorizer's timeout: warm the gateway first.
  for (let i = 0; i < 5 && (await call('GET', 'v1/openapi.json')).status !== 200; i++);
}, 90_000);
afterAll(async () => {
  await rt?.stop();
});

const vin = (powertrain: string, warranty = 'in-force') =>
  rt.runtime.endpoints.demo.vehicles.find(
    (v) => v.market === 'JP' && v.powertrain === powertrain && v.warranty === warranty,
  )!.vin;
const batteryLine = [{ partNumber: 'EVB-MODULE-48', quantity: 1, laborOperation: 'EVB-R04', laborHours: 5 }];
const brakeLine = [{ partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 }];

async function fileRejected(body: ReturnType<typeof submission>): Promise<string> {
  const filed = await call('POST', 'v1/claims', body, { 'Idempotency-Key': crypto.randomUUID() });
  expect(filed.status).toBe(201);
  await rt.until(String(filed.body.claimId), 'REJECTED');
  return String(filed.body.claimId);
}

const resubmit = (claimId: string, body: unknown, key: string = crypto.randomUUID()) =>
  call('POST', `v1/claims/${claimId}/resubmission`, body, { 'Idempotency-Key': key });

describe('resubmitting a rejected claim', () => {
  it('links the corrected claim both ways and counts its filing window from the first filing', async () => {
    // The battery reading was left out: rejected, BATTERY_SOH_MISSING. The failure was 35 days ago.
    const first = submission(vin('EV'), batteryLine, { failureDate: daysAgo(35) });
    // Filed then (20 days ago, 15 days after the failure) as far as the window is concerned:
    // the claim is written as filed 20 days ago, then the workflow judges it.
    const original = await call(
      'POST',
      'v1/claims',
      { ...first, failureDate: daysAgo(3) },
      {
        'Idempotency-Key': crypto.randomUUID(),
      },
    );
    const originalId = String(original.body.claimId);
    const rejected = await rt.until(originalId, 'REJECTED');
    expect(rejected.lines[0]?.reasons).toEqual(['BATTERY_SOH_MISSING']);
    const table = rt.runtime.globalTableIn(JP);
    const item = (await table.get<Record<string, unknown>>(keys.claim(originalId), true))!;
    const twentyDaysAgo = new Date(Date.now() - 20 * 86_400_000).toISOString();
    await table.put({
      ...(item as Claim & typeof item),
      pk: String(item.pk),
      sk: String(item.sk),
      homeRegion: JP,
      filedAt: twentyDaysAgo,
    });

    const key = crypto.randomUUID();
    const corrected = await resubmit(originalId, { ...first, batteryStateOfHealthPct: 61 }, key);
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    const correctedId = String(corrected.body.claimId);
    expect(corrected.body.resubmissionOf).toBe(originalId);
    expect((await call('GET', `v1/claims/${originalId}`)).body.resubmittedAs).toBe(correctedId);
    // 35 days after the failure, but 15 after the first filing: not late. Over Yokohama's limit: review.
    const judged = await rt.until(correctedId, ['IN_REVIEW', 'APPROVED', 'SCHEDULED', 'REJECTED']);
    expect(judged.reasons).not.toContain('LATE_SUBMISSION');
    expect(judged.status).toBe('IN_REVIEW');
    expect(judged.firstFiledAt).toBe(twentyDaysAgo);

    // The same request again answers with the same correction; another one is refused.
    const replay = await resubmit(originalId, { ...first, batteryStateOfHealthPct: 61 }, key);
    expect([replay.status, replay.body.claimId]).toEqual([201, correctedId]);
    const second = await resubmit(originalId, { ...first, batteryStateOfHealthPct: 62 });
    expect(second.status).toBe(409);
    expect(String(second.body.detail)).toContain(correctedId);
  });

  it('allows at most two corrections', async () => {
    const body = submission(vin('EV'), batteryLine);
    let claimId = await fileRejected(body);
    for (let n = 1; n <= 2; n++) {
      // Corrected, but the reading is still missing: rejected again.
      const again = await resubmit(claimId, body);
      expect(again.status).toBe(201);
      claimId = String(again.body.claimId);
      await rt.until(claimId, 'REJECTED');
    }
    const third = await resubmit(claimId, { ...body, batteryStateOfHealthPct: 61 });
    expect(third.status).toBe(409);
    expect(String(third.body.detail)).toMatch(/TOO_MANY_RESUBMISSIONS/);
  });

  it('refuses to resubmit a claim rejected for a reason no correction changes, or one not rejected', async () => {
    const expired = await fileRejected(submission(vin('ICE', 'expired-time'), brakeLine));
    const refused = await resubmit(expired, submission(vin('ICE', 'expired-time'), brakeLine));
    expect(refused.status).toBe(409);
    expect(String(refused.body.detail)).toMatch(/EXPIRED_TIME/);
    expect((await call('GET', `v1/claims/${expired}`)).body.resubmittedAs).toBeUndefined();

    const filed = await call('POST', 'v1/claims', submission(vin('ICE'), brakeLine), {
      'Idempotency-Key': crypto.randomUUID(),
    });
    const open = await resubmit(String(filed.body.claimId), submission(vin('ICE'), brakeLine));
    expect(open.status).toBe(409);
    expect(String(open.body.detail)).toMatch(/only a REJECTED claim/);
  });

  it('lets an adjuster approve a rejected claim as goodwill, with a reason and within the limit', async () => {
    const staff = (role: string) => rt.runtime.endpoints.backoffice.users.find((u) => u.role === role)!.token;
    const goodwill = async (claimId: string, body: unknown, role = 'adjuster') => {
      const res = await fetch(
        `${rt.runtime.endpoints.backoffice.urls[JP]}backoffice/v1/claims/${claimId}/goodwill`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${staff(role)}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
      );
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const expired = await fileRejected(submission(vin('ICE', 'expired-time'), brakeLine));

    const noReason = await goodwill(expired, {});
    expect(noReason.status).toBe(400);
    expect((noReason.body.errors as { pointer: string }[])[0]!.pointer).toBe('/reason');

    const approved = await goodwill(expired, {
      reason: 'Loyal fleet customer; the warranty ran out last week',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    expect(approved.body).toMatchObject({ status: 'APPROVED', goodwillOf: expired });
    const goodwillId = String(approved.body.claimId);
    expect((await rt.claimIn(expired)).goodwillAs).toBe(goodwillId);
    const scheduled = await rt.until(goodwillId, 'SCHEDULED');
    expect(scheduled.events.at(1)).toMatchObject({
      from: 'RECEIVED',
      to: 'APPROVED',
      actor: { kind: 'staff' },
    });
    expect((await goodwill(expired, { reason: 'again' })).status).toBe(409);

    // 3 valve bodies (195,000 yen) and 4 h of labour: over the adjuster's 200,000 yen, not a manager's.
    const costly = await fileRejected(
      submission(vin('ICE', 'expired-time'), [
        { partNumber: 'TRN-VALVEBODY-02', quantity: 3, laborOperation: 'TRN-R02', laborHours: 4 },
      ]),
    );
    const over = await goodwill(costly, { reason: 'Known transmission issue on this series' });
    expect(over.status).toBe(422);
    expect((await rt.claimIn(costly)).goodwillAs).toBeUndefined();
    expect(
      (await goodwill(costly, { reason: 'Known transmission issue on this series' }, 'manager')).status,
    ).toBe(201);
  });
});
