import { type FunctionSpec, functionCatalog } from '../functions/catalog.ts';

/**
 * The local stand-in for EventBridge Scheduler: every catalog function with a `schedule` is invoked
 * in every region, one run at a time per region (a run that takes longer than the interval delays
 * the next, never overlaps it), as the scheduled Lambda does in AWS. Workflow time is scaled, so the
 * interval is too, with a floor that keeps an idle runtime from spinning.
 */
export const MIN_LOCAL_SCHEDULE_MS = 200;

export interface Schedules {
  stop(): Promise<void>;
}

export function startSchedules(opts: {
  regions: readonly string[];
  timeScale: number;
  invoke: (region: string, functionName: string) => Promise<unknown>;
  onError?: (spec: FunctionSpec, region: string, err: unknown) => void;
}): Schedules {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const loops: Promise<void>[] = [];
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  for (const spec of functionCatalog.filter((f) => f.schedule)) {
    const everyMs = Math.max(MIN_LOCAL_SCHEDULE_MS, spec.schedule!.everySeconds * 1000 * opts.timeScale);
    for (const region of opts.regions)
      loops.push(
        (async () => {
          while (!stopped) {
            await opts.invoke(region, spec.name).catch((err: unknown) => {
              if (!stopped) opts.onError?.(spec, region, err);
            });
            if (!stopped) await pause(everyMs);
          }
        })(),
      );
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      // Waits for runs in flight; a pause that was cleared never resolves, so do not wait on those.
      await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 2_000))]);
    },
  };
}

/** The webhook retry policy locally: scaled like workflow time, with floors a test receiver can meet. */
export function localWebhookRetry(timeScale: number) {
  return {
    firstRetrySeconds: Math.max(30 * timeScale, 0.05),
    maxRetrySeconds: Math.max(6 * 3600 * timeScale, 1),
    retryForSeconds: Math.max(24 * 3600 * timeScale, 30),
  };
}
