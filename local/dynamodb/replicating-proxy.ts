import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';

/**
 * The DynamoDB endpoint every handler gets locally: a small proxy in front of DynamoDB Local that
 * plays the part of a global table (DESIGN §2, §6).
 *
 * - It forwards each request to the database of the region named in the request's signature.
 * - Each write to the global table is stamped (attribute `stampAttribute`, a hybrid-logical-clock
 *   string that sorts by time) and, once it succeeded, queued for every other region.
 * - After the configured lag, each queued write is read back from the source region and written to
 *   the target region if it is still the newest there: last writer wins, as in AWS global tables.
 * - It is also the network between regions: a lag, a paused pair, a region that is down (its
 *   requests fail with 503, as in an outage, and replication to and from it waits).
 *
 * Why not DynamoDB Local's streams: measured on this machine they cut write throughput on disk by
 * an order of magnitude (DESIGN §2).
 */

export interface ReplicatingProxyOptions {
  backendUrl: string;
  regions: string[];
  /** Only this table replicates; every other table passes through untouched. */
  globalTable: string;
  keyAttributes: [string, string];
  stampAttribute: string;
  lagMs?: number;
  /** Where queued replication survives a restart; none = memory only. */
  queueFile?: string;
  port?: number;
}

export interface NetworkState {
  lagMs: number;
  pausedPairs: [string, string][];
  downRegions: string[];
  pending: number;
  held: number;
  replicated: number;
  superseded: number;
  lostToNewerWrite: number;
  /** Requests clients sent, by DynamoDB action (what benchmarks count per claim). */
  requests: Record<string, number>;
  /** Item writes clients sent (a transaction or batch counts each of its items). */
  itemWrites: number;
  /** Operations the replicator itself ran against DynamoDB Local. */
  replicationReads: number;
  replicationWrites: number;
}

