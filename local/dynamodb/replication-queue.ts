import type { CapacityMeter } from './capacity-meter.ts';
import type { DynamoDbLocalConnection } from './dynamodb-local-connection.ts';
import type { SimulatedNetwork } from './simulated-network.ts';
import type { Item, StampedTable, Touched, WriteStamper } from './write-stamps.ts';

/**
 * The replicating proxy's queue: each write to the global table, once it succeeded, waits here for
 * every other region until the network's lag is over, then is written there if it is still the
 * newest (last writer wins, as in AWS global tables). A write that a newer write of the same item,
 * due within a lag, supersedes is dropped (the newer one has its own entry); an item written
 * without pause still replicates at least once per lag. Only a transaction's update, whose result
 * DynamoDB does not return, is read back from the source (once for every target region).
 */

export interface ReplicationEntry {
  id: string;
  src: string;
  dst: string;
  key: Item;
  stamp: string;
  kind: 'put' | 'delete';
  dueAt: number;
  /**
   * The item as written, delivered as is. Absent for a transaction's update (and after a restart:
   * the snapshot leaves items out): then it is read back from the source at delivery.
   */
  item?: Item;
}

/**
 * A few deliveries at a time: the entries of a burst of writes fall due together, and sending
 * them all at once held up the requests of clients (which share this event loop and DynamoDB
 * Local) for tens of milliseconds.
 */
const MAX_DELIVERIES_IN_FLIGHT = 8;

export class ReplicationQueue {
  readonly stats = { replicated: 0, superseded: 0, lostToNewerWrite: 0 };
  /** Operations the replicator itself ran against DynamoDB Local. */
  readonly work = { replicationReads: 0, replicationWrites: 0 };
  private readonly scheduled = new Map<string, { entry: ReplicationEntry; timer: NodeJS.Timeout }>();
  private readonly held = new Map<string, ReplicationEntry>();
  /** Entries whose lag is over, waiting for a delivery slot. */
  private readonly due: ReplicationEntry[] = [];
  private readonly inFlight = new Map<string, ReplicationEntry>();
  /**
   * Per target region and item: the newest write queued for it (its stamp and when its lag is
   * over), how many of its entries are still pending, and since when the target has been behind
   * (the due time of the first entry skipped since the last delivery). A due entry is skipped when
   * a newer write of the item falls due within one lag of that moment: the newer one carries the
   * item, and the target is at most one lag later than AWS would be. Otherwise it is delivered, so
   * an item written more often than the lag still replicates while its writes go on.
   */
  private readonly newest = new Map<
    string,
    { stamp: string; dueAt: number; pending: number; behindSince?: number }
  >();
  /** Read-backs in flight, shared by the entries of one write for every target region. */
  private readonly readBacks = new Map<string, Promise<Item | undefined>>();
  /**
   * The delivery under way per target region and item: the next one for that item waits for it,
   * so a delete cannot overtake a put sent just before it and be undone by it.
   */
  private readonly delivering = new Map<string, Promise<void>>();
  private idCounter = 0;
  private changed = false;
  private stopped = false;
  private settleWaiters: (() => void)[] = [];

  constructor(
    private readonly deps: {
      connection: DynamoDbLocalConnection;
      network: SimulatedNetwork;
      stamper: WriteStamper;
      table: StampedTable;
      regions: readonly string[];
      /** Counts the units of each write to a replica (`npm run bench cost`). */
      meter?: CapacityMeter;
    },
  ) {}

  /** Queues a successful write from `src` for every other region. */
  enqueue(src: string, touched: Touched[], stamp: string): void {
    const dueAt = Date.now() + this.deps.network.lagMs;
    for (const dst of this.deps.regions) {
      if (dst === src) continue;
      for (const t of touched) {
        this.idCounter += 1;
        const entry: ReplicationEntry = {
          id: `${dueAt}-${this.idCounter}`,
          src,
          dst,
          key: t.key,
          stamp,
          kind: t.kind,
          dueAt,
        };
        if (t.item) entry.item = t.item;
        this.track(entry);
        this.schedule(entry);
      }
    }
  }

