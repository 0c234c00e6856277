import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

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

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Data files that a module reads from beside itself (`new URL('./dir/…', import.meta.url)`), by
 * module: bundled, the module's code sits in one output file (index.mjs or a chunk), and the files
 * are copied to the same place relative to that file.
 */
const DATA_BESIDE: readonly { module: string; dir: string; extension: string }[] = [
  // The translated message catalogues, read in the language a container first writes in.
  { module: 'functions/mail/catalogue.ts', dir: 'functions/mail/messages', extension: '.json' },
];

/** The Lambda handler setting of a bundle made by `bundleFunction`. */
export const FUNCTION_HANDLER = 'index.handler';

export interface FunctionBundle {
  /** Every file written: index.mjs and its chunks. */
  readonly files: readonly string[];
  /** What Node reads when the function starts: index.mjs and the chunks it imports statically. */
  readonly initFiles: readonly string[];
}

/**
 * Bundles the function whose source is `entry` into `outdir` (emptied first): index.mjs and its chunks.
 *
 * Two passes when the first finds phantom chunks. esbuild makes every `import()` it meets in a
 * bundled file an entry point of its own before tree shaking, and keeps it after: a route that
 * imports `shared/adapters.ts` for one adapter got the Step Functions and SES adapters' chunks too,
 * although no code of it imports them. Those unreachable entry points still split the code they
 * share with the function (zod, the DynamoDB client, the credential chain) out of index.mjs into
 * chunks of their own, and every chunk is one more ES module for Node to resolve, read and link at
 * init (about 0.7 ms each, measured here; issue 18). So the second pass marks the phantom entries'
 * files external: the `import()` that named them is gone from the output, and their shared code
 * goes back into index.mjs. A check refuses an output that still imports one.
 */
export function bundleFunction(entry: string, outdir: string): FunctionBundle {
  rmSync(outdir, { recursive: true, force: true });
  const build = (external: readonly string[]) =>
    buildSync({
      ...FUNCTION_BUNDLING,
      external: [...FUNCTION_BUNDLING.external, ...external],
      entryPoints: [entry],
      outdir,
      metafile: true,
    }).metafile;
  let metafile = build([]);
  const phantoms = phantomEntries(metafile, entry);
  if (phantoms.length > 0) {
    rmSync(outdir, { recursive: true, force: true });
    metafile = build(phantoms);
    const stillImported = Object.values(metafile.outputs).flatMap((o) =>
      o.imports.filter((i) => i.external && phantoms.includes(resolve(i.path))),
    );
    if (stillImported.length > 0)
      throw new Error(`${entry}: a chunk left out as unreachable is imported: ${stillImported[0]!.path}`);
  }
  // esbuild names outputs relative to the working directory.
  const outputs = new Map(Object.entries(metafile.outputs).map(([file, o]) => [resolve(file), o]));
  const dataFiles = copyDataBeside(outputs);
  const initFiles = new Set<string>();
  const visit = (file: string) => {
    if (initFiles.has(file)) return;
    initFiles.add(file);
    for (const i of outputs.get(file)?.imports ?? [])
      if (i.kind === 'import-statement' && !i.external) visit(resolve(i.path));
  };
  visit(resolve(join(outdir, 'index.mjs')));
  return { files: [...outputs.keys(), ...dataFiles], initFiles: [...initFiles] };
}

/** Copies each DATA_BESIDE directory beside the output that holds its module; the files copied. */
function copyDataBeside(outputs: ReadonlyMap<string, Metafile['outputs'][string]>): string[] {
  const copied: string[] = [];
  for (const [file, output] of outputs)
    for (const data of DATA_BESIDE) {
      if (!Object.keys(output.inputs).some((input) => resolve(input) === join(root, data.module))) continue;
      const from = join(root, data.dir);
      const to = join(dirname(file), relative(dirname(join(root, data.module)), from));
      mkdirSync(to, { recursive: true });
      for (const name of readdirSync(from).filter((n) => n.endsWith(data.extension))) {
        copyFileSync(join(from, name), join(to, name));
        copied.push(join(to, name));
      }
    }
  return copied;
}

/** The source files of `import()` entry points that no output imports (absolute paths). */
function phantomEntries(metafile: Metafile, entry: string): string[] {
  const imported = new Set(
    Object.values(metafile.outputs).flatMap((o) =>
      o.imports.filter((i) => i.kind === 'dynamic-import' && !i.external).map((i) => resolve(i.path)),
    ),
  );
  return Object.entries(metafile.outputs)
    .filter(
      ([file, o]) => o.entryPoint && resolve(o.entryPoint) !== resolve(entry) && !imported.has(resolve(file)),
    )
    .map(([, o]) => resolve(o.entryPoint!));
}
