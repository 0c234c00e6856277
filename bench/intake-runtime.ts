import '../local/node20-support.ts';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startRuntime } from '../local/runtime.ts';

/**
 * The runtime under test of bench/intake.ts, in a process of its own so that the load generator
 * does not share the runtime's event loop (the gateway, the DynamoDB proxy and the Step Functions
 * service all run on the main thread, as in `npm start`). Prints one JSON line when ready; answers
 * the IPC message `stats` with what it used since the previous one (CPU of this process and of
 * DynamoDB Local, the main thread's event-loop delay); stops on SIGTERM.
 */
const opts = JSON.parse(process.argv[2] ?? '{}') as {
  dataDir: string;
  workflow: 'record-only' | 'claim-lifecycle';
  inMemory: boolean;
};
const rt = await startRuntime(opts);

export interface RuntimeStats {
  /** CPU time of this process (every thread: gateway, proxy, Step Functions, the Lambda workers), ms. */
  nodeCpuMs: number;
  /** CPU time of DynamoDB Local's JVM, ms (Linux only). */
  dynamodbLocalCpuMs?: number;
  /** Main thread's event-loop delay since the previous `stats`: p50, p99, max in ms. */
  loopDelayMs: { p50: number; p99: number; max: number };
}

const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
process.on('message', (message) => {
  if (message !== 'stats') return;
  const cpu = process.cpuUsage();
  const stats: RuntimeStats = {
    nodeCpuMs: (cpu.user + cpu.system) / 1000,
    dynamodbLocalCpuMs: rt.dynamodbLocal.cpuTimeMs(),
    loopDelayMs: {
      p50: loopDelay.percentile(50) / 1e6,
      p99: loopDelay.percentile(99) / 1e6,
      max: loopDelay.max / 1e6,
    },
  };
  loopDelay.reset();
  process.send?.(stats);
});
console.log(JSON.stringify({ ready: true, endpoints: rt.endpoints, dynamodbLocal: rt.dynamodbLocal.url }));
process.on('SIGTERM', async () => {
  await rt.stop();
  process.exit(0);
});