  /** Entries saved before a restart (without their items: those are read back at delivery). */
  restore(entries: ReplicationEntry[]): void {
    for (const e of entries) {
      this.track(e);
      this.schedule(e);
    }
  }

  /** Sends on what a paused pair or a down region held, where the network lets it through now. */
  releaseHeld(): void {
    for (const [id, entry] of this.held) {
      if (!this.deps.network.blocked(entry.src, entry.dst)) {
        this.held.delete(id);
        this.schedule({ ...entry, dueAt: Date.now() });
      }
    }
  }

  counts(): { pending: number; held: number } {
    return { pending: this.scheduled.size + this.due.length + this.inFlight.size, held: this.held.size };
  }

  /** Every entry not yet delivered, without its item (what survives a restart). */
  entries(): Omit<ReplicationEntry, 'item'>[] {
    return [
      ...[...this.scheduled.values()].map((s) => s.entry),
      ...this.due,
      ...this.inFlight.values(),
      ...this.held.values(),
    ].map(({ item: _item, ...entry }) => entry);
  }

  /** Whether entries changed since the last call (and forgets it): when to write a snapshot. */
  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  /** A snapshot could not be written: write the next one anyway. */
  markChanged(): void {
    this.changed = true;
  }

  /** Resolves when nothing is scheduled or in flight (held entries, for a paused pair or a down region, stay). */
  settled(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  /** Delivers nothing more; the entries stay, for the last snapshot. */
  stop(): void {
    this.stopped = true;
    for (const { timer } of this.scheduled.values()) clearTimeout(timer);
  }

  private isIdle(): boolean {
    return this.scheduled.size === 0 && this.due.length === 0 && this.inFlight.size === 0;
  }

  private itemId(region: string, key: Item): string {
    return `${region}\u0000${this.deps.stamper.keyId(key)}`;
  }

  private track(entry: ReplicationEntry): void {
    const id = this.itemId(entry.dst, entry.key);
    const n = this.newest.get(id);
    if (!n) this.newest.set(id, { stamp: entry.stamp, dueAt: entry.dueAt, pending: 1 });
    else {
      n.pending += 1;
      if (entry.stamp > n.stamp) {
        n.stamp = entry.stamp;
        n.dueAt = entry.dueAt;
      }
    }
  }

  private untrack(entry: ReplicationEntry): void {
    const id = this.itemId(entry.dst, entry.key);
    const n = this.newest.get(id);
    if (n && --n.pending <= 0) this.newest.delete(id);
  }

  /** Whether a newer write of the entry's item takes its place (and notes the target is behind). */
  private supersededInQueue(entry: ReplicationEntry): boolean {
    const n = this.newest.get(this.itemId(entry.dst, entry.key));
    if (!n || n.stamp <= entry.stamp) return false;
    const behindSince = n.behindSince ?? entry.dueAt;
    if (n.dueAt > Math.max(Date.now(), behindSince + this.deps.network.lagMs)) return false;
    n.behindSince = behindSince;
    return true;
  }

  private caughtUp(entry: ReplicationEntry): void {
    const n = this.newest.get(this.itemId(entry.dst, entry.key));
    if (n) n.behindSince = undefined;
  }

  private notifyIfSettled(): void {
    if (!this.isIdle()) return;
    const waiters = this.settleWaiters;
    this.settleWaiters = [];
    for (const w of waiters) w();
  }

  private schedule(entry: ReplicationEntry): void {
    this.changed = true;
    const delay = Math.max(0, entry.dueAt - Date.now());
    const timer = setTimeout(() => {
      this.scheduled.delete(entry.id);
      this.due.push(entry);
      this.deliverDue();
    }, delay);
    this.scheduled.set(entry.id, { entry, timer });
  }

  private deliverDue(): void {
    while (!this.stopped && this.due.length > 0 && this.inFlight.size < MAX_DELIVERIES_IN_FLIGHT)
      void this.deliver(this.due.shift()!);
  }

  private async deliver(entry: ReplicationEntry): Promise<void> {
    if (this.deps.network.blocked(entry.src, entry.dst)) {
      this.held.set(entry.id, entry);
      this.changed = true;
      this.notifyIfSettled();
      return;
    }
    this.inFlight.set(entry.id, entry);
    const id = this.itemId(entry.dst, entry.key);
    const delivery = (this.delivering.get(id) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.apply(entry));
    this.delivering.set(id, delivery);
    try {
      await delivery;
      this.untrack(entry);
      this.changed = true;
    } catch {
      // The target or source could not be reached: hold it, it goes out when the network heals.
      this.held.set(entry.id, entry);
      this.changed = true;
      setTimeout(() => this.releaseHeld(), 200).unref();
    } finally {
      if (this.delivering.get(id) === delivery) this.delivering.delete(id);
      this.inFlight.delete(entry.id);
      this.deliverDue();
      this.notifyIfSettled();
    }
  }

  /** The item as the source holds it now (consistent read), once for all the entries of one write. */
  private readBack(entry: ReplicationEntry): Promise<Item | undefined> {
    const id = `${entry.stamp}\u0000${this.itemId(entry.src, entry.key)}`;
    let read = this.readBacks.get(id);
    if (!read) {
      this.work.replicationReads += 1;
      read = this.deps.connection
        .call(entry.src, 'GetItem', {
          TableName: this.deps.table.globalTable,
          Key: entry.key,
          ConsistentRead: true,
        })
        .then((res) => {
          if (res.status !== 200) throw new Error(`read-back failed: ${res.status} ${res.body.__type}`);
          return res.body.Item as Item | undefined;
        });
      this.readBacks.set(id, read);
      read.then(
        () => this.readBacks.delete(id),
        () => this.readBacks.delete(id),
      );
    }
    return read;
  }

  private async apply(entry: ReplicationEntry): Promise<void> {
    if (this.supersededInQueue(entry)) {
      // A newer write of this item is (nearly) due in this region too; it carries the item.
      this.stats.superseded += 1;
      return;
    }
    const { globalTable, stampAttribute } = this.deps.table;
    let item = entry.item;
    if (entry.kind === 'put' && !item) {
      const current = await this.readBack(entry);
      if (current?.[stampAttribute]?.S !== entry.stamp) {
        // A newer write (or a delete) reached the source since; its own entry carries it.
        this.stats.superseded += 1;
        return;
      }
      item = current;
    }
    this.work.replicationWrites += 1;
    const lastWriterWins = {
      ...(this.deps.meter ? { ReturnConsumedCapacity: 'INDEXES' } : {}),
      TableName: globalTable,
      ConditionExpression: 'attribute_not_exists(#s) OR #s < :s',
      ExpressionAttributeNames: { '#s': stampAttribute },
      ExpressionAttributeValues: { ':s': { S: entry.stamp } },
    };
    const { connection } = this.deps;
    const res =
      entry.kind === 'put'
        ? await connection.call(entry.dst, 'PutItem', { ...lastWriterWins, Item: item })
        : await connection.call(entry.dst, 'DeleteItem', { ...lastWriterWins, Key: entry.key });
    if (res.status === 200) {
      this.deps.meter?.replicaApplied(entry.dst, res.body.ConsumedCapacity);
      this.stats.replicated += 1;
      this.caughtUp(entry);
      return;
    }
    if (String(res.body.__type).endsWith('ConditionalCheckFailedException')) {
      // The target holds a newer write of its own: last writer wins.
      this.stats.lostToNewerWrite += 1;
      this.caughtUp(entry);
      return;
    }
    throw new Error(`replication to ${entry.dst} failed: ${res.status} ${res.body.__type}`);
  }
}
