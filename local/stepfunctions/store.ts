import { appendFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryEvent } from './history.ts';

/**
 * What the service keeps of an execution, under `<dataDir>/<region>/executions/<machine>/`:
 * `<name>.json` (this record, replaced atomically by write-then-rename on every change) and
 * `<name>.history.jsonl` (one history event per line, appended; a line torn by a crash is skipped
 * on load). Writes for one execution are serialized and coalesced; different executions write in
 * parallel.
 */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export type TaskTokenStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'CANCELLED';

export interface TaskTokenRecord {
  token: string;
  stateName: string;
  entry: number;
  /** Epoch ms (real time) of the first issue; deadlines below are absolute, already scaled. */
  issuedAt: number;
  timeoutAt?: number;
  heartbeatSeconds?: number;
  heartbeatAt?: number;
  /** The Lambda that receives the token has returned: a replay does not invoke it again. */
  submitted: boolean;
  status: TaskTokenStatus;
  output?: string;
  error?: string;
  cause?: string;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  /** Epoch ms. */
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  /** Epoch ms at which the execution times out (top-level TimeoutSeconds, scaled). */
  timeoutAt?: number;
  /** Signs this execution's task tokens (see task-tokens.ts). */
  tokenSecret: string;
  /** How many times the service has (re)started running it. */
  runs: number;
  /** Task tokens issued, by `<state>#<entry>`. */
  tokens: Record<string, TaskTokenRecord>;
  /** When each Wait entry ends (epoch ms), by `<state>#<entry>`, so a resumed wait only waits the rest. */
  waits: Record<string, number>;
}

export interface StoredExecution {
  record: ExecutionRecord;
  history: HistoryEvent[];
}

interface WriteQueue {
  /** The write in progress (or the last one). */
  running: Promise<void>;
  /** A write not yet started: changes arriving now join it. */
  next: Promise<void> | undefined;
  record: ExecutionRecord | undefined;
  events: HistoryEvent[];
}

export class RegionStore {
  private readonly queues = new Map<string, WriteQueue>();
  private readonly madeDirs = new Set<string>();
  private closed = false;
  private tmpCounter = 0;

  constructor(
    readonly dir: string,
    private readonly onWriteError: (error: unknown) => void,
  ) {}

  async load(): Promise<StoredExecution[]> {
    const root = join(this.dir, 'executions');
    const machines = await readdir(root, { withFileTypes: true }).catch(() => []);
    const loaded: StoredExecution[] = [];
    for (const machine of machines) {
      if (!machine.isDirectory()) continue;
      const machineDir = join(root, machine.name);
      for (const file of await readdir(machineDir)) {
        if (file.endsWith('.tmp')) {
          await rm(join(machineDir, file), { force: true });
          continue;
        }
        if (!file.endsWith('.json')) continue;
        const record = JSON.parse(await readFile(join(machineDir, file), 'utf8')) as ExecutionRecord;
        const historyText = await readFile(
          join(machineDir, file.replace(/\.json$/, '.history.jsonl')),
          'utf8',
        ).catch(() => '');
        loaded.push({ record, history: parseHistory(historyText) });
      }
    }
    return loaded;
  }

  /** Persists the record's current state (and any events); resolves once both are on disk. */
  save(record: ExecutionRecord, events: HistoryEvent[] = []): Promise<void> {
    return this.enqueue(record, events, true);
  }

  appendHistory(record: ExecutionRecord, events: HistoryEvent[]): Promise<void> {
    return this.enqueue(record, events, false);
  }

  /** Waits for every queued write. */
  async flush(): Promise<void> {
    while (true) {
      const pending = [...this.queues.values()].map((queue) => queue.next ?? queue.running);
      await Promise.all(pending);
      if ([...this.queues.values()].every((queue) => !queue.next)) return;
    }
  }

  /** After close, writes are dropped: a stopped service must not touch a directory its successor uses. */
  close(): void {
    this.closed = true;
  }

  private enqueue(record: ExecutionRecord, events: HistoryEvent[], withRecord: boolean): Promise<void> {
    if (this.closed) return Promise.resolve();
    let queue = this.queues.get(record.executionArn);
    if (!queue) {
      queue = { running: Promise.resolve(), next: undefined, record: undefined, events: [] };
      this.queues.set(record.executionArn, queue);
    }
    if (withRecord) queue.record = record;
    queue.events.push(...events);
    if (!queue.next) {
      const q = queue;
      q.next = q.running.then(async () => {
        q.next = undefined;
        const toWrite = q.record;
        const newEvents = q.events;
        q.record = undefined;
        q.events = [];
        await this.write(record, toWrite, newEvents).catch(this.onWriteError);
      });
      q.running = q.next;
    }
    return queue.next!;
  }

  private async write(
    identity: ExecutionRecord,
    record: ExecutionRecord | undefined,
    events: HistoryEvent[],
  ): Promise<void> {
    if (this.closed) return;
    const base = this.pathOf(identity);
    const dir = join(base, '..');
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    if (events.length > 0) {
      await appendFile(`${base}.history.jsonl`, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    }
    if (record) {
      const tmp = `${base}.json.${process.pid}.${++this.tmpCounter}.tmp`;
      await writeFile(tmp, JSON.stringify(record));
      await rename(tmp, `${base}.json`);
    }
  }

  private pathOf(record: ExecutionRecord): string {
    const machineName = record.stateMachineArn.split(':').pop()!;
    return join(this.dir, 'executions', safeFileName(machineName), safeFileName(record.name));
  }
}

function parseHistory(text: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as HistoryEvent);
    } catch {
      // A line torn by a crash mid-append: the events after it were never written either.
      break;
    }
  }
  return events;
}

/** Execution names exclude `/`, `:` and the like, but may be `.` or `..`. */
const safeFileName = (name: string): string => encodeURIComponent(name).replace(/^\./, '%2E');
