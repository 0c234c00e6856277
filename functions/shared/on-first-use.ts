/**
 * A port whose adapter is loaded on its first call. The Step Functions and SES adapters (and their
 * SDK clients) are `import()`ed through this, so esbuild keeps them in the bundle but evaluates them
 * only when a function first uses them: a function that never starts a workflow or sends an email
 * does not pay for those clients at cold start (issue 18; `npm run bench cold-start` measures it).
 * Every method of such a port must be async, as the ports in domain/ports.ts are, except those
 * given in `ready`: members that need no client, served at once.
 */
export function onFirstUse<T extends object>(load: () => Promise<T>, ready: Partial<T> = {}): T {
  let loaded: Promise<T> | undefined;
  const adapter = () => {
    loaded ??= load().catch((err: unknown) => {
      loaded = undefined; // a failed load is tried again on the next call
      throw err;
    });
    return loaded;
  };
  return new Proxy({} as T, {
    get(_target, method) {
      // Not a thenable: `await port` must give the port, not call a method named `then`.
      if (method === 'then' || typeof method === 'symbol') return undefined;
      if (method in ready) return ready[method as keyof T];
      return async (...args: unknown[]) => {
        const impl = (await adapter()) as Record<string, (...a: unknown[]) => unknown>;
        return impl[method]!(...args);
      };
    },
  });
}
