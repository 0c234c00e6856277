import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../domain/claim.ts';
import type { CustomerContact } from '../../domain/customer.ts';
import { emailHash } from '../../functions/data/follow-up-store.ts';
import { keys } from '../../functions/data/keys.ts';
import type { NpsReport } from '../../functions/follow-up/nps-report.ts';
import { catalogueFor } from '../../functions/mail/catalogue.ts';
import { defaultConfig, loadConfig } from '../../infra/config.ts';
import { maintenanceReminderArn } from '../../local/runtime.ts';
import type { OutboxMessage } from '../../local/ses/outbox.ts';
import { startLifecycleRuntime, submission } from '../support/lifecycle-runtime.ts';

type Rt = Awaited<ReturnType<typeof startLifecycleRuntime>>;
let rt: Rt;
const SOUTH = 'ap-south-1';
const EUROPE = 'eu-central-1';
const JP = 'ap-northeast-1';
const DAY = 86_400;

// A day of workflow time lasts ~86 ms. The survey reminder waits 60 days (~5 s) so a test can answer
// the survey in between; the maintenance reminder is due 20 days after the repair.
const config = loadConfig({
  ...structuredClone(defaultConfig),
  workflow: {
    ...defaultConfig.workflow,
    surveyReminderAfterSeconds: 60 * DAY,
    maintenanceReminderAfterSeconds: 20 * DAY,
  },
});

beforeAll(async () => {
  rt = await startLifecycleRuntime(1 / 1_000_000, { config });
}, 90_000);
afterAll(async () => {
  await rt?.stop();
});

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

// Each claim on a market's vehicle needs another vehicle or component: the same VIN and component
// within 90 days would go to review as a possible duplicate.
const vehicle = (market: string, powertrain = 'ICE') =>
  rt.runtime.endpoints.demo.vehicles.find(
    (v) => v.market === market && v.powertrain === powertrain && v.warranty === 'in-force',
  )!.vin;

const caliper = [{ partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 }];
const strut = [{ partNumber: 'SUS-STRUT-09', quantity: 1, laborOperation: 'SUS-R09', laborHours: 1.6 }];

async function file(
  region: string,
  partnerId: string,
  market: string,
  customer: CustomerContact,
  on: { powertrain?: string; lines?: typeof caliper } = {},
) {
  const { claim } = await rt.op<{ claim: Claim }>(region, 'fileClaim', {
    partnerId,
    submission: submission(vehicle(market, on.powertrain), on.lines ?? caliper, { customer }),
    idempotencyKey: crypto.randomUUID(),
  });
  return claim;
}

/** The claim's emails, oldest first. */
const mailOf = (claimId: string): OutboxMessage[] => rt.runtime.outbox.messages({ claimId }).reverse();
const templatesOf = (claimId: string) => mailOf(claimId).map((m) => m.tags.template);

async function eventually<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const email = (claimId: string, template: string) =>
  eventually(`${template} email of ${claimId}`, () =>
    mailOf(claimId).find((m) => m.tags.template === template),
  );

const tokenIn = (message: OutboxMessage, page: 'survey' | 'status' | 'unsubscribe') =>
  decodeURIComponent(new RegExp(`/p/${page}\\?t=([^&\\s]+)`).exec(message.text ?? '')![1]!);

/** A public page's handler, invoked as API Gateway would (payload format 1.0). */
async function page(
  region: string,
  functionName: string,
  method: 'GET' | 'POST',
  t: string,
  form?: Record<string, string>,
) {
  const path = functionName.startsWith('survey')
    ? '/p/survey'
    : functionName.startsWith('status')
      ? '/p/status'
      : '/p/unsubscribe';
  return (await rt.runtime.lambda.invoke({
    region,
    functionName,
    payload: {
      resource: path,
      path,
      httpMethod: method,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      multiValueHeaders: {},
      queryStringParameters: { t },
      multiValueQueryStringParameters: { t: [t] },
      pathParameters: null,
      stageVariables: null,
      body: form ? new URLSearchParams(form).toString() : null,
      isBase64Encoded: false,
      requestContext: { httpMethod: method, path, requestId: crypto.randomUUID() },
    },
  })) as { statusCode: number; headers: Record<string, string>; body: string };
}

