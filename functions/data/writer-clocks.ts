import { type ReplicaFreshness, replicaFreshness, type WriterClock } from '../../domain/replica-freshness.ts';
import type { GuardedTable } from './guarded-table.ts';
import { keys } from './keys.ts';

/**
 * The home regions' clocks in the global table (`domain/replica-freshness.ts`): the writer of a
 * home region stamps its clock (a guarded write, like any of the home region's items: a fenced
 * region's stamp is refused), and a region reading that home region's items elsewhere reads the
 * clock of the writer its owner record names from its own replica to say how fresh they are.
 *
 * One clock item per (home, writer): during an evacuation the old writer may stamp until its owner
 * cache expires while the new one has begun; on one item that would be two regions writing it
 * (a write lost to last-writer-wins, which the region invariants count).
 */

// The local scheduler runs the dispatcher every 200 ms (scaled time): one stamp a second is enough
// to tell a replica behind, and keeps the replication queue mostly empty for the runbook's waits.
// In AWS the dispatcher runs once a minute, so every run stamps.
const MIN_STAMP_INTERVAL_MS = 1_000;

export class WriterClocks {
  private readonly stampedAt = new Map<string, number>();

  constructor(
    private readonly table: GuardedTable,
    private readonly region: string,
  ) {}

  /** Stamps the clock of each home region this region writes for (at most once a second each). */
  async stamp(homeRegions: readonly string[], now: Date): Promise<void> {
    await Promise.all(
      homeRegions.map(async (homeRegion) => {
        if (now.getTime() - (this.stampedAt.get(homeRegion) ?? 0) < MIN_STAMP_INTERVAL_MS) return;
        await this.table.update({
          key: keys.writerClock(homeRegion, this.region),
          homeRegion,
          // The right-hand sides read the item before the update: previousAt takes the old `at`.
          expression:
            'SET #type = :type, previousAt = if_not_exists(#at, :now), #at = :now, writerRegion = :writer',
          names: { '#type': 'type', '#at': 'at' },
          values: { ':type': 'WriterClock', ':now': now.toISOString(), ':writer': this.region },
        });
        this.stampedAt.set(homeRegion, now.getTime());
      }),
    );
  }

  /** The clock of `homeRegion` stamped by `writerRegion`, as this region's replica has it. */
  async read(homeRegion: string, writerRegion: string): Promise<WriterClock | undefined> {
    const item = await this.table.get<Record<string, unknown>>(keys.writerClock(homeRegion, writerRegion));
    if (!item || typeof item.at !== 'string') return undefined;
    return {
      writerRegion: String(item.writerRegion),
      at: item.at,
      ...(typeof item.previousAt === 'string' ? { previousAt: item.previousAt } : {}),
    };
  }

  /**
   * How fresh this region's copy of each home region's items is, for the home regions written
   * elsewhere (those written here are left out): one read of the owner record (cached) and one of
   * the clock per home region, both in this region.
   */
  async freshness(homeRegions: Iterable<string>, now: Date): Promise<ReplicaFreshness[]> {
    const views = await Promise.all(
      [...new Set(homeRegions)].map(async (homeRegion) => {
        const owner = await this.table.ownerOf(homeRegion);
        if (owner.writerRegion === this.region) return undefined;
        return replicaFreshness({
          homeRegion,
          writerRegion: owner.writerRegion,
          readIn: this.region,
          clock: await this.read(homeRegion, owner.writerRegion),
          now,
        });
      }),
    );
    return views.filter((v): v is ReplicaFreshness => v !== undefined);
  }
}
