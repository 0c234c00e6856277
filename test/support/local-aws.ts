import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { GuardedTable } from '../../functions/data/guarded-table.ts';
import type { NetworkState } from '../../local/dynamodb/replicating-proxy.ts';

/** Clients for the shared test runtime, one per region, as a handler in that region would have them. */
export function localAws() {
  const endpoints = inject('endpoints');
  const docs = new Map<string, DynamoDBDocumentClient>();
  const doc = (region: string) => {
    let d = docs.get(region);
    if (!d) {
      const url = endpoints.regions[region]?.dynamodb;
      if (!url) throw new Error(`no region ${region} in endpoints.json`);
      d = DynamoDBDocumentClient.from(
        new DynamoDBClient({
          region,
          endpoint: url,
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
          maxAttempts: 2,
        }),
        { marshallOptions: { removeUndefinedValues: true } },
      );
      docs.set(region, d);
    }
    return d;
  };
  const network = {
    async state(): Promise<NetworkState> {
      return (await fetch(endpoints.network)).json() as Promise<NetworkState>;
    },
    async set(cmd: {
      lagMs?: number;
      pause?: [string, string];
      resume?: [string, string];
      down?: string;
      up?: string;
    }) {
      const res = await fetch(endpoints.network, { method: 'POST', body: JSON.stringify(cmd) });
      return (await res.json()) as NetworkState;
    },
    /** Waits until every scheduled replication has been delivered (held ones excepted). */
    async settled(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = await network.state();
        if (s.pending === 0) return s;
        if (Date.now() > deadline) throw new Error(`replication not settled: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
  return {
    endpoints,
    regions: Object.keys(endpoints.regions),
    doc,
    table: (region: string) => new GuardedTable(doc(region), 'claimflow', region),
    network,
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
