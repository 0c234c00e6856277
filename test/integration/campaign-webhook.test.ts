import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, monthsLater } from '../../domain/calendar.ts';
import { makeVin } from '../../domain/vin.ts';
import { partnerApi, send, until } from '../support/partner-api.ts';

/**
 * `campaign.opened` over real HTTP on the embedded runtime: a partner of Sri Lanka subscribed to
 * it on a loopback receiver gets one signed delivery (Standard Webhooks, verified with the
 * `standardwebhooks` package) when a manager opens a campaign for its market, and lists it among
 * its deliveries by the campaign, not a claim.
 */

const endpoints = inject('endpoints');
const api = partnerApi(endpoints);
const SOUTH = 'ap-south-1';
const MARKET = 'LK';
const lk = api.as(api.partner('lk-colombo-motor-works'));

const manager = endpoints.backoffice.users.find((u) => u.role === 'manager')!.token;
const bo = (path: string, body: string, contentType: string) =>
  send(`${endpoints.backoffice.urls[SOUTH]}backoffice/v1/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${manager}`, 'content-type': contentType },
    body,
  });

const text = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => resolve(body));
  });

// A fleet of its own: a model no other test registers.
const run = Date.now() % 1_000_000;
const MODEL = `Recall ${run}`;
const vins = Array.from({ length: 3 }, (_, i) => makeVin('JCFKS17Z', 40_000_000 + run * 3 + i));
const deliveryDate = addDays(monthsLater(new Date().toISOString().slice(0, 10), -2), -1);

describe('campaign.opened webhooks on the embedded runtime', () => {
  let server: Server;
  let secret = '';
  const received: { id: string; type: string; data: Record<string, unknown> }[] = [];
  const unverified: string[] = [];

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await text(req);
      try {
        const payload = new Webhook(secret).verify(body, req.headers as Record<string, string>) as {
          type: string;
          data: Record<string, unknown>;
        };
        received.push({ id: String(req.headers['webhook-id']), ...payload });
        res.writeHead(204).end();
      } catch (err) {
        unverified.push((err as Error).message);
        res.writeHead(400).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('tells a subscribed partner of the market once, signed, with the campaign and its remedy', async () => {
    // Prepare: the partner's endpoint (its signing secret shown when set, or on a rotation).
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${run}`;
    const set = await lk.call('PUT', 'v1/webhook', { url, events: ['campaign.opened'] });
    expect([200, 201]).toContain(set.status);
    secret = set.json.secret ?? (await lk.call('POST', 'v1/webhook/rotate-secret')).json.secret;
    expect(secret).toMatch(/^whsec_/);
    const csv = [
      'vin,market,model,modelYear,powertrain,warrantyPlan,deliveryDate',
      ...vins.map(
        (vin) => `${vin},${MARKET},${MODEL},${deliveryDate.slice(0, 4)},ICE,standard,${deliveryDate}`,
      ),
    ].join('\r\n');
    expect((await bo('vehicles/import', `${csv}\r\n`, 'text/csv')).status).toBe(200);

    // Act: a manager opens a campaign for LK.
    const opened = await bo(
      'campaigns',
      JSON.stringify({
        title: 'Door lock actuator spring',
        component: 'body',
        markets: [MARKET],
        affected: { kind: 'fleet', model: MODEL },
        remedy: {
          laborOperation: 'BDY-R13',
          laborHours: 1,
          parts: [{ partNumber: 'BDY-DOORLOCK-13', quantity: 1 }],
        },
      }),
      'application/json',
    );
    expect(opened.status).toBe(201);
    const campaignId = opened.json.campaign.campaignId as string;

    // Assess: one verified delivery for this campaign, and the delivery listed by the campaign.
    const mine = () => received.filter((r) => r.data.campaignId === campaignId);
    await until(async () => (mine().length > 0 ? true : undefined), `campaign.opened for ${campaignId}`);
    expect(unverified).toEqual([]);
    expect(mine()).toEqual([
      {
        id: `msg_${campaignId}_lk-colombo-motor-works`,
        type: 'campaign.opened',
        timestamp: opened.json.campaign.openedAt,
        data: {
          campaignId,
          title: 'Door lock actuator spring',
          component: 'body',
          market: MARKET,
          openedAt: opened.json.campaign.openedAt,
          remedy: {
            laborOperation: 'BDY-R13',
            laborHours: 1,
            parts: [{ partNumber: 'BDY-DOORLOCK-13', quantity: 1 }],
          },
          vehicles: vins.length,
          openVehicles: 'GET /v1/campaigns',
        },
      },
    ]);
    const listed = await until(async () => {
      const res = await lk.call('GET', 'v1/webhook/deliveries?limit=100');
      return res.json.items.find((d: { campaignId?: string }) => d.campaignId === campaignId);
    }, 'the delivery in the list');
    expect(listed).toMatchObject({ type: 'campaign.opened', state: 'delivered' });
    expect(listed.claimId).toBeUndefined();
  }, 120_000);
});
