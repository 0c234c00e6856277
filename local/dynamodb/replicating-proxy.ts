import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { regionOfRequest } from '../request-region.ts';
import {
  askForCapacity,
  type CapacityLine,
  CapacityMeter,
  METERED_ACTIONS,
  takeCapacity,
} from './capacity-meter.ts';
import { DynamoDbLocalConnection, type WireBody, withLocalAccessKey } from './dynamodb-local-connection.ts';
import { ItemWriteTurns } from './item-write-turns.ts';
import { ReplicationQueue } from './replication-queue.ts';
import { ReplicationQueueFile } from './replication-queue-file.ts';
import { SimulatedNetwork } from './simulated-network.ts';
import {
  countItemWrites,
  hybridLogicalClock,
  type Touched,
  WRITE_ACTIONS,
  WriteStamper,
} from './write-stamps.ts';

/**
 * The DynamoDB endpoint every handler gets locally: a small proxy in front of DynamoDB Local that
 * plays the part of a global table (DESIGN §2, §6).
 *
 * - It forwards each request to the database of the region named in the request's signature.
 * - Each write to the global table is stamped (attribute `stampAttribute`, a hybrid-logical-clock
 *   string that sorts by time; `write-stamps.ts`) and, once it succeeded, queued for every other
 *   region with the item as written (`replication-queue.ts`): a put's own item, an update's item
 *   after the update (the proxy asks DynamoDB Local for `ReturnValues: ALL_NEW` and answers the
 *   client what it asked for).
 * - Writes of one item go to DynamoDB Local one after the other, in stamp order (`item-write-turns.ts`).
 * - It is also the network between regions (`simulated-network.ts`): a lag, a paused pair, a region
 *   that is down (its requests fail with 503, as in an outage, and replication to and from it waits).
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
  /**
   * Meter the capacity every request consumes, as DynamoDB would bill it (`capacity()`;
   * `npm run bench cost`). Off by default: it parses every answer.
   */
  meterCapacity?: boolean;
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
  /** Units consumed so far, per region, table, index and kind (empty unless `meterCapacity`). */
  capacity(): CapacityLine[];
  setLag(ms: number): void;
  pause(a: string, b: string): void;
  resume(a: string, b: string): void;
  setRegionDown(region: string, down: boolean): void;
  /** Resolves when nothing is scheduled or in flight (held entries, for a paused pair or a down region, stay). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const CONTROL_PATH = '/_claimflow/network';

export async function startReplicatingProxy(opts: ReplicatingProxyOptions): Promise<ReplicatingProxy> {
  const connection = new DynamoDbLocalConnection(opts.backendUrl);
  const table = {
    globalTable: opts.globalTable,
    keyAttributes: opts.keyAttributes,
    stampAttribute: opts.stampAttribute,
  };
  const stamper = new WriteStamper(table);
  const nextStamp = hybridLogicalClock();
  const network = new SimulatedNetwork(opts.lagMs ?? 0);
  const meter = opts.meterCapacity
    ? new CapacityMeter({ globalTable: opts.globalTable, regions: opts.regions })
    : undefined;
  const queue = new ReplicationQueue({ connection, network, stamper, table, regions: opts.regions, meter });
  const queueFile = opts.queueFile
    ? new ReplicationQueueFile(opts.queueFile, queue, () => network.lagMs)
    : undefined;
  if (opts.queueFile) queue.restore(ReplicationQueueFile.load(opts.queueFile));
  const turns = new ItemWriteTurns();
  const requests: Record<string, number> = {};
  let itemWrites = 0;

  function state(): NetworkState {
    return {
      ...network.state(),
      ...queue.counts(),
      ...queue.stats,
      requests: { ...requests },
      itemWrites,
      ...queue.work,
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

  /** A client's request: stamped if it writes the global table, forwarded, its success queued. */
  function proxy(req: IncomingMessage, res: ServerResponse, raw: Buffer) {
    const region = regionOfRequest(req.headers) ?? 'us-east-1';
    if (network.isDown(region)) {
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
    const metered = meter !== undefined && raw.length > 0 && METERED_ACTIONS.has(action);
    let parsed: WireBody | undefined;
    let stripCapacity = false;
    let meteredTable = '';
    if (metered) {
      parsed = JSON.parse(raw.toString('utf8')) as WireBody;
      stripCapacity = askForCapacity(parsed).strip;
      const firstOfTransaction = parsed.TransactItems?.[0];
      meteredTable = String(
        parsed.TableName ??
          Object.keys(parsed.RequestItems ?? {})[0] ??
          (Object.values(firstOfTransaction ?? {})[0] as WireBody | undefined)?.TableName ??
          '',
      );
      body = Buffer.from(JSON.stringify(parsed));
    }
    // Reads pass through unparsed (unless metered).
    if (raw.length > 0 && WRITE_ACTIONS.has(action)) {
      parsed ??= JSON.parse(raw.toString('utf8')) as WireBody;
      stamp = nextStamp(region);
      const result = stamper.stampWrites(action, parsed, stamp);
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
      itemWrites += countItemWrites(action, parsed);
      if (touched.length > 0) body = Buffer.from(JSON.stringify(parsed));
    }
    const headers = {
      ...req.headers,
      host: connection.host,
      authorization: withLocalAccessKey(String(req.headers.authorization ?? '')),
      'content-length': String(body.length),
    };
    const turn =
      touched.length > 0
        ? turns.take(touched.map((t) => `${region}\u0000${stamper.keyId(t.key)}`))
        : undefined;
    const forward = () => {
      const upstream = connection.forward(req.method, req.url, headers, (up) => {
        const out: Buffer[] = [];
        up.on('data', (c: Buffer) => out.push(c));
        up.on('end', () => {
          // Applied (or refused): the next write of these items may go.
          turn?.done();
          const status = up.statusCode ?? 500;
          let answer: Buffer = Buffer.concat(out);
          let answerHeaders = up.headers;
          if (status === 200 && touched.length > 0) {
            const settled = stamper.settleAnswer(action, touched, injectedAllNew, answer, answerHeaders);
            answer = settled.raw;
            answerHeaders = settled.headers;
            queue.enqueue(region, settled.touched, stamp);
          }
          if (metered && status === 200) {
            const taken = takeCapacity(answer, answerHeaders, stripCapacity);
            answer = taken.raw;
            answerHeaders = taken.headers;
            meter.request(region, action, taken.consumed);
          } else if (
            metered &&
            status === 400 &&
            /ConditionalCheckFailed|TransactionCanceled/.test(answer.toString('utf8'))
          ) {
            meter.refused(region, meteredTable);
          }
          res.writeHead(status, answerHeaders);
          res.end(answer);
        });
      });
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
      proxy(req, res, raw);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Open a connection per region now, so the first replicated write is not late by a connect.
  await Promise.all(opts.regions.map((r) => connection.call(r, 'ListTables', { Limit: 1 })));

  const api: ReplicatingProxy = {
    url: `http://127.0.0.1:${port}`,
    state,
    capacity: () => meter?.snapshot() ?? [],
    setLag(ms) {
      network.setLag(ms);
    },
    pause(a, b) {
      network.pause(a, b);
    },
    resume(a, b) {
      network.resume(a, b);
      queue.releaseHeld();
    },
    setRegionDown(region, isDown) {
      network.setRegionDown(region, isDown);
      if (!isDown) queue.releaseHeld();
    },
    settled: () => queue.settled(),
    async stop() {
      queue.stop();
      await queueFile?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      connection.close();
    },
  };
  return api;
}

function sendJson(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
