/**
 * A small per-container cache for reference data (partners, the parts catalogue, a centre's
 * technicians) that changes rarely: every task of every claim reads it, and a Lambda container
 * lives for minutes. Entries expire after `ttlMs`; failures are not cached.
 */
export function cached<A extends unknown[], R>(
  ttlMs: number,
  keyOf: (...args: A) => string,
  load: (...args: A) => Promise<R>,
) {
  const entries = new Map<string, { at: number; value: Promise<R> }>();
  return (...args: A): Promise<R> => {
    const key = keyOf(...args);
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = load(...args);
    entries.set(key, { at: Date.now(), value });
    value.catch(() => entries.delete(key));
    if (entries.size > 1000) entries.delete(entries.keys().next().value as string);
    return value;
  };
}
