import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_ACCESS_KEY } from '../local/dynamodb/dynamodb-local-connection.ts';
import type { NetworkState } from '../local/dynamodb/replicating-proxy.ts';

/**
 * What the benchmarks measure of DynamoDB Local: how many raw writes it takes per second (the
 * storage bound, divided by the writes a claim costs), and the work the system gave it, as the
 * replicating proxy counted it (replication included: it is work DynamoDB Local does).
 */

/** A client straight to DynamoDB Local (past the proxy, so the proxy counts only the system's work). */
export const directClient = (dynamodbLocal: string, region: string): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region,
      endpoint: dynamodbLocal,
      credentials: { accessKeyId: LOCAL_ACCESS_KEY, secretAccessKey: 'x' },
    }),
  );

/** Raw PutItems of a claim-sized item straight to DynamoDB Local, 32 at a time: the storage bound. */
export async function rawWritesPerSecond(
  dynamodbLocal: string,
  opts: { table: string; count: number; itemBytes: number },
): Promise<number> {
  const db = directClient(dynamodbLocal, 'ap-south-1');
  const payload = 'x'.repeat(opts.itemBytes);
  let next = 0;
  const t0 = performance.now();
  try {
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < opts.count) {
          const i = next++;
          await db.send(
            new PutCommand({
              TableName: opts.table,
              Item: { pk: `BENCH#${i}`, sk: 'RAW', payload, expiresAt: 0 },
            }),
          );
        }
      }),
    );
  } finally {
    db.destroy();
  }
  return opts.count / ((performance.now() - t0) / 1000);
}

/** DynamoDB work the proxy saw between two of its states (item writes and reads, replication included). */
export function dynamoDbWork(before: NetworkState, after: NetworkState) {
  const requests = (action: string) => (after.requests[action] ?? 0) - (before.requests[action] ?? 0);
  const replicationWrites = after.replicationWrites - before.replicationWrites;
  const replicationReads = after.replicationReads - before.replicationReads;
  const reads = ['GetItem', 'Query', 'BatchGetItem', 'TransactGetItems'].reduce((n, a) => n + requests(a), 0);
  return {
    writes: after.itemWrites - before.itemWrites + replicationWrites,
    replicationWrites,
    reads: reads + replicationReads,
    scans: requests('Scan'),
  };
}
