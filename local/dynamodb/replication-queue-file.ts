import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { ReplicationEntry, ReplicationQueue } from './replication-queue.ts';

/**
 * Queued replication survives a restart: the queue is snapshotted to a file while it changes
 * (without the items: a restored entry reads its item back from the source, which also tells
 * whether it was superseded), every 250 ms and at stop.
 */
export class ReplicationQueueFile {
  private persisting: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly file: string,
    private readonly queue: ReplicationQueue,
    private readonly lagMs: () => number,
  ) {
    this.timer = setInterval(() => this.writeIfChanged(), 250);
    this.timer.unref();
  }

  /** The entries a previous run left, if any. */
  static load(file: string): ReplicationEntry[] {
    if (!existsSync(file)) return [];
    return (JSON.parse(readFileSync(file, 'utf8')) as { entries: ReplicationEntry[] }).entries;
  }

  /** Stops the timer and writes the last snapshot. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.persisting;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, this.snapshot());
    renameSync(tmp, this.file);
  }

  private snapshot(): string {
    return JSON.stringify({ lagMs: this.lagMs(), entries: this.queue.entries() });
  }

  private writeIfChanged(): void {
    if (this.persisting || !this.queue.takeChanged()) return;
    const tmp = `${this.file}.tmp`;
    // Off the event loop: a synchronous write every 250 ms stalled every request behind it.
    this.persisting = writeFile(tmp, this.snapshot())
      .then(() => rename(tmp, this.file))
      .catch(() => this.queue.markChanged())
      .finally(() => {
        this.persisting = undefined;
      });
  }
}
