import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { regionOfRequest } from '../request-region.ts';

/**
 * The local SESv2 endpoint (`AWS_ENDPOINT_URL_SESV2`): `SendEmail` stores the message in an outbox
 * (one JSON line per message, kept across restarts) instead of sending it. `GET /outbox` lists
 * the messages, newest first, filtered by `claimId`, `region`, `to` or `template`;
 * `GET /outbox/<messageId>` returns one.
 *
 * Like SES's mailbox simulator, mail to `bounce@simulator.amazonses.com` is accepted and then
 * bounces (a permanent bounce), and mail to `complaint@simulator.amazonses.com` draws a complaint:
 * the outbox marks the message and hands an SES event, shaped as EventBridge delivers it from a
 * configuration set's event destination, to `onEvent` (the runtime invokes `record-bounce`).
 */
export const SIMULATOR_BOUNCE = 'bounce@simulator.amazonses.com';
export const SIMULATOR_COMPLAINT = 'complaint@simulator.amazonses.com';

/** An SES event for EventBridge (detail-type "Email Bounced" / "Email Complaint Received"). */
export interface SesEventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: 'aws.ses';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}
export interface OutboxMessage {
  messageId: string;
  region: string;
  at: string;
  from: string;
  to: string[];
  subject: string;
  text?: string;
  html?: string;
  tags: Record<string, string>;
  configurationSet?: string;
  headers?: Record<string, string>;
  /** What the (simulated) recipient's server did with it; absent: delivered. */
  delivery?: 'bounced' | 'complained';
}

export interface Outbox {
  readonly url: string;
  messages(filter?: { claimId?: string; region?: string; to?: string; template?: string }): OutboxMessage[];
  stop(): Promise<void>;
}

interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[] };
  Content?: {
    Simple?: {
      Subject?: { Data?: string };
      Body?: { Text?: { Data?: string }; Html?: { Data?: string } };
      Headers?: { Name: string; Value: string }[];
    };
  };
  EmailTags?: { Name: string; Value: string }[];
  ConfigurationSetName?: string;
}

function sesEvent(message: OutboxMessage, kind: 'bounced' | 'complained'): SesEventBridgeEvent {
  const time = new Date().toISOString();
  const recipients = message.to.map((emailAddress) => ({ emailAddress }));
  const mail = {
    timestamp: message.at,
    source: message.from,
    messageId: message.messageId,
    destination: message.to,
    tags: Object.fromEntries(Object.entries(message.tags).map(([k, v]) => [k, [v]])),
  };
  const detail =
    kind === 'bounced'
      ? {
          eventType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: recipients.map((r) => ({ ...r, action: 'failed', status: '5.1.1' })),
            timestamp: time,
            feedbackId: randomUUID(),
          },
          mail,
        }
      : {
          eventType: 'Complaint',
          complaint: { complainedRecipients: recipients, timestamp: time, feedbackId: randomUUID() },
          mail,
        };
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': kind === 'bounced' ? 'Email Bounced' : 'Email Complaint Received',
    source: 'aws.ses',
    account: '000000000000',
    time,
    region: message.region,
    resources: message.configurationSet
      ? [`arn:aws:ses:${message.region}:000000000000:configuration-set/${message.configurationSet}`]
      : [],
    detail,
  };
}

export async function startOutbox(opts: {
  file: string;
  port?: number;
  /** Called with each bounce or complaint event, after SendEmail has answered (as SES does, later). */
  onEvent?: (event: SesEventBridgeEvent) => Promise<unknown>;
}): Promise<Outbox> {
  mkdirSync(dirname(opts.file), { recursive: true });
  const all: OutboxMessage[] = existsSync(opts.file)
    ? readFileSync(opts.file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as OutboxMessage];
          } catch {
            return []; // a line cut short by a crash
          }
        })
    : [];

  const messages = (filter: { claimId?: string; region?: string; to?: string; template?: string } = {}) =>
    all
      .filter(
        (m) =>
          (!filter.claimId || m.tags.claimId === filter.claimId.replace(/[^A-Za-z0-9_-]/g, '_')) &&
          (!filter.region || m.region === filter.region) &&
          (!filter.to || m.to.includes(filter.to)) &&
          (!filter.template || m.tags.template === filter.template),
      )
      .reverse();
  const pendingEvents = new Set<Promise<unknown>>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const reply = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        res.writeHead(status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      };
      if (req.method === 'POST' && url.pathname === '/v2/email/outbound-emails') {
        let body: SendEmailBody;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SendEmailBody;
        } catch {
          return reply(400, { message: 'body is not JSON' });
        }
        const to = body.Destination?.ToAddresses ?? [];
        if (!body.FromEmailAddress || to.length === 0 || !body.Content?.Simple?.Subject?.Data) {
          res.setHeader('x-amzn-errortype', 'BadRequestException');
          return reply(400, {
            message: 'FromEmailAddress, Destination.ToAddresses and Content.Simple.Subject are required',
          });
        }
        const message: OutboxMessage = {
          messageId: randomUUID(),
          region: regionOfRequest(req.headers) ?? 'unknown',
          at: new Date().toISOString(),
          from: body.FromEmailAddress,
          to,
          subject: body.Content.Simple.Subject.Data,
          text: body.Content.Simple.Body?.Text?.Data,
          html: body.Content.Simple.Body?.Html?.Data,
          tags: Object.fromEntries((body.EmailTags ?? []).map((t) => [t.Name, t.Value])),
          configurationSet: body.ConfigurationSetName,
          ...(body.Content.Simple.Headers?.length
            ? { headers: Object.fromEntries(body.Content.Simple.Headers.map((h) => [h.Name, h.Value])) }
            : {}),
        };
        const lower = to.map((t) => t.toLowerCase());
        const delivery = lower.includes(SIMULATOR_BOUNCE)
          ? 'bounced'
          : lower.includes(SIMULATOR_COMPLAINT)
            ? 'complained'
            : undefined;
        if (delivery) message.delivery = delivery;
        appendFileSync(opts.file, `${JSON.stringify(message)}\n`);
        all.push(message);
        reply(200, { MessageId: message.messageId });
        if (delivery && opts.onEvent) {
          const done: Promise<unknown> = opts
            .onEvent(sesEvent(message, delivery))
            .catch((err: Error) =>
              console.error(`outbox: the ${delivery} event was not recorded: ${err.message}`),
            )
            .finally(() => pendingEvents.delete(done));
          pendingEvents.add(done);
        }
        return;
      }
      if (req.method === 'GET' && url.pathname === '/outbox') {
        const filter = {
          claimId: url.searchParams.get('claimId') ?? undefined,
          region: url.searchParams.get('region') ?? undefined,
          to: url.searchParams.get('to') ?? undefined,
          template: url.searchParams.get('template') ?? undefined,
        };
        const limit = Math.min(Number(url.searchParams.get('limit') ?? 100) || 100, 1000);
        return reply(200, { items: messages(filter).slice(0, limit) });
      }
      const one = /^\/outbox\/([\w-]+)$/.exec(url.pathname);
      if (req.method === 'GET' && one) {
        const found = all.find((m) => m.messageId === one[1]);
        return found ? reply(200, found) : reply(404, { message: `no message ${one[1]}` });
      }
      reply(404, { message: `no route ${req.method} ${url.pathname}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    async stop() {
      await Promise.allSettled([...pendingEvents]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
