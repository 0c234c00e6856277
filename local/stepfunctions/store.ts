import '../node20-support.ts';
import {
  appendFile,
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryEvent } from './history.ts';

/**
 * What the service keeps of an execution, under `<dataDir>/<region>/`:
 *
 * - `journal/<n>.jsonl`: the write-ahead journal. Every change (an execution's record, new history
 *   events) is one line, appended; the changes made while the previous append was on its way go
 *   out together in the next one (group commit), so StartExecution and every state transition cost
 *   a share of one append instead of a writeFile, a rename and an appendFile each.
 * - `executions/<machine>/<name>.json` (the record, replaced atomically by write-then-rename) and
 *   `<name>.history.jsonl` (one event per line): the checkpoint. When a journal file passes
 *   `journalLimitBytes`, the next one is started and the executions the full one touched are
 *   written here in the background; then it is deleted. On load, the checkpoint is read, every
 *   journal file is replayed over it in order (records: the last one wins; events: those past the
 *   history's length), the result checkpointed and the journal started afresh.
 *
 * A line or event torn by a crash is skipped (what came after it was never acknowledged).
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

/** Changes to one execution since its last checkpoint (or in one batch). */
interface Pending {
  identity: ExecutionRecord;
  /** The record as last journaled (JSON), when it changed. */
  recordJson?: string;
  events: HistoryEvent[];
}

export interface RegionStoreOptions {
  /** Start a new journal file (and checkpoint what the full one touched) past this size. Default 32 MiB. */
  journalLimitBytes?: number;
}

