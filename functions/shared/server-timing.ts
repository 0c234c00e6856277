import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where an API request's time goes, per invocation: named spans (validation, DynamoDB reads and
 * writes, Step Functions calls) summed into a W3C `Server-Timing` response header and the request's
 * log line. AsyncLocalStorage keeps concurrent invocations apart (the local runtime runs many in
 * one worker); SDK calls are measured by a middleware on the module-scope clients, so the domain
 * and lifecycle code stay free of timing code.
 */
export interface Span {
  ms: number;
  count: number;
}
type Spans = Map<string, Span>;

const current = new AsyncLocalStorage<{ spans: Spans; startedAt: number }>();

/** Runs `fn` with a fresh set of spans; `spans()` inside it (and in what it awaits) sees them. */
export const withSpans = <T>(fn: () => Promise<T>): Promise<T> =>
  current.run({ spans: new Map(), startedAt: performance.now() }, fn);

/** Milliseconds since `withSpans` began: the handler's own time so far. */
export const elapsed = (): number => {
  const store = current.getStore();
  return store ? performance.now() - store.startedAt : 0;
};

export function recordSpan(name: string, ms: number): void {
  const spans = current.getStore()?.spans;
  if (!spans) return;
  const s = spans.get(name);
  if (s) {
    s.ms += ms;
    s.count += 1;
  } else spans.set(name, { ms, count: 1 });
}

export async function timed<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    recordSpan(name, performance.now() - t0);
  }
}

export const spans = (): ReadonlyMap<string, Span> => current.getStore()?.spans ?? new Map();

/**
 * `Server-Timing: validate;dur=0.41, db-write;dur=3.2;desc="2 calls", …, total;dur=9.8`: `total` is
 * the handler's time from its first middleware to the answer (not the gateway's or the network's).
 */
export function serverTimingHeader(all: ReadonlyMap<string, Span> = spans(), totalMs = elapsed()): string {
  return [
    ...[...all].map(
      ([name, s]) => `${name};dur=${s.ms.toFixed(2)}${s.count > 1 ? `;desc="${s.count} calls"` : ''}`,
    ),
    `total;dur=${totalMs.toFixed(2)}`,
  ].join(', ');
}

/** Parses a Server-Timing header back into spans (bench and tests read what the API reports). */
export function parseServerTiming(header: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    const dur = params.find((p) => p.trim().startsWith('dur='));
    if (name && dur) out.set(name.trim(), Number(dur.trim().slice(4)));
  }
  return out;
}

const READS = /^(Get|BatchGet|Query|Scan|TransactGet|Describe|List)/;

/** The span name of an AWS SDK command: `db-read`, `db-write`, `sfn-start`, `sfn`. */
export function spanOfCommand(service: 'db' | 'sfn', commandName: string): string {
  if (service === 'sfn') return commandName.startsWith('StartExecution') ? 'sfn-start' : 'sfn';
  return READS.test(commandName) ? 'db-read' : 'db-write';
}

interface MiddlewareStackLike {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'initialize'; name: string },
  ): void;
}

const instrumented = new WeakSet<object>();

/** Adds a span per SDK call to `client` (once; retries included, as the caller waits for them). */
export function instrumentAwsClient(client: { middlewareStack: unknown }, service: 'db' | 'sfn'): void {
  const stack = client.middlewareStack as MiddlewareStackLike & object;
  if (instrumented.has(stack)) return;
  instrumented.add(stack);
  stack.add(
    (next, context) => async (args) => {
      const t0 = performance.now();
      try {
        return await next(args);
      } finally {
        recordSpan(spanOfCommand(service, context.commandName ?? ''), performance.now() - t0);
      }
    },
    { step: 'initialize', name: 'claimflowServerTiming' },
  );
}
