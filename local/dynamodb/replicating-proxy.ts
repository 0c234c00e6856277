import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * The DynamoDB endpoint every handler gets locally: a small proxy in front of DynamoDB Local that
 * plays the part of a global table (DESIGN §2, §6).
 *
 * - It forwards each request to the database of the region named in the request's signature.
 * - Each write to the global table is stamped (attribute `stampAttribute`, a hybrid-logical-clock
 *   string that sorts by time) and, once it succeeded, queued for every other region with the item
 *   as written: a put's own item, an update's item after the update (the proxy asks DynamoDB Local
 *   for `ReturnValues: ALL_NEW` and answers the client what it asked for).
 * - After the configured lag, each queued write is written to the target region if it is still the
 *   newest there: last writer wins, as in AWS global tables. A write that a newer write of the same
 *   item, due within a lag, supersedes is dropped (the newer one has its own entry); an item written
 *   without pause still replicates at least once per lag. Only a transaction's
 *   update, whose result DynamoDB does not return, is read back from the source (once for every
 *   target region).
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
  /**
   * The item as written, delivered as is. Absent for a transaction's update (and after a restart:
   * the snapshot leaves items out): then it is read back from the source at delivery.
   */
  item?: Item;
}
interface Touched {
  key: Item;
  kind: 'put' | 'delete';
  item?: Item;
  /** An UpdateItem asked for ALL_NEW: DynamoDB's answer carries the item. */
  itemInAnswer?: boolean;
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
  // One pool of keep-alive sockets for forwarded requests and the replicator's own calls.
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
  /** Entries whose lag is over, waiting for a delivery slot. */
  const due: Entry[] = [];
  const inFlight = new Map<string, Entry>();
  /**
   * Per target region and item: the newest write queued for it (its stamp and when its lag is
   * over), how many of its entries are still pending, and since when the target has been behind
   * (the due time of the first entry skipped since the last delivery). A due entry is skipped when
   * a newer write of the item falls due within one lag of that moment: the newer one carries the
   * item, and the target is at most one lag later than AWS would be. Otherwise it is delivered, so
   * an item written more often than the lag still replicates while its writes go on.
   */
  const newest = new Map<string, { stamp: string; dueAt: number; pending: number; behindSince?: number }>();
  /** Read-backs in flight, shared by the entries of one write for every target region. */
  const readBacks = new Map<string, Promise<Item | undefined>>();
  /**
   * The delivery under way per target region and item: the next one for that item waits for it,
   * so a delete cannot overtake a put sent just before it and be undone by it.
   */
  const delivering = new Map<string, Promise<void>>();
  /** The last write sent or waiting per source region and item: the next one waits for it (`takeTurns`). */
  const writing = new Map<string, Promise<void>>();
  let idCounter = 0;
  let dirty = false;
  let stopped = false;
  let settleWaiters: (() => void)[] = [];

