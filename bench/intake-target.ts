import { type ChildProcess, spawn } from 'node:child_process';
import type { NetworkState } from '../local/dynamodb/replicating-proxy.ts';
import type { Endpoints } from '../local/endpoints.ts';
import type { RuntimeStats } from './intake-runtime.ts';

/** How the runtime under test runs: which workflow each filed claim starts, where DynamoDB Local keeps data. */
export interface Setting {
  readonly label: string;
  readonly workflow: 'record-only' | 'claim-lifecycle';
  readonly inMemory: boolean;
}

export interface Target {
  endpoints: Endpoints;
  dynamodbLocal: string;
  network(): Promise<NetworkState>;
  settled(): Promise<void>;
  stats(): Promise<RuntimeStats>;
  stop(): Promise<void>;
}

/** The runtime in a child process (bench/intake-runtime.ts), so that autocannon has this one to itself. */
export async function startTarget(setting: Setting, dataDir: string): Promise<Target> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./intake-runtime.ts', import.meta.url).pathname,
      JSON.stringify({ dataDir, ...setting }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  const ready = await new Promise<{ endpoints: Endpoints; dynamodbLocal: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`the bench runtime exited with ${code}`)));
  });
  const network = async () => (await (await fetch(ready.endpoints.network)).json()) as NetworkState;
  return {
    ...ready,
    network,
    async settled() {
      while ((await network()).pending > 0) await new Promise((r) => setTimeout(r, 50));
    },
    stats: () =>
      new Promise<RuntimeStats>((resolve) => {
        child.once('message', (m) => resolve(m as RuntimeStats));
        child.send('stats');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
