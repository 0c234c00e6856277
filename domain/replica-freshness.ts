/**
 * How fresh a replica is, told from the data it holds (issue 14, item 3: the back office marks data
 * read from a replica that is behind).
 *
 * Every home region's writer stamps the home region's clock (`at`, and the stamp it replaced as
 * `previousAt`) every few seconds to a minute; the stamp replicates like any other item. A region
 * reading an item of a home region written elsewhere compares that clock, as its own replica has it,
 * with now: every write the writer made before `at` has (in the ordinary course) arrived, so at most
 * the writes of the last `now - at` seconds can be missing. When the next stamp is overdue (more
 * than twice the stamping interval, measured from the clock itself), the replica is behind for
 * certain: replication between the two regions is late, paused, or the writer is down.
 *
 * Why not CloudWatch's `ReplicationLatency`: it is a metric of another service, read per request in
 * the reading region, and says nothing about a writer that is down. The clock is one small read of
 * the local replica.
 */

export interface WriterClock {
  /** The region that stamped it (the home region's writer then). */
  writerRegion: string;
  /** ISO time of the newest stamp. */
  at: string;
  /** ISO time of the stamp before it (absent on the first). */
  previousAt?: string;
}

export interface ReplicaFreshness {
  /** The home region of what was read. */
  homeRegion: string;
  /** Where that home region's items are written now (its owner record, as read here). */
  writerRegion: string;
  /** The region whose replica was read. */
  readIn: string;
  /** The writer's newest clock stamp that reached this replica (absent: none has). */
  heardAt?: string;
  /** At most this many seconds of the writer's changes may be missing here (absent: not known). */
  behindBySeconds?: number;
  /** The writer's next stamp is overdue here: replication is late or the writer is down. */
  behind: boolean;
}

// The stamping interval as the clock shows it, bounded: a first stamp after a long silence (a
// region back from an outage) must not make the next silence look normal for hours.
const MIN_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 120_000;

/** How long the writer stamps apart, from its clock (the longest interval when not known). */
export function stampingIntervalMs(clock: WriterClock): number {
  if (!clock.previousAt) return MAX_INTERVAL_MS;
  const measured = Date.parse(clock.at) - Date.parse(clock.previousAt);
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, measured));
}

/**
 * The freshness of a read in `readIn` of items homed in `homeRegion`, or undefined when `readIn`
 * is where they are written (the read is of the writer's own copy: nothing can be missing).
 */
export function replicaFreshness(args: {
  homeRegion: string;
  writerRegion: string;
  readIn: string;
  clock: WriterClock | undefined;
  now: Date;
}): ReplicaFreshness | undefined {
  const { homeRegion, writerRegion, readIn, clock, now } = args;
  if (writerRegion === readIn) return undefined;
  const base = { homeRegion, writerRegion, readIn };
  if (!clock) return { ...base, behind: true };
  const sinceMs = Math.max(0, now.getTime() - Date.parse(clock.at));
  return {
    ...base,
    heardAt: clock.at,
    behindBySeconds: Math.ceil(sinceMs / 1000),
    // A clock another region stamped says nothing of the writer now (the adapter reads the writer's own).
    behind: clock.writerRegion !== writerRegion || sinceMs > 2 * stampingIntervalMs(clock),
  };
}
