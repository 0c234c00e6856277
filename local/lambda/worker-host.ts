import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { functionSpec } from '../../functions/catalog.ts';

/**
 * Inside one region's worker: loads handlers from `functions/catalog.ts` on first use (like a
 * Lambda cold start) and runs invocations concurrently, as many warm containers would.
 */
type Handler = (event: unknown, context: unknown) => Promise<unknown>;
const handlers = new Map<string, Promise<Handler>>();
const root = new URL('../../', import.meta.url);

function load(name: string): Promise<Handler> {
  let h = handlers.get(name);
  if (!h) {
    const spec = functionSpec(name);
    h = import(pathToFileURL(new URL(spec.entry, root).pathname).href).then((m) => m.handler as Handler);
    handlers.set(name, h);
  }
  return h;
}

interface Invocation {
  id: number;
  functionName?: string;
  /** Instead of a function: one of the claim operations (functions/claim-operations.ts). */
  operation?: string;
  payload: unknown;
}

let operations: Promise<Record<string, (args: never) => Promise<unknown>>> | undefined;

parentPort?.on('message', async ({ id, functionName, operation, payload }: Invocation) => {
  if (operation) {
    try {
      operations ??= import('../../functions/claim-operations.ts').then((m) => m.claimOperations as never);
      const op = (await operations)[operation];
      if (!op) throw new Error(`no claim operation ${operation}`);
      parentPort?.postMessage({ id, result: await op(payload as never) });
    } catch (err) {
      const e = err as Error & Record<string, unknown>;
      parentPort?.postMessage({
        id,
        error: {
          name: e?.name ?? 'Error',
          message: e?.message ?? String(err),
          stack: e?.stack,
          detail: { ...e },
        },
      });
    }
    return;
  }
  if (!functionName) return;
  // The invocation's duration as Lambda bills it (the handler's run, the init phase apart).
  let started: number | undefined;
  const durationMs = () => (started === undefined ? 0 : performance.now() - started);
  try {
    const spec = functionSpec(functionName);
    const handler = await load(functionName);
    // As in Lambda, loading the module (the init phase) does not count against the invocation's timeout.
    const invoked = Date.now();
    started = performance.now();
    const context = {
      functionName: `claimflow-${functionName}`,
      functionVersion: '$LATEST',
      awsRequestId: randomUUID(),
      memoryLimitInMB: String(spec.memoryMb),
      getRemainingTimeInMillis: () => spec.timeoutSeconds * 1000 - (Date.now() - invoked),
      callbackWaitsForEmptyEventLoop: false,
    };
    const result = await handler(payload, context);
    parentPort?.postMessage({ id, result, durationMs: durationMs() });
  } catch (err) {
    const e = err as Error;
    parentPort?.postMessage({
      id,
      durationMs: durationMs(),
      error: { name: e?.name ?? 'Error', message: e?.message ?? String(err), stack: e?.stack },
    });
  }
});
parentPort?.postMessage({ ready: true });
