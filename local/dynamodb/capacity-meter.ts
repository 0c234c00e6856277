import type { IncomingMessage } from 'node:http';
import { crc32 } from 'node:zlib';
import type { WireBody } from './dynamodb-local-connection.ts';

/**
 * What DynamoDB would bill for the requests the replicating proxy forwards (`npm run bench cost`,
 * issue 18): the proxy asks DynamoDB Local for `ReturnConsumedCapacity: INDEXES` on every request
 * that accepts it and takes the figures out of the answer before the client sees it. Checked
 * against DynamoDB Local 10.3 (bench/cost.ts docs): its figures round items to 1 KB (writes, the
 * larger of before and after) and 4 KB (reads), count a GSI write only when the item carries the
 * index's key, count a key change in an index as 2, and double transactions, as DynamoDB bills them.
 *
 * Replicas: DynamoDB (multi-region eventual consistency) writes every write of the source to every
 * other replica, billed there as replicated write units for the table and ordinary write units for
 * each GSI; a transaction is applied there as ordinary writes. The local replicator coalesces a
 * write that a newer one of the same item supersedes in its queue, so the replicated units are
 * counted from the source's write (its units, undoubled, once per other region), not from the
 * writes the replicator happens to make; those are counted apart (`replicaApplied`) as a check.
 */

/** Actions that accept ReturnConsumedCapacity. */
export const METERED_ACTIONS = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);
const READ_ACTIONS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/** How a unit is billed: read, write, replicated write (rWRU); `replicaApplied` is a check, not billed. */
export type UnitKind = 'read' | 'write' | 'replicatedWrite' | 'replicaApplied' | 'refusedWrite';

export interface CapacityLine {
  region: string;
  table: string;
  /** The GSI, or undefined for the table itself. */
  index?: string;
  kind: UnitKind;
  units: number;
}

/**
 * Asks for the capacity a request consumed. Returns whether the answer must be stripped of it (the
 * client did not ask); a client that asked for TOTAL keeps TOTAL (its figure has no index breakdown).
 */
export function askForCapacity(body: WireBody): { strip: boolean } {
  const asked = body.ReturnConsumedCapacity;
  if (asked === 'INDEXES' || asked === 'TOTAL') return { strip: false };
  body.ReturnConsumedCapacity = 'INDEXES';
  return { strip: true };
}

/** The ConsumedCapacity of an answer, and the answer the client gets (without it if it did not ask). */
export function takeCapacity(
  raw: Buffer,
  headers: IncomingMessage['headers'],
  strip: boolean,
): { consumed: WireBody[]; raw: Buffer; headers: IncomingMessage['headers'] } {
  const answer = JSON.parse(raw.toString('utf8')) as WireBody;
  const c = answer.ConsumedCapacity;
  const consumed: WireBody[] = c === undefined ? [] : Array.isArray(c) ? c : [c];
  if (!strip || c === undefined) return { consumed, raw, headers };
  delete answer.ConsumedCapacity;
  const text = Buffer.from(JSON.stringify(answer));
  return {
    consumed,
    raw: text,
    // The SDK checks the body against DynamoDB's CRC32 header.
    headers: { ...headers, 'content-length': String(text.length), 'x-amz-crc32': String(crc32(text)) },
  };
}

const unitsOf = (c: WireBody | undefined): number =>
  Number(c?.CapacityUnits ?? c?.WriteCapacityUnits ?? c?.ReadCapacityUnits ?? 0);

export class CapacityMeter {
  private readonly totals = new Map<string, CapacityLine>();

  constructor(
    private readonly opts: {
      /** The replicated table: its writes are billed again in every other region. */
      globalTable: string;
      regions: readonly string[];
    },
  ) {}

  private add(line: CapacityLine): void {
    if (line.units === 0) return;
    const key = `${line.region}\u0000${line.table}\u0000${line.index ?? ''}\u0000${line.kind}`;
    const prev = this.totals.get(key);
    if (prev) prev.units += line.units;
    else this.totals.set(key, { ...line });
  }

  /** A client's request answered 200, with the ConsumedCapacity DynamoDB Local gave. */
  request(region: string, action: string, consumed: readonly WireBody[]): void {
    const kind: UnitKind = READ_ACTIONS.has(action) ? 'read' : 'write';
    // A replica applies a transaction's writes as ordinary writes: half of what the source paid.
    const replicaShare = action === 'TransactWriteItems' ? 0.5 : 1;
    for (const c of consumed) {
      const table = String(c.TableName);
      const parts: [string | undefined, number][] =
        c.Table || c.GlobalSecondaryIndexes
          ? [
              [undefined, unitsOf(c.Table)],
              ...Object.entries((c.GlobalSecondaryIndexes ?? {}) as Record<string, WireBody>).map(
                ([ix, u]): [string, number] => [ix, unitsOf(u)],
              ),
            ]
          : [[undefined, unitsOf(c)]];
      for (const [index, units] of parts) {
        this.add({ region, table, index, kind, units });
        if (kind !== 'write' || table !== this.opts.globalTable) continue;
        for (const replica of this.opts.regions) {
          if (replica === region) continue;
          this.add({
            region: replica,
            table,
            index,
            // The table's copy is a replicated write; each GSI there is maintained by ordinary writes.
            kind: index === undefined ? 'replicatedWrite' : 'write',
            units: units * replicaShare,
          });
        }
      }
    }
  }

  /**
   * A write refused by its condition (or a cancelled transaction): DynamoDB still bills it, at
   * least one write unit; the answer says no figure, so the minimum is counted.
   */
  refused(region: string, table: string): void {
    this.add({ region, table, kind: 'refusedWrite', units: 1 });
  }

  /** The table's units of a write the local replicator made to a replica (the check beside `replicatedWrite`). */
  replicaApplied(region: string, consumed: WireBody | undefined): void {
    if (!consumed) return;
    const units = unitsOf(consumed.Table ?? consumed);
    this.add({ region, table: String(consumed.TableName), kind: 'replicaApplied', units });
  }

  snapshot(): CapacityLine[] {
    return [...this.totals.values()].map((l) => ({ ...l }));
  }
}

/** The lines of `after` less those of `before` (snapshots of one meter). */
export function capacityBetween(
  before: readonly CapacityLine[],
  after: readonly CapacityLine[],
): CapacityLine[] {
  const key = (l: CapacityLine) => `${l.region}\u0000${l.table}\u0000${l.index ?? ''}\u0000${l.kind}`;
  const was = new Map(before.map((l) => [key(l), l.units]));
  return after.map((l) => ({ ...l, units: l.units - (was.get(key(l)) ?? 0) })).filter((l) => l.units !== 0);
}
