import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { InlineConfig } from 'vite';

/**
 * The back-office console's build (Vite; `console/` → `console/dist/`). `npm start` and the browser
 * tests call `ensureConsoleBuilt()`, which builds only when `dist` is missing or older than a
 * source, so a start with an up-to-date console costs one directory walk.
 * `npm run build:console` builds unconditionally.
 */
export const CONSOLE_ROOT = fileURLToPath(new URL('../console/', import.meta.url));
export const CONSOLE_DIST = join(CONSOLE_ROOT, 'dist');
const BUILD_MARKER = join(CONSOLE_DIST, 'index.html');

export function consoleViteConfig(outDir = CONSOLE_DIST): InlineConfig {
  return {
    root: CONSOLE_ROOT,
    // Relative asset URLs: the same build works under /console/ locally and at a CloudFront root.
    base: './',
    configFile: false,
    envDir: false,
    logLevel: 'warn',
    clearScreen: false,
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: true, reportCompressedSize: false },
  };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name.startsWith('dist.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether `console/dist` is missing or older than any source file (or this build script). */
export function consoleBuildIsStale(): boolean {
  if (!existsSync(BUILD_MARKER)) return true;
  const built = statSync(BUILD_MARKER).mtimeMs;
  const script = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  return Math.max(newestSource(CONSOLE_ROOT), script) > built;
}

/**
 * Builds into a fresh folder and swaps it in, so a runtime serving `dist` never sees it half
 * written and two builds at once do not mix their files.
 */
export async function buildConsole(): Promise<{ ms: number }> {
  const t0 = performance.now();
  const { build } = await import('vite');
  const tmp = `${CONSOLE_DIST}.tmp-${process.pid}-${Date.now()}`;
  try {
    await build(consoleViteConfig(tmp));
    rmSync(CONSOLE_DIST, { recursive: true, force: true });
    renameSync(tmp, CONSOLE_DIST);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { ms: Math.round(performance.now() - t0) };
}

export async function ensureConsoleBuilt(): Promise<{ built: boolean; ms: number }> {
  if (!consoleBuildIsStale()) return { built: false, ms: 0 };
  return { built: true, ...(await buildConsole()) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { ms } = await buildConsole();
  console.log(`console built in ${ms} ms → ${CONSOLE_DIST}`);
}