  /**
   * One call straight to DynamoDB Local, for the replicator: its writes must not be stamped or
   * queued again. Plain HTTP with the shared sockets (DynamoDB Local checks no signature, only the
   * credential scope, which names the region's database): the SDK's serialization and signing cost
   * more CPU than the call itself on two cores.
   */
  function backendCall(
    region: string,
    action: string,
    payload: WireBody,
  ): Promise<{ status: number; body: WireBody }> {
    const body = Buffer.from(JSON.stringify(payload));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: backend.hostname,
          port: backend.port,
          method: 'POST',
          path: '/',
          agent,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'content-length': body.length,
            'x-amz-target': `DynamoDB_20120810.${action}`,
            authorization: `AWS4-HMAC-SHA256 Credential=${LOCAL_ACCESS_KEY}/20120810/${region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({ status: res.statusCode ?? 500, body: text ? JSON.parse(text) : {} });
            } catch (err) {
              reject(err);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /**
   * Writes of one item in one region go to DynamoDB Local one after the other, in stamp order: the
   * turn of each write waits for the write queued before it (`done` once DynamoDB Local answered).
   */
  function takeTurns(region: string, touched: Touched[]): { ready: Promise<void>; done: () => void } {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before: Promise<void>[] = [];
    const ids = [...new Set(touched.map((t) => itemId(region, t.key)))];
    for (const id of ids) {
      const previous = writing.get(id);
      if (previous) before.push(previous);
      writing.set(id, mine);
    }
    const done = () => {
      release();
      for (const id of ids) if (writing.get(id) === mine) writing.delete(id);
    };
    return {
      ready: before.length === 0 ? Promise.resolve() : Promise.all(before).then(() => undefined),
      done,
    };
  }

  const blocked = (e: Entry) => down.has(e.src) || down.has(e.dst) || paused.has(pairKey(e.src, e.dst));
  const itemId = (dst: string, key: Item) =>
    `${dst}\u0000${JSON.stringify(key[pkName])}\u0000${JSON.stringify(key[skName])}`;

  function track(entry: Entry) {
    const id = itemId(entry.dst, entry.key);
    const n = newest.get(id);
    if (!n) newest.set(id, { stamp: entry.stamp, dueAt: entry.dueAt, pending: 1 });
    else {
      n.pending += 1;
      if (entry.stamp > n.stamp) {
        n.stamp = entry.stamp;
        n.dueAt = entry.dueAt;
      }
    }
  }
  function untrack(entry: Entry) {
    const id = itemId(entry.dst, entry.key);
    const n = newest.get(id);
    if (n && --n.pending <= 0) newest.delete(id);
  }
  /** Whether a newer write of the entry's item takes its place (and notes the target is behind). */
  function supersededInQueue(entry: Entry): boolean {
    const n = newest.get(itemId(entry.dst, entry.key));
    if (!n || n.stamp <= entry.stamp) return false;
    const behindSince = n.behindSince ?? entry.dueAt;
    if (n.dueAt > Math.max(Date.now(), behindSince + lagMs)) return false;
    n.behindSince = behindSince;
    return true;
  }
  function caughtUp(entry: Entry) {
    const n = newest.get(itemId(entry.dst, entry.key));
    if (n) n.behindSince = undefined;
  }

  function notifyIfSettled() {
    if (scheduled.size === 0 && due.length === 0 && inFlight.size === 0) {
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
      due.push(entry);
      deliverDue();
    }, delay);
    scheduled.set(entry.id, { entry, timer });
  }

  /**
   * A few deliveries at a time: the entries of a burst of writes fall due together, and sending
   * them all at once held up the requests of clients (which share this event loop and DynamoDB
   * Local) for tens of milliseconds.
   */
  function deliverDue() {
    while (!stopped && due.length > 0 && inFlight.size < MAX_DELIVERIES_IN_FLIGHT) void deliver(due.shift()!);
  }

  async function deliver(entry: Entry): Promise<void> {
    if (blocked(entry)) {
      held.set(entry.id, entry);
      dirty = true;
      notifyIfSettled();
      return;
    }
    inFlight.set(entry.id, entry);
    const id = itemId(entry.dst, entry.key);
    const delivery = (delivering.get(id) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => apply(entry));
    delivering.set(id, delivery);
    try {
      await delivery;
      untrack(entry);
      dirty = true;
    } catch {
      // The target or source could not be reached: hold it, it goes out when the network heals.
      held.set(entry.id, entry);
      dirty = true;
      setTimeout(releaseHeld, 200).unref();
    } finally {
      if (delivering.get(id) === delivery) delivering.delete(id);
      inFlight.delete(entry.id);
      deliverDue();
      notifyIfSettled();
    }
  }

  /** The item as the source holds it now (consistent read), once for all the entries of one write. */
  function readBack(entry: Entry): Promise<Item | undefined> {
    const id = `${entry.src}\u0000${entry.stamp}\u0000${itemId('', entry.key)}`;
    let read = readBacks.get(id);
    if (!read) {
      work.replicationReads += 1;
      read = backendCall(entry.src, 'GetItem', {
        TableName: opts.globalTable,
        Key: entry.key,
        ConsistentRead: true,
      }).then((res) => {
        if (res.status !== 200) throw new Error(`read-back failed: ${res.status} ${res.body.__type}`);
        return res.body.Item as Item | undefined;
      });
      readBacks.set(id, read);
      read.then(
        () => readBacks.delete(id),
        () => readBacks.delete(id),
      );
    }
    return read;
  }

  async function apply(entry: Entry): Promise<void> {
    if (supersededInQueue(entry)) {
      // A newer write of this item is (nearly) due in this region too; it carries the item.
      stats.superseded += 1;
      return;
    }
    let item = entry.item;
    if (entry.kind === 'put' && !item) {
      const current = await readBack(entry);
      if (current?.[stampName]?.S !== entry.stamp) {
        // A newer write (or a delete) reached the source since; its own entry carries it.
        stats.superseded += 1;
        return;
      }
      item = current;
    }
    work.replicationWrites += 1;
    const lastWriterWins = {
      TableName: opts.globalTable,
      ConditionExpression: 'attribute_not_exists(#s) OR #s < :s',
      ExpressionAttributeNames: { '#s': stampName },
      ExpressionAttributeValues: { ':s': { S: entry.stamp } },
    };
    const res =
      entry.kind === 'put'
        ? await backendCall(entry.dst, 'PutItem', { ...lastWriterWins, Item: item })
        : await backendCall(entry.dst, 'DeleteItem', { ...lastWriterWins, Key: entry.key });
    if (res.status === 200) {
      stats.replicated += 1;
      caughtUp(entry);
      return;
    }
    if (String(res.body.__type).endsWith('ConditionalCheckFailedException')) {
      // The target holds a newer write of its own: last writer wins.
      stats.lostToNewerWrite += 1;
      caughtUp(entry);
      return;
    }
    throw new Error(`replication to ${entry.dst} failed: ${res.status} ${res.body.__type}`);
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
        const entry: Entry = {
          id: `${dueAt}-${idCounter}`,
          src,
          dst,
          key: t.key,
          stamp,
          kind: t.kind,
          dueAt,
        };
        if (t.item) entry.item = t.item;
        track(entry);
        schedule(entry);
      }
    }
  }

  // Queued replication survives a restart: snapshot it while it changes (without the items: a
  // restored entry reads its item back from the source, which also tells whether it was superseded).
  const snapshot = () =>
    JSON.stringify({
      lagMs,
      entries: [
        ...[...scheduled.values()].map((s) => s.entry),
        ...due,
        ...inFlight.values(),
        ...held.values(),
      ].map(({ item: _item, ...entry }) => entry),
    });
  let persisting: Promise<void> | undefined;
  function persistQueue() {
    if (!opts.queueFile || !dirty || persisting) return;
    dirty = false;
    const file = opts.queueFile;
    const tmp = `${file}.tmp`;
    // Off the event loop: a synchronous write every 250 ms stalled every request behind it.
    persisting = writeFile(tmp, snapshot())
      .then(() => rename(tmp, file))
      .catch(() => {
        dirty = true;
      })
      .finally(() => {
        persisting = undefined;
      });
  }
  const persistTimer = opts.queueFile ? setInterval(persistQueue, 250) : undefined;
  persistTimer?.unref();
  if (opts.queueFile && existsSync(opts.queueFile)) {
    const saved = JSON.parse(readFileSync(opts.queueFile, 'utf8')) as { entries: Entry[] };
    for (const e of saved.entries) {
      track(e);
      schedule(e);
    }
  }

  const keyOf = (item: Item): Item => {
    const key: Item = {};
    if (item[pkName]) key[pkName] = item[pkName];
    if (item[skName]) key[skName] = item[skName];
    return key;
  };

  /**
   * Stamps the writes to the global table in a request body and lists what they touch. An
   * UpdateItem is asked for ALL_NEW (`injectedAllNew` when the client did not ask for it), so the
   * answer carries the item to replicate.
   */
  function stampWrites(
    action: string,
    body: WireBody,
    stamp: string,
  ): { touched: Touched[]; injectedAllNew: boolean } | 'rejected' {
    const g = opts.globalTable;
    const none = { touched: [], injectedAllNew: false };
    const stampPut = (item: Item): Touched => {
      item[stampName] = { S: stamp };
      return { key: keyOf(item), kind: 'put', item };
    };
    const stampUpdate = (u: WireBody): Touched => {
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
      return { key: u.Key as Item, kind: 'put' };
    };
    switch (action) {
      case 'PutItem':
        return body.TableName === g ? { touched: [stampPut(body.Item)], injectedAllNew: false } : none;
      case 'UpdateItem': {
        if (body.TableName !== g) return none;
        const touched = [stampUpdate(body)];
        // ALL_OLD and UPDATED_* cannot be had together with ALL_NEW: those are read back instead.
        const injectedAllNew = body.ReturnValues === undefined || body.ReturnValues === 'NONE';
        if (injectedAllNew) body.ReturnValues = 'ALL_NEW';
        touched[0]!.itemInAnswer = body.ReturnValues === 'ALL_NEW';
        return { touched, injectedAllNew };
      }
      case 'DeleteItem':
        return body.TableName === g
          ? { touched: [{ key: body.Key, kind: 'delete' }], injectedAllNew: false }
          : none;
      case 'BatchWriteItem': {
        const reqs: WireBody[] = body.RequestItems?.[g] ?? [];
        return {
          touched: reqs.map((r) =>
            r.PutRequest ? stampPut(r.PutRequest.Item) : { key: r.DeleteRequest.Key as Item, kind: 'delete' },
          ),
          injectedAllNew: false,
        };
      }
      case 'TransactWriteItems': {
        const touched: Touched[] = [];
        for (const t of body.TransactItems ?? []) {
          if (t.Put?.TableName === g) touched.push(stampPut(t.Put.Item));
          // DynamoDB returns no item from a transaction: this one is read back at delivery.
          else if (t.Update?.TableName === g) touched.push(stampUpdate(t.Update));
          else if (t.Delete?.TableName === g) touched.push({ key: t.Delete.Key, kind: 'delete' });
        }
        return { touched, injectedAllNew: false };
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
        const writesGlobal = statements.some((st) => !/^\s*select\b/i.test(st) && st.includes(g));
        return writesGlobal ? 'rejected' : none;
      }
      default:
        return none;
    }
  }

  /**
   * Completes the touched list from DynamoDB's answer (an update's item; a batch's unprocessed
   * items were not written) and returns the answer the client gets (without the ALL_NEW it did
   * not ask for).
   */
  function settleAnswer(
    action: string,
    touched: Touched[],
    injectedAllNew: boolean,
    raw: Buffer,
    headers: IncomingMessage['headers'],
  ): { touched: Touched[]; raw: Buffer; headers: IncomingMessage['headers'] } {
    if (action !== 'UpdateItem' && action !== 'BatchWriteItem') return { touched, raw, headers };
    const answer = JSON.parse(raw.toString('utf8')) as WireBody;
    if (action === 'BatchWriteItem') {
      const unprocessed: WireBody[] = answer.UnprocessedItems?.[opts.globalTable] ?? [];
      if (unprocessed.length === 0) return { touched, raw, headers };
      const skipped = new Set(
        unprocessed.map((r) => itemId('', r.PutRequest ? keyOf(r.PutRequest.Item) : r.DeleteRequest.Key)),
      );
      return { touched: touched.filter((t) => !skipped.has(itemId('', t.key))), raw, headers };
    }
    if (touched[0]!.itemInAnswer && answer.Attributes) touched[0]!.item = answer.Attributes as Item;
    if (!injectedAllNew) return { touched, raw, headers };
    delete answer.Attributes;
    const text = Buffer.from(JSON.stringify(answer));
    return {
      touched,
      raw: text,
      // The SDK checks the body against DynamoDB's CRC32 header.
      headers: { ...headers, 'content-length': String(text.length), 'x-amz-crc32': String(crc32(text)) },
    };
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
      pending: scheduled.size + due.length + inFlight.size,
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
      let injectedAllNew = false;
      let stamp = '';
      // Reads pass through unparsed.
      if (raw.length > 0 && WRITE_ACTIONS.has(action)) {
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
        ({ touched, injectedAllNew } = result);
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
      // Writes of one item go to DynamoDB Local one after the other, in the order of their stamps:
      // two concurrent updates could otherwise be applied in the other order, and the replicas would
      // keep the older stamp's item (with the last write lost) as the newest.
      const turn = touched.length > 0 ? takeTurns(region, touched) : undefined;
      const forward = () => {
        const upstream = request(
          { host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers, agent },
          (up) => {
            const out: Buffer[] = [];
            up.on('data', (c: Buffer) => out.push(c));
            up.on('end', () => {
              // Applied (or refused): the next write of these items may go.
              turn?.done();
              const status = up.statusCode ?? 500;
              let answer: Buffer = Buffer.concat(out);
              let answerHeaders = up.headers;
              if (status === 200 && touched.length > 0) {
                const settled = settleAnswer(action, touched, injectedAllNew, answer, answerHeaders);
                answer = settled.raw;
                answerHeaders = settled.headers;
                enqueue(region, settled.touched, stamp);
              }
              res.writeHead(status, answerHeaders);
              res.end(answer);
            });
          },
        );
        upstream.on('error', (e) => {
          sendJson(res, 503, {
            __type: 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable',
            message: String(e),
          });
        });
        // However the exchange ends, the items' turn is over.
        if (turn) upstream.on('close', turn.done);
        upstream.end(body);
      };
      if (!turn) forward();
      else void turn.ready.then(forward);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Open a connection per region now, so the first replicated write is not late by a connect.
  await Promise.all(opts.regions.map((r) => backendCall(r, 'ListTables', { Limit: 1 })));

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
      if (scheduled.size === 0 && due.length === 0 && inFlight.size === 0) return Promise.resolve();
      return new Promise((resolve) => settleWaiters.push(resolve));
    },
    async stop() {
      stopped = true;
      if (persistTimer) clearInterval(persistTimer);
      for (const { timer } of scheduled.values()) clearTimeout(timer);
      await persisting;
      if (opts.queueFile) {
        const tmp = `${opts.queueFile}.tmp`;
        writeFileSync(tmp, snapshot());
        renameSync(tmp, opts.queueFile);
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
  return api;
}

const MAX_DELIVERIES_IN_FLIGHT = 8;

const WRITE_ACTIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
]);

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
