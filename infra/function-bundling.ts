import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every claimflow function is bundled (esbuild, through CDK's NodejsFunction). One place, read
 * by `CatalogFunction` and by `npm run bench cold-start`, which builds the same bundles to time them.
 */

// Bundled CommonJS dependencies call require() for Node built-ins, which an ES module does not have.
const ESM_REQUIRE_BANNER =
  "import { createRequire as claimflowCreateRequire } from 'node:module'; " +
  'const require = claimflowCreateRequire(import.meta.url);';

export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  // No source maps: with them CDK sets NODE_OPTIONS=--enable-source-maps, and Node then reads the
  // map of the bundle at every cold start (issue 18). Errors are located by the structured logs.
  sourceMap: false,
  // The AWS SDK is bundled, not loaded from the runtime's copy: one minified file, and only the
  // parts imported, imports at a fraction of the time of the runtime's hundreds of files (measured
  // by `npm run bench cold-start`), and the version is the one the tests ran.
  externalModules: [],
  sourcesContent: false,
  // Local esbuild only: synth must work offline, without Docker (DESIGN §2).
  forceDockerBundling: false,
} satisfies BundlingOptions;

/** What the bundles leave out for the runtime to provide (NodejsFunction's default is `@aws-sdk/*`). */
export const EXTERNAL_MODULES: readonly string[] = FUNCTION_BUNDLING.externalModules;
