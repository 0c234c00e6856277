import { type ChildProcess, spawn } from 'node:child_process';

/** `npm start`'s entry point run as a user runs it, on a data folder of the caller's. */
export interface StartedProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

/** Starts `npm start` (local/main.ts) on `dataDir` and resolves once it says it is ready. */
export function startNpmStart(dataDir: string, readyWithinMs = 60_000): Promise<StartedProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    env: { ...process.env, CLAIMFLOW_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b) => {
    out += b;
  });
  child.stderr?.on('data', (b) => {
    out += b;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start was not ready in ${readyWithinMs} ms:\n${out}`)),
      readyWithinMs,
    );
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
    const check = setInterval(() => {
      if (out.includes('Ctrl-C to stop')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    }, 50);
  });
}

/** Stops it with Ctrl-C (SIGINT), as a user would; resolves with its exit code. */
export function stopNpmStart(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}