const complete = (region: string, claimId: string) =>
  rt.op(region, 'completeRepair', {
    claimId,
    completion: {
      completedAt: new Date().toISOString(),
      partsUsed: [{ partNumber: 'BRK-CALIPER-10', quantity: 1 }],
      laborHours: 1.2,
      notes: 'caliper replaced',
    },
  });

/** The claim's MaintenanceReminder execution, once it has finished. */
async function reminderDone(region: string, claimId: string) {
  const executionArn = `${maintenanceReminderArn(region).replace(':stateMachine:', ':execution:')}:${claimId}-maintenance-e1`;
  return eventually(`maintenance reminder of ${claimId}`, async () => {
    const d = await rt
      .sfnIn(region)
      .send(new DescribeExecutionCommand({ executionArn }))
      .catch(() => undefined);
    return d && d.status !== 'RUNNING' ? d : undefined;
  });
}

/** Kathmandu is UTC+05:45: the appointment's wall-clock time there, worked out by hand, in Devanagari digits. */
function kathmanduClock(iso: string): string {
  const t = new Date(Date.parse(iso) + (5 * 60 + 45) * 60_000);
  const hhmm = `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
  return hhmm.replace(/\d/g, (d) => '०१२३४५६७८९'[Number(d)]!);
}

// ── the tests ───────────────────────────────────────────────────────────────────────────────

describe('a claim of a customer who reads Nepali', () => {
  it('leaves the whole sequence of emails in Nepali, the appointment in Kathmandu time', async () => {
    // Prepare / Act
    const claim = await file(SOUTH, 'np-himalayan-motors', 'NP', {
      name: 'Sita Sharma',
      email: 'sita.sharma@example.com',
      language: 'ne',
    });
    const scheduled = await rt.until(claim.claimId, 'SCHEDULED');
    await complete(SOUTH, claim.claimId);
    await rt.until(claim.claimId, 'CLOSED');
    await reminderDone(SOUTH, claim.claimId);

    // Assess
    expect(templatesOf(claim.claimId)).toEqual([
      'appointment',
      'repair-done',
      'survey-reminder',
      'maintenance-reminder',
    ]);
    const ne = catalogueFor('ne').catalogue.messages;
    const mail = mailOf(claim.claimId);
    expect(mail.map((m) => m.subject)).toEqual([
      // An auto-approved claim's first email is the appointment: it says the claim arrived, was
      // approved and when the repair is (one email, not three within minutes).
      ne['appointmentApproved.subject'],
      // The repair-done email asks the survey question: no survey email of its own.
      ne['repairDone.subject'],
      ne['surveyReminder.subject'],
      ne['maintenance.subject'],
    ]);
    for (const m of mail) {
      expect(m.tags.language, m.tags.template).toBe('ne');
      expect(m.to).toEqual(['sita.sharma@example.com']);
      expect(m.text, m.tags.template).toMatch(/^नमस्ते Sita Sharma ज्यू,/);
      expect(m.html, m.tags.template).toContain('<html lang="ne">');
      expect(m.headers?.['List-Unsubscribe'], m.tags.template).toMatch(
        /^<http:\/\/127\.0\.0\.1:\d+\/p\/unsubscribe\?t=/,
      );
    }
    const repairDone = mail.find((m) => m.tags.template === 'repair-done')!;
    expect(repairDone.text).toContain(ne['survey.question']);
    expect(repairDone.text).toMatch(/\/p\/survey\?t=/);
    const appointment = mail.find((m) => m.tags.template === 'appointment')!;
    expect(appointment.text).toContain(`${kathmanduClock(scheduled.appointment!.start)} GMT+५:४५`);
    expect(appointment.text).toMatch(/प्राविधिक: (Sanjay Shrestha|Anita Gurung|Pema Sherpa)/);
    expect(appointment.text).toContain('Teku Road 14, Kathmandu 44600, Nepal');
  });

  it('has a status page in Nepali that says where the claim stands and whom to call', async () => {
    const claim = await file(
      SOUTH,
      'np-everest-auto',
      'NP',
      {
        name: 'Hari Adhikari',
        email: 'hari@example.com',
        language: 'ne',
      },
      { powertrain: 'HYBRID' },
    );
    const appointment = await email(claim.claimId, 'appointment');
    await rt.until(claim.claimId, 'SCHEDULED');

    const res = await page(SOUTH, 'status-page', 'GET', tokenIn(appointment, 'status'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain(catalogueFor('ne').catalogue.statuses.SCHEDULED.now);
    expect(res.body).toContain('GMT+५:४५');
    expect(res.body).toContain('+977 61 465 000');

    // One character of the signature changed for certain (the last one was sometimes already 'x',
    // and its low bits are padding): a character whose every bit counts, set to another value.
    const token = tokenIn(appointment, 'status');
    const at = token.length - 5;
    const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    const forged = await page(SOUTH, 'status-page', 'GET', tampered);
    expect(forged.statusCode).toBe(400);

    // The link in the email, as the customer's phone opens it: through the local gateway.
    const link = /http:\/\/\S+\/p\/status\?t=\S+/.exec(appointment.text ?? '')![0];
    const opened = await fetch(link);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain(catalogueFor('ne').catalogue.statuses.SCHEDULED.now);
  });
});

describe('a claim of a Japanese customer', () => {
  it('is followed up in Japanese, and the survey answer counts once in NPS', async () => {
    const claim = await file(JP, 'jp-yokohama-export', 'JP', {
      name: '山田 愛子',
      email: 'aiko.yamada@example.com',
      language: 'ja',
    });
    // The centre is chosen at adjudication (the earliest qualified technician), not at filing.
    const { centreId } = await rt.until(claim.claimId, 'SCHEDULED');
    expect(centreId).toBeDefined();
    await complete(JP, claim.claimId);
    // The survey is asked in the repair-done email.
    const survey = await email(claim.claimId, 'repair-done');
    const token = tokenIn(survey, 'survey');

    // The page opens in Japanese, with the score chosen in the email preselected.
    const form = await page(JP, 'survey-page', 'GET', token);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<html lang="ja">');
    const first = await page(JP, 'survey-answer', 'POST', token, {
      t: token,
      score: '9',
      comment: 'とても丁寧でした',
    });
    const second = await page(JP, 'survey-answer', 'POST', token, { t: token, score: '2' });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain(catalogueFor('ja').catalogue.messages['surveyPage.thanks']);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain(catalogueFor('ja').catalogue.messages['surveyPage.already']);
    const reopened = await page(JP, 'survey-page', 'GET', token);
    expect(reopened.body).toContain(catalogueFor('ja').catalogue.messages['surveyPage.already']);

    await rt.until(claim.claimId, 'CLOSED');
    await reminderDone(JP, claim.claimId);
    // Answered: no survey reminder.
    expect(templatesOf(claim.claimId)).toEqual(['appointment', 'repair-done', 'maintenance-reminder']);
    expect(new Set(mailOf(claim.claimId).map((m) => m.tags.language))).toEqual(new Set(['ja']));
    expect(mailOf(claim.claimId)[0]!.text).toMatch(/^山田 愛子 様/);

    // NPS, asked in another region (the back office reads its replica): one promoter for the partner.
    const report = await eventually('the NPS entry replicated', async () => {
      const r = await rt.op<NpsReport>(EUROPE, 'npsReport', {});
      return r.byPartner['jp-yokohama-export'] ? r : undefined;
    });
    expect(report.byPartner['jp-yokohama-export']).toEqual({
      responses: 1,
      promoters: 1,
      passives: 0,
      detractors: 0,
      nps: 100,
      region: JP,
    });
    expect(report.byRegion[JP]?.responses).toBe(1);
    expect(report.overall.responses).toBe(1);
    await expect(rt.op(EUROPE, 'npsReport', { from: '2026-13' })).rejects.toThrow(/month/);

    // The back office reads the comment, and the NPS per partner and per centre (issue 16).
    const viewer = rt.runtime.endpoints.backoffice.users.find((u) => u.role === 'viewer')!;
    type Feedback = {
      comments: { claimId: string; score: number; comment: string; centreId?: string }[];
      partners: {
        partnerId: string;
        nps?: number;
        centres: { centreId: string; name: string; nps?: number }[];
      }[];
    };
    const feedback = await eventually('the comment in the feedback report', async () => {
      const res = await fetch(
        `${rt.runtime.endpoints.backoffice.urls[EUROPE]}backoffice/v1/feedback?region=${JP}`,
        {
          headers: { authorization: `Bearer ${viewer.token}` },
        },
      );
      const body = (await res.json()) as Feedback;
      return body.comments?.some((c) => c.claimId === claim.claimId) ? body : undefined;
    });
    expect(feedback.comments.find((c) => c.claimId === claim.claimId)).toEqual({
      claimId: claim.claimId,
      partnerId: 'jp-yokohama-export',
      centreId: centreId,
      score: 9,
      comment: 'とても丁寧でした',
      at: expect.any(String),
    });
    const yokohama = feedback.partners.find((p) => p.partnerId === 'jp-yokohama-export')!;
    expect(yokohama.nps).toBe(100);
    expect(yokohama.centres).toEqual([
      expect.objectContaining({
        centreId: centreId,
        responses: 1,
        nps: 100,
        name: expect.not.stringMatching(/not recorded/),
      }),
    ]);
  });
});

describe('consent', () => {
  it('after the customer unsubscribes, sends no survey and no reminder, but the news about the claim', async () => {
    const claim = await file(SOUTH, 'bd-dhaka-auto-care', 'BD', {
      name: 'Nusrat Rahman',
      email: 'nusrat@example.com',
      language: 'bn',
    });
    const first = await email(claim.claimId, 'appointment');
    const t = tokenIn(first, 'unsubscribe');

    const ask = await page(SOUTH, 'unsubscribe-page', 'GET', t);
    expect(ask.body).toContain(catalogueFor('bn').catalogue.messages['unsubscribe.button']);
    // Opening the link changes nothing (mail scanners open links): only the POST unsubscribes.
    const done = await page(SOUTH, 'unsubscribe', 'POST', t, { 'List-Unsubscribe': 'One-Click' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('nu•••@example.com');

    await rt.until(claim.claimId, 'SCHEDULED');
    await complete(SOUTH, claim.claimId);
    await rt.until(claim.claimId, 'CLOSED');
    const reminder = await reminderDone(SOUTH, claim.claimId);
    expect(JSON.parse(reminder.output ?? '{}').reminder).toEqual({ sent: false });
    expect(templatesOf(claim.claimId)).toEqual(['appointment', 'repair-done']);
    // The news of the repair, without the survey question.
    const repairDone = mailOf(claim.claimId).find((m) => m.tags.template === 'repair-done')!;
    expect(repairDone.text).not.toContain(catalogueFor('bn').catalogue.messages['survey.question']);
    expect(repairDone.text).not.toMatch(/\/p\/survey\?t=/);
  });

  it('after an address bounces, sends nothing more to it', async () => {
    const bounce = 'bounce@simulator.amazonses.com';
    const first = await file(
      SOUTH,
      'np-himalayan-motors',
      'NP',
      { name: 'Ram Thapa', email: bounce, language: 'ne' },
      { powertrain: 'EV' },
    );
    const appointment = await email(first.claimId, 'appointment');
    expect(appointment.delivery).toBe('bounced');
    const suppression = await eventually('the suppression record', () =>
      rt.runtime
        .globalTableIn(SOUTH)
        .get<{ reason: string; at: string; claimId: string }>(
          keys.suppression(emailHash(bounce), SOUTH, 'bounced'),
          true,
        ),
    );
    expect(suppression).toMatchObject({ reason: 'bounced', claimId: first.claimId });

    const second = await file(
      SOUTH,
      'np-everest-auto',
      'NP',
      { name: 'Ram Thapa', email: bounce, language: 'ne' },
      { lines: strut },
    );
    await rt.until(second.claimId, 'SCHEDULED');
    await rt.until(first.claimId, 'SCHEDULED');
    expect(mailOf(second.claimId)).toEqual([]);
    expect(mailOf(first.claimId).filter((m) => m.at > suppression.at)).toEqual([]);
  });
});

describe('once only', () => {
  it('sends one email when the notify task runs twice, and none again from the region that takes over', async () => {
    const claim = await file(EUROPE, 'am-ararat-auto', 'AM', {
      name: 'Anahit Sargsyan',
      email: 'anahit@example.com',
      language: 'hy',
    });
    await rt.until(claim.claimId, 'SCHEDULED');
    await email(claim.claimId, 'appointment');
    const notify = (region: string, epoch: number, template: string) =>
      rt.runtime.lambda.invoke({
        region,
        functionName: 'notify-customer',
        payload: { claimId: claim.claimId, epoch, template },
      }) as Promise<{ sent: boolean; why?: string }>;

    // The same task twice, at the same moment: one email.
    const twice = await Promise.all([notify(EUROPE, 1, 'repair-done'), notify(EUROPE, 1, 'repair-done')]);
    expect(twice.map((r) => r.sent).sort()).toEqual([false, true]);
    expect(twice.find((r) => !r.sent)?.why).toBe('already sent');
    expect(templatesOf(claim.claimId)).toEqual(['appointment', 'repair-done']);
    expect(mailOf(claim.claimId).every((m) => m.tags.language === 'hy')).toBe(true);

    // Failover: ap-south-1 now writes for eu-central-1, epoch 2 (the runbook writes the owner record in the primary).
    const ownerKey = keys.ownerRecord(EUROPE);
    const primary = rt.runtime.globalTableIn(JP);
    await primary.put({
      ...ownerKey,
      type: 'OwnerRecord',
      region: EUROPE,
      homeRegion: JP,
      writerRegion: SOUTH,
      epoch: 2,
    });
    try {
      for (const region of [SOUTH, EUROPE])
        await eventually(`owner record in ${region}`, async () =>
          (await rt.runtime.globalTableIn(region).get<{ epoch: number }>(ownerKey, true))?.epoch === 2
            ? true
            : undefined,
        );
      await new Promise((r) => setTimeout(r, 5_500)); // owner records are cached for 5 s per container

      // The region that took over re-runs the notify tasks (a new execution, epoch 2): nothing is sent again.
      for (const template of ['appointment', 'repair-done'])
        expect(await notify(SOUTH, 2, template), template).toEqual({ sent: false, why: 'already sent' });
      // The old region, still running epoch 1 (a zombie), may no longer send anything: its task fails
      // as ClaimFenced, which ends the execution in HandedOver.
      await expect(notify(EUROPE, 1, 'survey')).rejects.toMatchObject({ name: 'ClaimFenced' });
      expect(templatesOf(claim.claimId)).toEqual(['appointment', 'repair-done']);
    } finally {
      // Failback, as the runbook does it: the next epoch.
      await primary.put({
        ...ownerKey,
        type: 'OwnerRecord',
        region: EUROPE,
        homeRegion: JP,
        writerRegion: EUROPE,
        epoch: 3,
      });
    }
  }, 60_000);
});
