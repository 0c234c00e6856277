/**
 * The network between the simulated regions, as the replicating proxy plays it: how late
 * replication arrives, which pairs of regions cannot reach each other, which regions are down.
 */
export class SimulatedNetwork {
  private lag: number;
  private readonly paused = new Set<string>();
  private readonly down = new Set<string>();

  constructor(lagMs: number) {
    this.lag = lagMs;
  }

  get lagMs(): number {
    return this.lag;
  }

  setLag(ms: number): void {
    this.lag = Math.max(0, ms);
  }

  pause(a: string, b: string): void {
    this.paused.add(pairKey(a, b));
  }

  resume(a: string, b: string): void {
    this.paused.delete(pairKey(a, b));
  }

  setRegionDown(region: string, down: boolean): void {
    if (down) this.down.add(region);
    else this.down.delete(region);
  }

  isDown(region: string): boolean {
    return this.down.has(region);
  }

  /** Whether replication from `src` to `dst` must wait (either is down, or the pair is paused). */
  blocked(src: string, dst: string): boolean {
    return this.down.has(src) || this.down.has(dst) || this.paused.has(pairKey(src, dst));
  }

  state(): { lagMs: number; pausedPairs: [string, string][]; downRegions: string[] } {
    return {
      lagMs: this.lag,
      pausedPairs: [...this.paused].map((p) => p.split('|') as [string, string]),
      downRegions: [...this.down],
    };
  }
}

const pairKey = (a: string, b: string) => [a, b].sort().join('|');
