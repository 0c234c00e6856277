import { rmSync } from 'node:fs';
import { type BuildOptions, buildSync } from 'esbuild';

/**
 * How every claimflow function is bundled: one place, called by `CatalogFunction` (CDK's local
 * bundling of the function's asset) and by `npm run bench cold-start`, which times the same bundles.
 *
 * esbuild with code splitting, not a single file: what a function `import()`s on first use (the
 * Step Functions, SES and Secrets Manager clients, see functions/shared/on-first-use.ts, and the
 * SDK's own rarely used credential providers) goes to chunk files beside `index.mjs`, which Node
 * reads only when the import runs. In one file, Node parses every byte at init whether it runs or
 * not: that was a third of a task's import time (issue 18). CDK's NodejsFunction cannot split (it
 * gives esbuild an `--outfile`), hence this function.
 */

// Bundled CommonJS dependencies call require() for Node built-ins, which an ES module does not have.
const ESM_REQUIRE_BANNER =
  "import { createRequire as claimflowCreateRequire } from 'node:module'; " +
  'const require = claimflowCreateRequire(import.meta.url);';

export const FUNCTION_BUNDLING = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  minify: true,
  // No source maps: with them Node must be started with --enable-source-maps, and it then reads the
  // map of the bundle at every cold start. Errors are located by the structured logs.
  sourcemap: false,
  // The AWS SDK is bundled, not loaded from the runtime's copy: only the parts imported, minified,
  // import at a fraction of the time of the runtime's hundreds of files (measured by `npm run bench
  // cold-start`), and the version is the one the tests ran.
  external: [],
  legalComments: 'none',
  logLevel: 'error',
} as const satisfies BuildOptions;

/** The Lambda handler setting of a bundle made by `bundleFunction`. */
export const FUNCTION_HANDLER = 'index.handler';

/** Bundles the function whose source is `entry` into `outdir` (emptied first): index.mjs and its chunks. */
export function bundleFunction(entry: string, outdir: string): void {
  rmSync(outdir, { recursive: true, force: true });
  buildSync({ ...FUNCTION_BUNDLING, entryPoints: [entry], outdir });
}
