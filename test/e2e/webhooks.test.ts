import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../domain/claim.ts';
import { startLifecycleRuntime, submission } from '../support/lifecycle-runtime.ts';

/**
 * Acceptance (issue 16): a partner's receiver on loopback verifies every delivery with the
 * `standardwebhooks` package, fails the first two on purpose, and still gets each event of a
 * claim's life exactly once by webhook-id (retries carry the same id; the receiver dedupes by it).
 */
type Rt = Awaited<ReturnType<typeof startLifecycleRuntime>>;
let rt: Rt;
const JP = 'ap-northeast-1';
const PARTNER = 'jp-yokohama-export';

interface Received {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

class Receiver {
  server!: Server;
  url = '';
  secret = '';
  requests = 0;
  failFirst = 2;
  unverified: string[] = [];
  /** Every verified delivery, retries included. */
  deliveries: Received[] = [];
  /** Deduplicated by webhook-id, as the receiver's own processing would be. */
  byId = new Map<string, Received>();

  async start() {
    this.server = createServer(async (req, res) => {
      const body = await text(req);
      this.requests++;
      try {
        const payload = new Webhook(this.secret).verify(body, req.headers as Record<string, string>) as {
          type: string;
          data: Record<string, unknown>;
        };
        const id = String(req.headers['webhook-id']);
        const received = { id, type: payload.type, data: payload.data };
        this.deliveries.push(received);
        if (this.requests <= this.failFirst) {
          res.writeHead(503).end('not today');
          return;
        }
        if (!this.byId.has(id)) this.byId.set(id, received);
        res.writeHead(204).end();
      } catch (err) {
        this.unverified.push(`${(err as Error).message}: ${body.slice(0, 80)}`);
        res.writeHead(400).end();
      }
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/claimflow`;
  }
}

const text = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      s += c;
    });
    req.on('end', () => resolve(s));
  });

const receiver = new Receiver();
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
  await receiver.start();
  api = rt.runtime.endpoints.regions[JP]!.partnerApi;
  apiKey = rt.runtime.endpoints.partners.find((p) => p.partnerId === PARTNER)!.apiKey;
  // Cold starts of the authorizer on a loaded machine can run past its 5 s timeout; this file is
  // about webhooks, so it warms the gateway first (a 500 here is retried, not counted).
  for (let i = 0; i < 5 && (await call('GET', 'v1/openapi.json')).status !== 200; i++);
}, 90_000);
afterAll(async () => {
  receiver.server?.close();
  await rt?.stop();
});

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('partner webhooks end to end', () => {
  it('delivers every event of a claim once by webhook-id, signed, after the first two deliveries failed', async () => {
    const set = await call('PUT', 'v1/webhook', {
      url: receiver.url,
      events: [
        'claim.status_changed',
        'claim.appointment_booked',
        'claim.repair_report_due',
        'claim.settled',
      ],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(201);
    expect(String(set.body.secret)).toMatch(/^whsec_/);
    receiver.secret = String(set.body.secret);
    // The secret is shown once: setting the endpoint again does not repeat it.
    const again = await call('PUT', 'v1/webhook', { url: receiver.url, events: set.body.events });
    expect(again.status).toBe(200);
    expect(again.body.secret).toBeUndefined();

    const vin = rt.runtime.endpoints.demo.vehicles.find(
      (v) => v.market === 'JP' && v.powertrain === 'ICE' && v.warranty === 'in-force',
    )!.vin;
    const filed = await call(
      'POST',
      'v1/claims',
      submission(vin, [
        { partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 },
      ]),
      { 'Idempotency-Key': crypto.randomUUID() },
    );
    expect(filed.status).toBe(201);
    const claimId = String(filed.body.claimId);
    await rt.until(claimId, 'SCHEDULED');
    // Not reported in time: the workflow reminds the partner, by webhook.
    await eventually('a repair reminder', async () => {
      const c = await rt.claimIn(claimId);
      return (c.repairReminders ?? 0) >= 1 ? c : undefined;
    });
    const done = await call('POST', `v1/claims/${claimId}/completion`, {
      completedAt: new Date().toISOString(),
      partsUsed: [{ partNumber: 'BRK-CALIPER-10', quantity: 1 }],
      laborHours: 1.2,
      notes: 'caliper replaced',
    });
    expect(done.status).toBe(202);
    const closed: Claim = await rt.until(claimId, 'CLOSED');

    const transitions = closed.events.filter((e) => e.from !== null).map((e) => `${e.from}→${e.to}`);
    const reminders = closed.repairReminders ?? 0;
    const expected = transitions.length + 1 /* booked */ + 1 /* settled */ + reminders;
    const ofClaim = () => [...receiver.byId.values()].filter((r) => r.data.claimId === claimId);
    await eventually('every event of the claim', async () =>
      ofClaim().length >= expected ? true : undefined,
    );
    // Settle: nothing more is pending for this partner.
    await eventually('no pending delivery', async () => {
      const page = await call('GET', 'v1/webhook/deliveries?limit=100');
      const items = page.body.items as { state: string; claimId: string }[];
      return items.filter((i) => i.claimId === claimId).every((i) => i.state === 'delivered')
        ? items
        : undefined;
    });

    expect(receiver.unverified).toEqual([]);
    const received = ofClaim();
    expect(received).toHaveLength(expected);
    expect(
      received
        .filter((r) => r.type === 'claim.status_changed')
        .map((r) => `${r.data.from}→${r.data.to}`)
        .sort(),
    ).toEqual([...transitions].sort());
    expect(received.filter((r) => r.type === 'claim.appointment_booked')).toHaveLength(1);
    expect(received.filter((r) => r.type === 'claim.settled').map((r) => r.data.settled)).toEqual([
      { amountMinor: 24_800, currency: 'JPY' },
    ]);
    expect(received.filter((r) => r.type === 'claim.repair_report_due').map((r) => r.data.reminder)).toEqual(
      Array.from({ length: reminders }, (_, i) => i + 1),
    );
    // The two failed deliveries came again with the same webhook-id, and were the only repeats.
    const failedIds = receiver.deliveries.slice(0, 2).map((d) => d.id);
    for (const id of failedIds)
      expect(receiver.deliveries.filter((d) => d.id === id).length).toBeGreaterThanOrEqual(2);
    const repeats = receiver.deliveries.length - new Set(receiver.deliveries.map((d) => d.id)).size;
    expect(repeats).toBe(2);

    // The partner sees the attempts: the failures, then the success.
    const page = await call('GET', 'v1/webhook/deliveries?limit=100');
    const first = (page.body.items as { eventId: string; attempts: { httpStatus?: number }[] }[]).find(
      (i) => i.eventId === failedIds[0],
    )!;
    expect(first.attempts.map((a) => a.httpStatus)).toEqual(
      failedIds[0] === failedIds[1] ? [503, 503, 204] : [503, 204],
    );

    // The back office sees the same, and never the secret.
    const viewer = rt.runtime.endpoints.backoffice.users.find((u) => u.role === 'viewer')!;
    const bo = await fetch(
      `${rt.runtime.endpoints.backoffice.urls[JP]}backoffice/v1/partners/${PARTNER}/webhook`,
      {
        headers: { authorization: `Bearer ${viewer.token}` },
      },
    );
    expect(bo.status).toBe(200);
    const seen = (await bo.json()) as {
      endpoint: Record<string, unknown>;
      deliveries: { items: { eventId: string }[] };
    };
    expect(seen.endpoint.url).toBe(receiver.url);
    expect(JSON.stringify(seen)).not.toContain('whsec_');
    expect(seen.deliveries.items.map((d) => d.eventId)).toContain(failedIds[0]);
  });

  it('refuses a webhook URL on a link-local or private address, naming the field, and writes nothing', async () => {
    const before = await call('GET', 'v1/webhook');
    for (const url of [
      'https://169.254.169.254/latest/meta-data',
      'https://10.1.2.3/hooks',
      'ftp://dealer.example/x',
    ]) {
      const res = await call('PUT', 'v1/webhook', { url, events: ['claim.settled'] });
      expect(res.status, url).toBe(400);
      expect((res.body.errors as { pointer: string }[])[0]!.pointer).toBe('/url');
    }
    const bad = await call('PUT', 'v1/webhook', { url: receiver.url, events: ['claim.nothing'] });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { pointer: string }[])[0]!.pointer).toBe('/events/0');
    const after = await call('GET', 'v1/webhook');
    expect([after.status, after.body.type, after.body.url]).toEqual([
      before.status,
      before.body.type,
      before.body.url,
    ]);
  });

  it('keeps a claim moving while its endpoint hangs, and disables the endpoint when it answers 410 Gone', async () => {
    const NP = 'ap-south-1';
    const npApi = rt.runtime.endpoints.regions[NP]!.partnerApi;
    const npKey = rt.runtime.endpoints.partners.find((p) => p.partnerId === 'np-himalayan-motors')!.apiKey;
    const np = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${npApi}${path}`, {
        method,
        headers: { 'x-api-key': npKey, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    let hold = true;
    const held: import('node:http').ServerResponse[] = [];
    let requests = 0;
    const gone = createServer((req, res) => {
      requests++;
      req.resume();
      if (hold) held.push(res);
      else res.writeHead(410).end();
    });
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(gone.address() as AddressInfo).port}/gone`;
      expect((await np('PUT', 'v1/webhook', { url, events: ['claim.status_changed'] })).status).toBe(201);
      const vin = rt.runtime.endpoints.demo.vehicles.find(
        (v) => v.market === 'NP' && v.powertrain === 'ICE' && v.warranty === 'in-force',
      )!.vin;
      const filed = await np(
        'POST',
        'v1/claims',
        submission(vin, [
          { partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 },
        ]),
        { 'Idempotency-Key': crypto.randomUUID() },
      );
      const claimId = String(filed.body.claimId);
      await eventually('the first delivery to arrive', async () => (held.length > 0 ? true : undefined));
      // The endpoint has not answered, and the claim went on regardless.
      await rt.until(claimId, 'SCHEDULED');
      expect(held.every((r) => !r.writableEnded)).toBe(true);

      hold = false;
      for (const r of held) r.writeHead(410).end();
      const disabled = await eventually('the endpoint to be disabled', async () => {
        const w = await np('GET', 'v1/webhook');
        return w.body.enabled === false ? w.body : undefined;
      });
      expect(String(disabled.disabledReason)).toMatch(/410 Gone/);
      const seen = requests;

      // Later events are not sent to a disabled endpoint; the partner sees why.
      await rt.op(NP, 'completeRepair', {
        claimId,
        completion: {
          completedAt: new Date().toISOString(),
          partsUsed: [{ partNumber: 'BRK-CALIPER-10', quantity: 1 }],
          laborHours: 1.2,
          notes: 'caliper replaced',
        },
      });
      await rt.until(claimId, 'SETTLED');
      const items = await eventually('every delivery of the claim to end', async () => {
        const page = await np('GET', 'v1/webhook/deliveries?limit=100');
        const mine = (page.body.items as { claimId: string; state: string; note?: string }[]).filter(
          (i) => i.claimId === claimId,
        );
        return mine.length >= 4 && mine.every((i) => i.state === 'failed') ? mine : undefined;
      });
      expect(items.some((i) => /410 Gone/.test(i.note ?? ''))).toBe(true);
      expect(items.some((i) => /endpoint disabled at/.test(i.note ?? ''))).toBe(true);
      expect(requests).toBe(seen);

      // Setting the endpoint again turns it back on.
      const again = await np('PUT', 'v1/webhook', { url, events: ['claim.status_changed'] });
      expect(again.status).toBe(200);
      expect(again.body.enabled).toBe(true);
    } finally {
      for (const r of held) if (!r.writableEnded) r.destroy();
      gone.close();
    }
  });
});
