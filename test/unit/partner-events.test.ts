import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { transition } from '../../domain/claim.ts';
import {
  campaignOpenedEvents,
  DEFAULT_WEBHOOK_RETRY,
  nextWebhookAttempt,
  partnerEventsBetween,
  webhookBody,
  webhookOutcome,
} from '../../domain/partner-events.ts';
import { WEBHOOK_EVENT_SCHEMAS } from '../../functions/partner-api/webhook-contract.ts';
import { newWebhookSecret, webhookHeaders } from '../../functions/webhooks/signing.ts';
import { addressAllowed, webhookUrlProblem } from '../../functions/webhooks/url-checks.ts';
import { aClaim } from './support/fixtures.ts';

const ctx = (at: string) => ({
  actor: { kind: 'system' as const, id: 'test' },
  reason: 'test',
  region: 'ap-south-1' as const,
  at: new Date(at),
});

describe('partner events of a claim change', () => {
  it('reports each status change with from, to and reasons, with an id per version and position', () => {
    const before = aClaim({ version: 4 });
    const after = {
      ...transition(before, 'REJECTED', ctx('2025-01-15T06:01:00Z')),
      reasons: ['EXPIRED_TIME'],
    };
    const events = partnerEventsBetween(before, after);
    expect(events).toEqual([
      {
        eventId: `msg_${before.claimId}_4_0`,
        type: 'claim.status_changed',
        timestamp: '2025-01-15T06:01:00.000Z',
        data: expect.objectContaining({
          claimId: before.claimId,
          from: 'RECEIVED',
          to: 'REJECTED',
          reasons: ['EXPIRED_TIME'],
        }),
      },
    ]);
    expect(
      WEBHOOK_EVENT_SCHEMAS['claim.status_changed'].parse(JSON.parse(webhookBody(events[0]!))),
    ).toBeTruthy();
  });

  it('reports the appointment when the claim is scheduled, and again only when it moves', () => {
    const appointment = {
      technicianId: 't1',
      centreId: 'c1',
      start: '2025-01-16T03:00:00Z',
      end: '2025-01-16T05:00:00Z',
    };
    const approved = aClaim({ status: 'APPROVED', appointment });
    const scheduled = transition(approved, 'SCHEDULED', ctx('2025-01-15T07:00:00Z'));
    const types = partnerEventsBetween(approved, scheduled).map((e) => e.type);
    expect(types).toEqual(['claim.status_changed', 'claim.appointment_booked']);
    const booked = partnerEventsBetween(approved, scheduled)[1]!;
    expect(
      WEBHOOK_EVENT_SCHEMAS['claim.appointment_booked'].parse(JSON.parse(webhookBody(booked))),
    ).toBeTruthy();
    expect(partnerEventsBetween(scheduled, { ...scheduled, updatedAt: '2025-01-15T08:00:00Z' })).toEqual([]);
    const moved = { ...scheduled, appointment: { ...appointment, start: '2025-01-17T03:00:00Z' } };
    expect(partnerEventsBetween(scheduled, moved).map((e) => [e.type, e.data.rebooked])).toEqual([
      ['claim.appointment_booked', true],
    ]);
  });

  it('turns a repair reminder into a claim.repair_report_due event and settlement into claim.settled', () => {
    const scheduled = aClaim({ status: 'SCHEDULED', repairReminders: 1 });
    const reminded = { ...scheduled, repairReminders: 2 };
    expect(partnerEventsBetween(scheduled, reminded).map((e) => [e.type, e.data.reminder])).toEqual([
      ['claim.repair_report_due', 2],
    ]);
    const repaired = aClaim({ status: 'REPAIRED' });
    const settled = {
      ...transition(repaired, 'SETTLED', ctx('2025-02-01T00:00:00Z')),
      amounts: { settled: { amountMinor: 24_800, currency: 'JPY' } },
    };
    const events = partnerEventsBetween(repaired, settled);
    expect(events.map((e) => e.type)).toEqual(['claim.status_changed', 'claim.settled']);
    expect(events[1]!.data.settled).toEqual({ amountMinor: 24_800, currency: 'JPY' });
    expect(WEBHOOK_EVENT_SCHEMAS['claim.settled'].parse(JSON.parse(webhookBody(events[1]!)))).toBeTruthy();
  });
});

