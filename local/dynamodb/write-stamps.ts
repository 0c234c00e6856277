import type { IncomingMessage } from 'node:http';
import { crc32 } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { WireBody } from './dynamodb-local-connection.ts';

/**
 * What the replicating proxy does to a client's write on its way to DynamoDB Local and back:
 * stamps each write to the global table with a replication timestamp, lists the items it touches,
 * and takes from DynamoDB's answer what replication needs (an update's item after the update).
 */

export type Item = Record<string, AttributeValue>;

/** An item a write touched, and what to replicate of it. */
export interface Touched {
  key: Item;
  kind: 'put' | 'delete';
  item?: Item;
  /** An UpdateItem asked for ALL_NEW: DynamoDB's answer carries the item. */
  itemInAnswer?: boolean;
}

export interface StampedTable {
  /** Only this table replicates; every other table passes through untouched. */
  globalTable: string;
  keyAttributes: [string, string];
  stampAttribute: string;
}

export const WRITE_ACTIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
]);

/** A hybrid logical clock: strictly increasing, close to wall time, sortable as a string. */
export function hybridLogicalClock(): (region: string) => string {
  let last = 0;
  let seq = 0;
  return (region) => {
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

export class WriteStamper {
  constructor(private readonly table: StampedTable) {}

  /** The item's key attributes only. */
  keyOf(item: Item): Item {
    const [pkName, skName] = this.table.keyAttributes;
    const key: Item = {};
    if (item[pkName]) key[pkName] = item[pkName];
    if (item[skName]) key[skName] = item[skName];
    return key;
  }

  /** A string that names one item of the table. */
  keyId(key: Item): string {
    const [pkName, skName] = this.table.keyAttributes;
    return `${JSON.stringify(key[pkName])}\u0000${JSON.stringify(key[skName])}`;
  }

  /**
   * Stamps the writes to the global table in a request body and lists what they touch. An
   * UpdateItem is asked for ALL_NEW (`injectedAllNew` when the client did not ask for it), so the
   * answer carries the item to replicate.
   */
  stampWrites(
    action: string,
    body: WireBody,
    stamp: string,
  ): { touched: Touched[]; injectedAllNew: boolean } | 'rejected' {
    const g = this.table.globalTable;
    const stampName = this.table.stampAttribute;
    const none = { touched: [], injectedAllNew: false };
    const stampPut = (item: Item): Touched => {
      item[stampName] = { S: stamp };
      return { key: this.keyOf(item), kind: 'put', item };
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
  settleAnswer(
    action: string,
    touched: Touched[],
    injectedAllNew: boolean,
    raw: Buffer,
    headers: IncomingMessage['headers'],
  ): { touched: Touched[]; raw: Buffer; headers: IncomingMessage['headers'] } {
    if (action !== 'UpdateItem' && action !== 'BatchWriteItem') return { touched, raw, headers };
    const answer = JSON.parse(raw.toString('utf8')) as WireBody;
    if (action === 'BatchWriteItem') {
      const unprocessed: WireBody[] = answer.UnprocessedItems?.[this.table.globalTable] ?? [];
      if (unprocessed.length === 0) return { touched, raw, headers };
      const skipped = new Set(
        unprocessed.map((r) =>
          this.keyId(r.PutRequest ? this.keyOf(r.PutRequest.Item) : r.DeleteRequest.Key),
        ),
      );
      return { touched: touched.filter((t) => !skipped.has(this.keyId(t.key))), raw, headers };
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
}

/** Item-level writes in a request, on any table (a transaction or batch counts each item). */
export function countItemWrites(action: string, body: WireBody): number {
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
