/**
 * Writes of one item in one region go to DynamoDB Local one after the other, in the order of their
 * stamps: two concurrent updates could otherwise be applied in the other order, and the replicas
 * would keep the older stamp's item (with the last write lost) as the newest. The turn of each
 * write waits for the write queued before it (`done` once DynamoDB Local answered).
 */
export class ItemWriteTurns {
  /** The last write sent or waiting per item: the next one waits for it. */
  private readonly writing = new Map<string, Promise<void>>();

  /** Takes a turn for a write of the given items (ids as the caller names them). */
  take(itemIds: string[]): { ready: Promise<void>; done: () => void } {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before: Promise<void>[] = [];
    const ids = [...new Set(itemIds)];
    for (const id of ids) {
      const previous = this.writing.get(id);
      if (previous) before.push(previous);
      this.writing.set(id, mine);
    }
    const done = () => {
      release();
      for (const id of ids) if (this.writing.get(id) === mine) this.writing.delete(id);
    };
    return {
      ready: before.length === 0 ? Promise.resolve() : Promise.all(before).then(() => undefined),
      done,
    };
  }
}