export class RegionStore {
  private readonly madeDirs = new Set<string>();
  private readonly journalLimit: number;
  private closed = false;
  private tmpCounter = 0;
  /** The batch being gathered while the previous one is written. */
  private batch = new Map<
    string,
    { identity: ExecutionRecord; record?: ExecutionRecord; events: HistoryEvent[] }
  >();
  private batchWritten = Promise.withResolvers<void>();
  private writing: Promise<void> | undefined;
  private journal: FileHandle | undefined;
  private journalSeq = 0;
  private journalBytes = 0;
  /** What the current journal file holds, by execution: checkpointed when it is full. */
  private sinceCheckpoint = new Map<string, Pending>();
  private checkpointing: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    private readonly onWriteError: (error: unknown) => void,
    options: RegionStoreOptions = {},
  ) {
    this.journalLimit = options.journalLimitBytes ?? 32 * 1024 * 1024;
  }

  private get journalDir(): string {
    return join(this.dir, 'journal');
  }

  private journalFile(seq: number): string {
    return join(this.journalDir, `${String(seq).padStart(8, '0')}.jsonl`);
  }

  /** Reads the checkpoint, replays the journal over it, checkpoints the result and opens a new journal. */
  async load(): Promise<StoredExecution[]> {
    const loaded = new Map<string, StoredExecution>();
    /** Executions whose files must be rewritten: replayed from the journal, or with a torn history. */
    const rewrite = new Set<string>();
    const root = join(this.dir, 'executions');
    const machines = await readdir(root, { withFileTypes: true }).catch(() => []);
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
        const { events, torn } = parseLines<HistoryEvent>(historyText);
        loaded.set(record.executionArn, { record, history: events });
        if (torn) rewrite.add(record.executionArn);
      }
    }
    const segments = (await readdir(this.journalDir).catch(() => []))
      .filter((f) => /^\d+\.jsonl$/.test(f))
      .sort();
    for (const segment of segments) {
      const { events: lines } = parseLines<{ a: string; r?: ExecutionRecord; e?: HistoryEvent[] }>(
        await readFile(join(this.journalDir, segment), 'utf8'),
      );
      for (const line of lines) {
        let execution = loaded.get(line.a);
        if (line.r) {
          if (execution) execution.record = line.r;
          else {
            execution = { record: line.r, history: [] };
            loaded.set(line.a, execution);
          }
        }
        // An execution's first line carries its record; events alone cannot come first.
        if (!execution) continue;
        for (const event of line.e ?? [])
          if (event.id > execution.history.length) execution.history.push(event);
        rewrite.add(line.a);
      }
    }
    for (const arn of rewrite) {
      const { record, history } = loaded.get(arn)!;
      await this.writeCheckpoint(record, JSON.stringify(record), history, true);
    }
    for (const segment of segments) await rm(join(this.journalDir, segment), { force: true });
    this.journalSeq = segments.length > 0 ? Number(segments.at(-1)!.split('.')[0]) : 0;
    await this.openJournal();
    return [...loaded.values()];
  }

  /** Persists the record's current state (and any events); resolves once both are journaled. */
  save(record: ExecutionRecord, events: HistoryEvent[] = []): Promise<void> {
    return this.enqueue(record, events, true);
  }

  appendHistory(record: ExecutionRecord, events: HistoryEvent[]): Promise<void> {
    return this.enqueue(record, events, false);
  }

  /** Waits for every queued write. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /**
   * After close, writes are dropped: a stopped service must not touch a directory its successor
   * uses. A checkpoint under way stops; its journal file stays and is replayed at the next load.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.writing;
    await this.checkpointing;
    await this.journal?.close();
    this.journal = undefined;
  }

  private enqueue(record: ExecutionRecord, events: HistoryEvent[], withRecord: boolean): Promise<void> {
    if (this.closed) return Promise.resolve();
    let change = this.batch.get(record.executionArn);
    if (!change) {
      change = { identity: record, events: [] };
      this.batch.set(record.executionArn, change);
    }
    // Coalesced: the record is serialized when the batch is written, in its latest state.
    if (withRecord) change.record = record;
    change.events.push(...events);
    const written = this.batchWritten.promise;
    this.writing ??= this.writeBatches();
    return written;
  }

  /** Group commit: one append per batch; changes that arrive meanwhile form the next batch. */
  private async writeBatches(): Promise<void> {
    // Let the changes of this turn of the event loop join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.batch.size > 0) {
      const batch = this.batch;
      const written = this.batchWritten;
      this.batch = new Map();
      this.batchWritten = Promise.withResolvers<void>();
      try {
        if (!this.closed) await this.append(batch);
      } catch (error) {
        this.onWriteError(error);
      }
      written.resolve();
    }
    this.writing = undefined;
  }

  private async append(
    batch: Map<string, { identity: ExecutionRecord; record?: ExecutionRecord; events: HistoryEvent[] }>,
  ): Promise<void> {
    let text = '';
    for (const [arn, change] of batch) {
      const recordJson = change.record ? JSON.stringify(change.record) : undefined;
      text += `{"a":${JSON.stringify(arn)}${recordJson ? `,"r":${recordJson}` : ''}${
        change.events.length > 0 ? `,"e":${JSON.stringify(change.events)}` : ''
      }}\n`;
      let pending = this.sinceCheckpoint.get(arn);
      if (!pending) {
        pending = { identity: change.identity, events: [] };
        this.sinceCheckpoint.set(arn, pending);
      }
      if (recordJson) pending.recordJson = recordJson;
      pending.events.push(...change.events);
    }
    if (!this.journal) await this.openJournal();
    const bytes = Buffer.from(text);
    await this.journal!.write(bytes);
    this.journalBytes += bytes.length;
    if (this.journalBytes > this.journalLimit && !this.checkpointing) await this.rotate();
  }

  private async openJournal(): Promise<void> {
    await mkdir(this.journalDir, { recursive: true });
    this.journalSeq += 1;
    this.journal = await open(this.journalFile(this.journalSeq), 'a');
    this.journalBytes = 0;
  }

  /** Starts a new journal file and checkpoints, in the background, what the full one holds. */
  private async rotate(): Promise<void> {
    const full = this.journalSeq;
    const toCheckpoint = this.sinceCheckpoint;
    this.sinceCheckpoint = new Map();
    await this.journal?.close();
    await this.openJournal();
    this.checkpointing = (async () => {
      for (const { identity, recordJson, events } of toCheckpoint.values()) {
        if (this.closed) return;
        await this.writeCheckpoint(identity, recordJson, events, false);
      }
      if (!this.closed) await rm(this.journalFile(full), { force: true });
    })()
      .catch(this.onWriteError)
      .finally(() => {
        this.checkpointing = undefined;
      });
  }

  /** Writes an execution's checkpoint files: its record, and its history (appended, or whole). */
  private async writeCheckpoint(
    identity: ExecutionRecord,
    recordJson: string | undefined,
    events: HistoryEvent[],
    wholeHistory: boolean,
  ): Promise<void> {
    const base = this.pathOf(identity);
    const dir = join(base, '..');
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    const historyText = events.map((event) => `${JSON.stringify(event)}\n`).join('');
    if (wholeHistory) await this.replaceFile(`${base}.history.jsonl`, historyText);
    else if (historyText) await appendFile(`${base}.history.jsonl`, historyText);
    if (recordJson) await this.replaceFile(`${base}.json`, recordJson);
  }

  private async replaceFile(file: string, text: string): Promise<void> {
    const tmp = `${file}.${process.pid}.${++this.tmpCounter}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, file);
  }

  private pathOf(record: ExecutionRecord): string {
    const machineName = record.stateMachineArn.split(':').pop()!;
    return join(this.dir, 'executions', safeFileName(machineName), safeFileName(record.name));
  }
}

/** JSON lines; `torn` when one did not parse (a crash mid-append): it and what follows are dropped. */
function parseLines<T>(text: string): { events: T[]; torn: boolean } {
  const events: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as T);
    } catch {
      return { events, torn: true };
    }
  }
  return { events, torn: false };
}

/** Execution names exclude `/`, `:` and the like, but may be `.` or `..`. */
const safeFileName = (name: string): string => encodeURIComponent(name).replace(/^\./, '%2E');
