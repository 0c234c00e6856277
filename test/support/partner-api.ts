import { createHash } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { type AttributeValue, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../../domain/calendar.ts';
import type { ClaimSubmission } from '../../domain/claim.ts';
import type { Endpoints } from '../../local/endpoints.ts';

/** Talking to the local partner API over real HTTP, as a partner's system would. */

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of arbitrary JSON answers and assert on them
  json: any;
}

// Few sockets, kept alive: bounded concurrency against the gateway, like a partner's client pool.
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** One HTTP request with full control over headers and bytes (fetch refuses some of what we send). */
export function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method ?? 'GET', headers: opts.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** Runs `fn` over `items`, at most `concurrency` at a time. */
export async function inParallel<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export type Partner = Endpoints['partners'][number];

export function partnerApi(endpoints: Endpoints) {
  const partner = (id: string): Partner => {
    const p = endpoints.partners.find((x) => x.partnerId === id);
    if (!p) throw new Error(`no demo partner ${id}`);
    return p;
  };
  const baseOf = (region: string) => endpoints.regions[region]!.partnerApi;
  const vehicle = (market: string, powertrain: string, warranty = 'in-force') =>
    endpoints.demo.vehicles.find(
      (v) => v.market === market && v.powertrain === powertrain && v.warranty === warranty,
    )!.vin;
  const today = new Date().toISOString().slice(0, 10);

  /** A claim the API accepts: a front brake caliper on a demo vehicle. */
  const submission = (vin: string, extra: Partial<ClaimSubmission> = {}): ClaimSubmission => ({
    vin,
    odometerKm: 28_400,
    failureDate: addDays(today, -2),
    repairOrderNumber: `RO-${Math.floor(Math.random() * 1e6)}`,
    customer: { name: 'Sita Sharma', email: 'sita@example.com', language: 'en' },
    complaint: 'Grinding noise from the front left wheel when braking',
    faultCodes: ['C0040'],
    lines: [{ partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 }],
    ...extra,
  });

  const as = (p: Partner, region = p.region) => {
    const base = baseOf(region);
    const auth = { 'x-api-key': p.apiKey };
    return {
      base,
      fileClaim: (body: unknown, key: string = crypto.randomUUID()) =>
        send(`${base}v1/claims`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
        }),
      getClaim: (claimId: string) =>
        send(`${base}v1/claims/${encodeURIComponent(claimId)}`, { headers: auth }),
      listClaims: (query = '') => send(`${base}v1/claims${query}`, { headers: auth }),
      completeRepair: (claimId: string, body: unknown) =>
        send(`${base}v1/claims/${encodeURIComponent(claimId)}/completion`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      coverage: (vin: string, query = '') =>
        send(`${base}v1/vehicles/${encodeURIComponent(vin)}/coverage${query}`, { headers: auth }),
      openApi: () => send(`${base}v1/openapi.json`, { headers: auth }),
      /** Any other route: JSON in, JSON out. */
      call: (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
        send(`${base}${path}`, {
          method,
          headers: { ...auth, 'content-type': 'application/json', ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
    };
  };

  return { partner, baseOf, vehicle, submission, as, today };
}

/** What the tables hold for the partners (by query, no Scan): to show that a request wrote nothing. */
export function tableProbe(endpoints: Endpoints) {
  const clients = new Map<string, { raw: DynamoDBClient; doc: DynamoDBDocumentClient; sfn: SFNClient }>();
  const clientsIn = (region: string) => {
    let c = clients.get(region);
    if (!c) {
      const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
      const raw = new DynamoDBClient({ region, endpoint: endpoints.regions[region]!.dynamodb, credentials });
      c = {
        raw,
        doc: DynamoDBDocumentClient.from(raw),
        sfn: new SFNClient({ region, endpoint: endpoints.regions[region]!.sfn, credentials }),
      };
      clients.set(region, c);
    }
    return c;
  };
  const regions = Object.keys(endpoints.regions);

  /** How many claims the partner has in `region`'s copy of the global table (GSI byPartner). */
  async function claimCount(partnerId: string, region: string): Promise<number> {
    let count = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const res = await clientsIn(region).raw.send(
        new QueryCommand({
          TableName: 'claimflow',
          IndexName: 'byPartner',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': { S: `PARTNER#${partnerId}` } },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += res.Count ?? 0;
      start = res.LastEvaluatedKey;
    } while (start);
    return count;
  }

  /** Executions of ClaimLifecycle in `region` (ListExecutions, every page). */
  async function executions(region: string): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const res = await clientsIn(region).sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: endpoints.stateMachines[region],
          maxResults: 1000,
          nextToken,
        }),
      );
      names.push(...(res.executions ?? []).map((e) => e.name!));
      nextToken = res.nextToken;
    } while (nextToken);
    return names;
  }

  /** Whether intake kept `key` for the partner (the regional idempotency record, by its exact key). */
  async function idempotencyRecord(partnerId: string, key: string, region: string) {
    const hash = createHash('sha256').update(key).digest('hex');
    const res = await clientsIn(region).doc.send(
      new GetCommand({
        TableName: 'claimflow-regional',
        Key: { pk: `ONCE#idempotency#${partnerId}#${hash}`, sk: 'ONCE' },
        ConsistentRead: true,
      }),
    );
    return res.Item;
  }

  /** Waits until the simulated global table has delivered every replication it scheduled. */
  async function replicated(timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (((await (await fetch(endpoints.network)).json()) as { pending: number }).pending > 0) {
      if (Date.now() > deadline) throw new Error('replication did not settle');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Claims per partner per region, and executions per region: what a bad request must not change.
   * Taken once replication settled, so a claim filed just before is counted in every region.
   */
  async function snapshot(partnerIds: string[]) {
    await replicated();
    const claims: Record<string, number> = {};
    for (const region of regions)
      for (const id of partnerIds) claims[`${id}@${region}`] = await claimCount(id, region);
    const runs: Record<string, number> = {};
    for (const region of regions) runs[region] = (await executions(region)).length;
    return { claims, executions: runs };
  }

  return {
    claimCount,
    executions,
    idempotencyRecord,
    snapshot,
    close() {
      for (const c of clients.values()) {
        c.raw.destroy();
        c.sfn.destroy();
      }
    },
  };
}

/** Polls `probe` until it returns something other than undefined. */
export async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
