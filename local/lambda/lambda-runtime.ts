import { Worker } from 'node:worker_threads';

/**
 * The simulated Lambda service: one worker thread per region, each with that region's
 * environment (AWS_REGION, the local endpoints, table names), running the handlers listed in
 * `functions/catalog.ts`. The same handler code runs in AWS; only the environment differs.
 */
export interface LambdaRuntime {
  invoke(req: { region: string; functionName: string; payload: unknown }): Promise<unknown>;
  /** Runs one of the claim operations (functions/lifecycle/operations.ts) in a region. */
  operation<T = unknown>(region: string, operation: string, args: unknown): Promise<T>;
  /**
   * Invocations of each function so far, and their billed duration (each rounded up to 1 ms, as
   * Lambda bills it), per region (`npm run bench cost`). Claim operations run without a function
   * and are not counted.
   */
  usage(): FunctionUsage[];
  stop(): Promise<void>;
}

export interface FunctionUsage {
  region: string;
  functionName: string;
  invocations: number;
  billedMs: number;
}

export class LambdaInvocationError extends Error {
  constructor(name: string, message: string, stack?: string, detail?: Record<string, unknown>) {
    super(message);
    Object.assign(this, detail ?? {});
    this.name = name;
    if (stack) this.stack = stack;
  }
}

export async function startLambdaRuntime(opts: {
  regions: string[];
  environment: (region: string) => Record<string, string>;
}): Promise<LambdaRuntime> {
  const workers = new Map<string, Worker>();
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void; usage?: FunctionUsage }
  >();
  const usage = new Map<string, FunctionUsage>();
  let nextId = 0;

  await Promise.all(
    opts.regions.map(
      (region) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
            env: { ...process.env, ...opts.environment(region) },
            execArgv: [],
          });
          worker.on(
            'message',
            (msg: {
              ready?: boolean;
              id?: number;
              result?: unknown;
              durationMs?: number;
              error?: { name: string; message: string; stack?: string; detail?: Record<string, unknown> };
            }) => {
              if (msg.ready) return resolve();
              const p = pending.get(msg.id!);
              if (!p) return;
              pending.delete(msg.id!);
              if (p.usage && msg.durationMs !== undefined) {
                p.usage.invocations += 1;
                p.usage.billedMs += Math.ceil(msg.durationMs);
              }
              if (msg.error)
                p.reject(
                  new LambdaInvocationError(
                    msg.error.name,
                    msg.error.message,
                    msg.error.stack,
                    msg.error.detail,
                  ),
                );
              else p.resolve(msg.result);
            },
          );
          worker.once('error', reject);
          workers.set(region, worker);
        }),
    ),
  );

  const send = (region: string, message: Record<string, unknown>): Promise<unknown> => {
    const worker = workers.get(region);
    if (!worker) return Promise.reject(new Error(`no Lambda runtime for region ${region}`));
    const id = ++nextId;
    const name = message.functionName as string | undefined;
    let counted: FunctionUsage | undefined;
    if (name) {
      const key = `${region}\u0000${name}`;
      counted = usage.get(key);
      if (!counted) {
        counted = { region, functionName: name, invocations: 0, billedMs: 0 };
        usage.set(key, counted);
      }
    }
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, usage: counted });
      worker.postMessage({ id, ...message });
    });
  };

  return {
    invoke: ({ region, functionName, payload }) => send(region, { functionName, payload }),
    operation: <T>(region: string, operation: string, args: unknown) =>
      send(region, { operation, payload: args }) as Promise<T>,
    usage: () => [...usage.values()].map((u) => ({ ...u })),
    async stop() {
      await Promise.all([...workers.values()].map((w) => w.terminate()));
      for (const p of pending.values()) p.reject(new Error('Lambda runtime stopped'));
      pending.clear();
    },
  };
}