describe('campaign.opened', () => {
  const campaign = {
    campaignId: 'CMP-20261206-K7Q2MX',
    title: 'Front brake caliper piston seal',
    component: 'brakes' as const,
    markets: ['NP', 'BD'],
    openedAt: '2026-12-06T10:00:00.000Z',
    remedy: {
      laborOperation: 'BRK-R10',
      laborHours: 1.2,
      parts: [{ partNumber: 'BRK-CALIPER-10', quantity: 1 }],
    },
    byMarket: [
      { market: 'NP', vehicles: 120, noticesSent: 0 },
      { market: 'BD', vehicles: 30, noticesSent: 0 },
    ],
  };
  const partners = [
    { partnerId: 'np-everest-auto', market: 'NP' },
    { partnerId: 'bd-dhaka-auto-care', market: 'BD' },
    { partnerId: 'jp-yokohama-export', market: 'JP' },
  ];

  it('tells each partner of the markets the campaign names, once each, with its market’s vehicles', () => {
    const events = campaignOpenedEvents(campaign, partners);
    expect(events.map((e) => [e.partnerId, e.eventId, e.data.market, e.data.vehicles])).toEqual([
      ['np-everest-auto', 'msg_CMP-20261206-K7Q2MX_np-everest-auto', 'NP', 120],
      ['bd-dhaka-auto-care', 'msg_CMP-20261206-K7Q2MX_bd-dhaka-auto-care', 'BD', 30],
    ]);
    // The same campaign and partners again: the same ids (a repeated write cannot send twice).
    expect(campaignOpenedEvents(campaign, partners).map((e) => e.eventId)).toEqual(
      events.map((e) => e.eventId),
    );
  });

  it('sends a body the documented schema accepts', () => {
    const [event] = campaignOpenedEvents(campaign, partners);
    expect(WEBHOOK_EVENT_SCHEMAS['campaign.opened'].parse(JSON.parse(webhookBody(event!)))).toMatchObject({
      type: 'campaign.opened',
      data: { campaignId: campaign.campaignId, remedy: campaign.remedy },
    });
  });
});

describe('webhook retries', () => {
  it('backs off exponentially and keeps trying for at least 24 hours, the last attempt at the end of the window', () => {
    const first = new Date('2025-01-01T00:00:00Z');
    let now = first;
    const waits: number[] = [];
    for (let failed = 1; ; failed++) {
      const next = nextWebhookAttempt(first, failed, now, DEFAULT_WEBHOOK_RETRY);
      if (!next) break;
      waits.push((next.getTime() - now.getTime()) / 1000);
      now = next;
    }
    expect(waits.slice(0, 4)).toEqual([30, 60, 120, 240]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(6 * 3600);
    expect(now.getTime() - first.getTime()).toBe(24 * 3600 * 1000);
    expect(waits.length).toBeLessThanOrEqual(20);
  });

  it('counts 2xx as delivered, 410 as gone, anything else (or no answer) as a retry', () => {
    expect([200, 204, 299, 410, 301, 400, 500, undefined].map(webhookOutcome)).toEqual([
      'delivered',
      'delivered',
      'delivered',
      'gone',
      'retry',
      'retry',
      'retry',
      'retry',
    ]);
  });
});

describe('webhook URLs and signatures', () => {
  const aws = { allowLoopback: false };
  const local = { allowLoopback: true };

  it('accepts public https URLs and refuses plain http, private, link-local and loopback addresses', () => {
    expect(webhookUrlProblem('https://dealer.example/hooks', aws)).toBeUndefined();
    expect(webhookUrlProblem('http://dealer.example/hooks', aws)).toMatch(/https/);
    for (const url of [
      'https://10.0.0.5/x',
      'https://192.168.1.1/x',
      'https://172.16.0.1/x',
      'https://169.254.169.254/latest/meta-data',
      'https://[fe80::1]/x',
      'https://[fd00::1]/x',
      'https://[::ffff:10.0.0.1]/x',
      'https://100.64.0.1/x',
      'https://0.0.0.0/x',
    ])
      expect(webhookUrlProblem(url, aws), url).toMatch(/private|link-local|reserved/);
    expect(webhookUrlProblem('https://127.0.0.1/x', aws)).toMatch(/loopback/);
    expect(webhookUrlProblem('http://localhost:8080/x', aws)).toMatch(/loopback/);
    expect(webhookUrlProblem('https://user:pw@dealer.example/x', aws)).toMatch(/user name/);
    expect(webhookUrlProblem('not a url', aws)).toMatch(/absolute URL/);
  });

  it('allows loopback, over http too, only where the configuration says so', () => {
    expect(webhookUrlProblem('http://127.0.0.1:9000/hooks', local)).toBeUndefined();
    expect(webhookUrlProblem('http://[::1]:9000/hooks', local)).toBeUndefined();
    expect(webhookUrlProblem('http://10.0.0.5/hooks', local)).toMatch(/https/);
    expect(addressAllowed('127.0.0.1', local)).toBe(true);
    expect(addressAllowed('127.0.0.1', aws)).toBe(false);
    expect(addressAllowed('93.184.215.14', aws)).toBe(true);
    expect(addressAllowed('169.254.169.254', local)).toBe(false);
  });

  it('signs so that the standardwebhooks package verifies with the current secret and, after a rotation, with either', () => {
    const oldSecret = newWebhookSecret();
    const newSecret = newWebhookSecret();
    const body = '{"type":"claim.settled","timestamp":"2025-01-01T00:00:00.000Z","data":{}}';
    const headers = webhookHeaders([oldSecret, newSecret], 'msg_1', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(newSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });
});
