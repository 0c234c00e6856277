import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { regionOfRequest } from '../dynamodb/replicating-proxy.ts';

/**
 * The local SESv2 endpoint (`AWS_ENDPOINT_URL_SESV2`): `SendEmail` stores the message in an outbox
 * (one JSON line per message, kept across restarts) instead of sending it. `GET /outbox` lists
 * the messages, newest first, filtered by `claimId`, `region` or `to`.
 */
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
}

export interface Outbox {
  readonly url: string;
  messages(filter?: { claimId?: string; region?: string; to?: string }): OutboxMessage[];
  stop(): Promise<void>;
}

interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[] };
  Content?: {
    Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string }; Html?: { Data?: string } } };
  };
  EmailTags?: { Name: string; Value: string }[];
  ConfigurationSetName?: string;
}

export async function startOutbox(opts: { file: string; port?: number }): Promise<Outbox> {
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

  const messages = (filter: { claimId?: string; region?: string; to?: string } = {}) =>
    all
      .filter(
        (m) =>
          (!filter.claimId || m.tags.claimId === filter.claimId.replace(/[^A-Za-z0-9_-]/g, '_')) &&
          (!filter.region || m.region === filter.region) &&
          (!filter.to || m.to.includes(filter.to)),
      )
      .reverse();

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
        };
        appendFileSync(opts.file, `${JSON.stringify(message)}\n`);
        all.push(message);
        return reply(200, { MessageId: message.messageId });
      }
      if (req.method === 'GET' && url.pathname === '/outbox') {
        const filter = {
          claimId: url.searchParams.get('claimId') ?? undefined,
          region: url.searchParams.get('region') ?? undefined,
          to: url.searchParams.get('to') ?? undefined,
        };
        const limit = Math.min(Number(url.searchParams.get('limit') ?? 100) || 100, 1000);
        return reply(200, { items: messages(filter).slice(0, limit) });
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
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