export interface ReplicatingProxy {
  readonly url: string;
  state(): NetworkState;
  setLag(ms: number): void;
  pause(a: string, b: string): void;
  resume(a: string, b: string): void;
  setRegionDown(region: string, down: boolean): void;
  /** Resolves when nothing is scheduled or in flight (held entries, for a paused pair or a down region, stay). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

type Item = Record<string, AttributeValue>;
/** A DynamoDB JSON request body: the proxy reads and rewrites only a few fields of it. */
// biome-ignore lint/suspicious/noExplicitAny: wire JSON of many DynamoDB actions, narrowed where read
type WireBody = Record<string, any>;
interface Entry {
  id: string;
  src: string;
  dst: string;
  key: Item;
  stamp: string;
  kind: 'put' | 'delete';
  dueAt: number;
}
interface Touched {
  key: Item;
  kind: 'put' | 'delete';
}

const CONTROL_PATH = '/_claimflow/network';
/**
 * DynamoDB Local keeps a database per access key and region; the proxy signs every request with
 * one key so that any caller's credentials reach the region's one database (it checks no signature).
 */
// DynamoDB Local accepts only letters and digits in an access key.
export const LOCAL_ACCESS_KEY = 'claimflowlocal';

export function regionOfRequest(headers: IncomingMessage['headers']): string | undefined {
  const auth = headers.authorization;
  const m = typeof auth === 'string' ? auth.match(/Credential=[^/]+\/\d{8}\/([^/]+)\//) : null;
  return m?.[1];
}

/** A hybrid logical clock: strictly increasing, close to wall time, sortable as a string. */
function makeClock() {
  let last = 0;
  let seq = 0;
  return (region: string): string => {
    const now = Date.now();
    if (now > last) {
      last = now;
      seq = 0;
    } else {
      seq += 1;
    }
    return `${String(last).padStart(15, '0')}.${String(seq).padStart(6, '0')}@${region}`;
  };
}

export async function startReplicatingProxy(opts: ReplicatingProxyOptions): Promise<ReplicatingProxy> {
  const backend = new URL(opts.backendUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const [pkName, skName] = opts.keyAttributes;
  const stampName = opts.stampAttribute;
  const nextStamp = makeClock();
  let lagMs = opts.lagMs ?? 0;
  const paused = new Set<string>();
  const down = new Set<string>();
  const pairKey = (a: string, b: string) => [a, b].sort().join('|');

  const stats = { replicated: 0, superseded: 0, lostToNewerWrite: 0 };
  const requests: Record<string, number> = {};
  const work = { itemWrites: 0, replicationReads: 0, replicationWrites: 0 };
  const scheduled = new Map<string, { entry: Entry; timer: NodeJS.Timeout }>();
  const held = new Map<string, Entry>();
  let inFlight = 0;
  let idCounter = 0;
  let dirty = false;
  let settleWaiters: (() => void)[] = [];

  // The replicator writes straight to DynamoDB Local: a replicated write must not be stamped or
  // queued again.
  const clients = new Map<string, DynamoDBClient>();
  const clientFor = (region: string) => {
    let c = clients.get(region);
    if (!c) {
      c = new DynamoDBClient({
        region,
        endpoint: opts.backendUrl,
        credentials: { accessKeyId: LOCAL_ACCESS_KEY, secretAccessKey: LOCAL_ACCESS_KEY },
        maxAttempts: 5,
      });
      clients.set(region, c);
    }
    return c;
  };

  const blocked = (e: Entry) => down.has(e.src) || down.has(e.dst) || paused.has(pairKey(e.src, e.dst));

  function notifyIfSettled() {
    if (scheduled.size === 0 && inFlight === 0) {
      const waiters = settleWaiters;
      settleWaiters = [];
      for (const w of waiters) w();
    }
  }

  function schedule(entry: Entry) {
    dirty = true;
    const delay = Math.max(0, entry.dueAt - Date.now());
    const timer = setTimeout(() => {
      scheduled.delete(entry.id);
      void deliver(entry);
    }, delay);
    scheduled.set(entry.id, { entry, timer });
  }

  async function deliver(entry: Entry): Promise<void> {
    if (blocked(entry)) {
      held.set(entry.id, entry);
      dirty = true;
      notifyIfSettled();
      return;
    }
    inFlight += 1;
    try {
      await apply(entry);
      dirty = true;
    } catch {
      // The target or source could not be reached: hold it, it goes out when the network heals.
      held.set(entry.id, entry);
      dirty = true;
      setTimeout(releaseHeld, 200).unref();
    } finally {
      inFlight -= 1;
      notifyIfSettled();
    }
  }

  async function apply(entry: Entry): Promise<void> {
    work.replicationReads += 1;
    const source = await clientFor(entry.src).send(
      new GetItemCommand({ TableName: opts.globalTable, Key: entry.key, ConsistentRead: true }),
    );
    const current = source.Item;
    const currentStamp = current?.[stampName]?.S;
    if (entry.kind === 'put' && currentStamp !== entry.stamp) {
      // A newer write (or a delete) reached the source since; its own entry carries it.
      stats.superseded += 1;
      return;
    }
    if (entry.kind === 'delete' && current) {
      stats.superseded += 1;
      return;
    }
    work.replicationWrites += 1;
    try {
      if (entry.kind === 'put' && current) {
        await clientFor(entry.dst).send(
          new PutItemCommand({
            TableName: opts.globalTable,
            Item: current,
            ConditionExpression: 'attribute_not_exists(#s) OR #s < :s',
            ExpressionAttributeNames: { '#s': stampName },
            ExpressionAttributeValues: { ':s': { S: entry.stamp } },
          }),
        );
      } else {
        await clientFor(entry.dst).send(
          new DeleteItemCommand({
            TableName: opts.globalTable,
            Key: entry.key,
            ConditionExpression: 'attribute_not_exists(#s) OR #s < :s',
            ExpressionAttributeNames: { '#s': stampName },
            ExpressionAttributeValues: { ':s': { S: entry.stamp } },
          }),
        );
      }
      stats.replicated += 1;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') {
        // The target holds a newer write of its own: last writer wins.
        stats.lostToNewerWrite += 1;
        return;
      }
      throw err;
    }
  }

  function releaseHeld() {
    for (const [id, entry] of held) {
      if (!blocked(entry)) {
        held.delete(id);
        schedule({ ...entry, dueAt: Date.now() });
      }
    }
  }

  function enqueue(src: string, touched: Touched[], stamp: string) {
    const dueAt = Date.now() + lagMs;
    for (const dst of opts.regions) {
      if (dst === src) continue;
      for (const t of touched) {
        idCounter += 1;
        schedule({ id: `${Date.now()}-${idCounter}`, src, dst, key: t.key, stamp, kind: t.kind, dueAt });
      }
    }
  }

  // Queued replication survives a restart: snapshot it while it changes.
  function persistQueue() {
    if (!opts.queueFile || !dirty) return;
    dirty = false;
    const entries = [...[...scheduled.values()].map((s) => s.entry), ...held.values()];
    const tmp = `${opts.queueFile}.tmp`;
    writeFileSync(tmp, JSON.stringify({ lagMs, entries }));
    renameSync(tmp, opts.queueFile);
  }
  const persistTimer = opts.queueFile ? setInterval(persistQueue, 250) : undefined;
  persistTimer?.unref();
  if (opts.queueFile && existsSync(opts.queueFile)) {
    const saved = JSON.parse(readFileSync(opts.queueFile, 'utf8')) as { entries: Entry[] };
    for (const e of saved.entries) schedule(e);
  }

  const keyOf = (item: Item): Item => {
    const key: Item = {};
    if (item[pkName]) key[pkName] = item[pkName];
    if (item[skName]) key[skName] = item[skName];
    return key;
  };

  /** Stamps the writes to the global table in a request body and lists the keys they touch. */
  function stampWrites(action: string, body: WireBody, stamp: string): Touched[] | 'rejected' {
    const g = opts.globalTable;
    const stampPut = (item: Item) => {
      item[stampName] = { S: stamp };
      return { key: keyOf(item), kind: 'put' as const };
    };
    const stampUpdate = (u: WireBody) => {
      if (u.UpdateExpression) {
        u.ExpressionAttributeNames = { ...u.ExpressionAttributeNames, '#cfReplicatedAt': stampName };
        u.ExpressionAttributeValues = { ...u.ExpressionAttributeValues, ':cfReplicatedAt': { S: stamp } };
        const expr: string = u.UpdateExpression;
        u.UpdateExpression = /\bSET\b/i.test(expr)
          ? expr.replace(/\bSET\b/i, 'SET #cfReplicatedAt = :cfReplicatedAt,')
          : `SET #cfReplicatedAt = :cfReplicatedAt ${expr}`;
      } else {
        u.AttributeUpdates = { ...u.AttributeUpdates, [stampName]: { Action: 'PUT', Value: { S: stamp } } };
      }
      return { key: u.Key as Item, kind: 'put' as const };
    };
    switch (action) {
      case 'PutItem':
        return body.TableName === g ? [stampPut(body.Item)] : [];
      case 'UpdateItem':
        return body.TableName === g ? [stampUpdate(body)] : [];
      case 'DeleteItem':
        return body.TableName === g ? [{ key: body.Key, kind: 'delete' }] : [];
      case 'BatchWriteItem': {
        const reqs: WireBody[] = body.RequestItems?.[g] ?? [];
        return reqs.map((r) =>
          r.PutRequest
            ? stampPut(r.PutRequest.Item)
            : { key: r.DeleteRequest.Key as Item, kind: 'delete' as const },
        );
      }
      case 'TransactWriteItems': {
        const out: Touched[] = [];
        for (const t of body.TransactItems ?? []) {
          if (t.Put?.TableName === g) out.push(stampPut(t.Put.Item));
          else if (t.Update?.TableName === g) out.push(stampUpdate(t.Update));
          else if (t.Delete?.TableName === g) out.push({ key: t.Delete.Key, kind: 'delete' });
        }
        return out;
      }
      case 'ExecuteStatement':
      case 'BatchExecuteStatement':
      case 'ExecuteTransaction': {
        // PartiQL writes would bypass the stamp; claimflow does not use them, so refuse loudly.
        const statements: string[] = [
          body.Statement,
          ...(body.Statements ?? []).map((s: WireBody) => s.Statement),
          ...(body.TransactStatements ?? []).map((s: WireBody) => s.Statement),
        ].filter(Boolean);
        const writesGlobal = statements.some((s) => !/^\s*select\b/i.test(s) && s.includes(g));
        return writesGlobal ? 'rejected' : [];
      }
      default:
        return [];
    }
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  function state(): NetworkState {
    return {
      lagMs,
      pausedPairs: [...paused].map((p) => p.split('|') as [string, string]),
      downRegions: [...down],
      pending: scheduled.size + inFlight,
      held: held.size,
      ...stats,
      requests: { ...requests },
      ...work,
    };
  }

  async function control(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
    if (req.method === 'POST' && raw.length > 0) {
      const cmd = JSON.parse(raw.toString('utf8')) as {
        lagMs?: number;
        pause?: [string, string];
        resume?: [string, string];
        down?: string;
        up?: string;
      };
      if (cmd.lagMs !== undefined) api.setLag(cmd.lagMs);
      if (cmd.pause) api.pause(...cmd.pause);
      if (cmd.resume) api.resume(...cmd.resume);
      if (cmd.down) api.setRegionDown(cmd.down, true);
      if (cmd.up) api.setRegionDown(cmd.up, false);
    }
    sendJson(res, 200, state());
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (req.url?.startsWith(CONTROL_PATH)) {
        control(req, res, raw).catch((e) => sendJson(res, 400, { message: String(e) }));
        return;
      }
      const region = regionOfRequest(req.headers) ?? 'us-east-1';
      if (down.has(region)) {
        sendJson(
          res,
          503,
          {
            __type: 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable',
            message: `region ${region} is down (simulated outage)`,
          },
          'application/x-amz-json-1.0',
        );
        return;
      }
      const action = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      requests[action] = (requests[action] ?? 0) + 1;
      let body = raw;
      let touched: Touched[] = [];
      let stamp = '';
      if (raw.length > 0 && /Item|Statement|Transact/.test(action)) {
        const parsed = JSON.parse(raw.toString('utf8'));
        stamp = nextStamp(region);
        const result = stampWrites(action, parsed, stamp);
        if (result === 'rejected') {
          sendJson(
            res,
            400,
            {
              __type: 'com.amazon.coral.validate#ValidationException',
              message: 'PartiQL writes to the global table are not replicated locally; use the item API',
            },
            'application/x-amz-json-1.0',
          );
          return;
        }
        touched = result;
        work.itemWrites += countItemWrites(action, parsed);
        if (touched.length > 0) body = Buffer.from(JSON.stringify(parsed));
      }
      const headers = {
        ...req.headers,
        host: backend.host,
        authorization: String(req.headers.authorization ?? '').replace(
          /Credential=[^/]+\//,
          `Credential=${LOCAL_ACCESS_KEY}/`,
        ),
        'content-length': String(body.length),
      };
      const upstream = request(
        { host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers, agent },
        (up) => {
          const out: Buffer[] = [];
          up.on('data', (c: Buffer) => out.push(c));
          up.on('end', () => {
            const status = up.statusCode ?? 500;
            if (status === 200 && touched.length > 0) enqueue(region, touched, stamp);
            res.writeHead(status, up.headers);
            res.end(Buffer.concat(out));
          });
        },
      );
      upstream.on('error', (e) => {
        sendJson(res, 503, {
          __type: 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable',
          message: String(e),
        });
      });
      upstream.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Open a connection per region now, so the first replicated write is not late by the SDK's warm-up.
  await Promise.all(opts.regions.map((r) => clientFor(r).send(new ListTablesCommand({ Limit: 1 }))));

  const api: ReplicatingProxy = {
    url: `http://127.0.0.1:${port}`,
    state,
    setLag(ms) {
      lagMs = Math.max(0, ms);
    },
    pause(a, b) {
      paused.add(pairKey(a, b));
    },
    resume(a, b) {
      paused.delete(pairKey(a, b));
      releaseHeld();
    },
    setRegionDown(region, isDown) {
      if (isDown) down.add(region);
      else {
        down.delete(region);
        releaseHeld();
      }
    },
    settled() {
      if (scheduled.size === 0 && inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => settleWaiters.push(resolve));
    },
    async stop() {
      if (persistTimer) clearInterval(persistTimer);
      for (const { timer } of scheduled.values()) clearTimeout(timer);
      dirty = true;
      persistQueue();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
      for (const c of clients.values()) c.destroy();
    },
  };
  return api;
}

/** Item-level writes in a request, on any table (a transaction or batch counts each item). */
function countItemWrites(action: string, body: WireBody): number {
  switch (action) {
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return 1;
    case 'BatchWriteItem':
      return Object.values(body.RequestItems ?? {}).reduce(
        (n: number, list) => n + (list as unknown[]).length,
        0,
      );
    case 'TransactWriteItems':
      return (body.TransactItems ?? []).filter((t: WireBody) => !t.ConditionCheck).length;
    default:
      return 0;
  }
}
