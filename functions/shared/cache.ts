import { TtlCache } from './ttl-cache.ts';

/**
 * Memoises an async loader of reference data (partners, the parts catalogue, a centre's
 * technicians) that changes rarely: every task of every claim reads it, and a Lambda container
 * lives for minutes. Entries expire after `ttlMs`, at most 1,000 are kept (least recently used go
 * first), and a failed load is not kept.
 */
export function cached<A extends unknown[], R>(
  ttlMs: number,
  keyOf: (...args: A) => string,
  load: (...args: A) => Promise<R>,
) {
  const entries = new TtlCache<string, Promise<R>>(1000);
  return (...args: A): Promise<R> => {
    const key = keyOf(...args);
    const hit = entries.get(key);
    if (hit) return hit;
    const value = load(...args);
    entries.set(key, value, ttlMs);
    value.catch(() => {
      if (entries.get(key) === value) entries.delete(key);
    });
    return value;
  };
}
