import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { translator } from '../../functions/mail/catalogue.ts';
import { bundleFunction } from '../../infra/function-bundling.ts';

/**
 * What a function's bundle carries at init (issue 18, cold start). Every zod schema of domain/ and
 * functions/ is built in a `/* @__PURE__ *\/ (() => …)()` so esbuild leaves it out of the bundles
 * that never use it, and written with zod/mini, whose functions esbuild can leave out too (zod's
 * classic build, with its methods on every schema, added about 14 % to a minimal handler's import
 * time by itself). These tests bundle real entries as CDK does and look for a schema's message in
 * what Node reads at init (index.mjs and the chunks it imports statically).
 */

const dir = mkdtempSync(join(tmpdir(), 'claimflow-bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The code Node reads when the function starts (index.mjs and its static imports), all of it, and the chunk names. */
function bundled(entry: string): { init: string; all: string; chunks: string[] } {
  const out = join(dir, entry.replace(/\W+/g, '-'));
  const { initFiles, files } = bundleFunction(entry, out);
  const text = (fs: readonly string[]) => fs.map((f) => readFileSync(f, 'utf8')).join('\n');
  return { init: text(initFiles), all: text(files), chunks: readdirSync(join(out, 'chunks')) };
}

// Messages of schemas the workflow tasks never parse (the partner's claim submission, the calendar date).
const SUBMISSION_MESSAGE = 'laborHours must be at most 200';
const DATE_MESSAGE = 'must be a calendar date written YYYY-MM-DD';
// zod's English messages (domain/validation.ts configures them: zod/mini loads no locale itself).
const ENGLISH_MESSAGE = 'Invalid input: expected';
// Strings of adapters (functions/data/) and of Powertools Metrics' EMF record.
const STOCK_LEDGER_MESSAGE = 'unknown warehouse';
const MASTER_DATA_STORE_MESSAGE = 'a master-data change of';
const POWERTOOLS_METRICS = 'CloudWatchMetrics';
// aws-jwt-verify's message for a bad signature.
const JWT_VERIFIER = 'Invalid signature';
// The name zod's classic build gives its object schema (zod/mini's is ZodMiniObject).
const CLASSIC_ZOD = /"ZodObject"/;

describe('function bundles', () => {
  it("leaves the claim-submission schemas, and zod's full build, out of a workflow task's init", () => {
    const { init } = bundled('functions/tasks/close-claim.ts');
    expect(init.includes('handler'), 'init lacks the handler').toBe(true);
    expect(init.includes(SUBMISSION_MESSAGE), `init carries ${SUBMISSION_MESSAGE}`).toBe(false);
    expect(init.includes(DATE_MESSAGE), `init carries ${DATE_MESSAGE}`).toBe(false);
    expect(init.includes('ZodMiniObject'), 'init lacks zod/mini').toBe(true);
    expect(CLASSIC_ZOD.test(init), "init carries zod's classic build").toBe(false);
  });

  it("keeps them in the bundle of the route that validates a submission, with zod's English messages", () => {
    const { init } = bundled('functions/partner-api/create-claim.ts');
    expect(init.includes(SUBMISSION_MESSAGE), `init lacks ${SUBMISSION_MESSAGE}`).toBe(true);
    expect(init.includes(DATE_MESSAGE), `init lacks ${DATE_MESSAGE}`).toBe(true);
    expect(init.includes(ENGLISH_MESSAGE), `init lacks ${ENGLISH_MESSAGE}`).toBe(true);
    expect(CLASSIC_ZOD.test(init), "init carries zod's classic build").toBe(false);
  });

  it.each([
    'functions/backoffice-api/claim-queue.ts',
    'functions/backoffice-api/manage-partners.ts',
    'functions/public/survey-answer.ts',
    'functions/partner-api/webhook-endpoint.ts',
  ])("%s validates with zod/mini and zod's English messages, without zod's classic build", (entry) => {
    const { init } = bundled(entry);
    expect(init.includes('ZodMiniObject'), 'init lacks zod/mini').toBe(true);
    expect(init.includes(ENGLISH_MESSAGE), `init lacks ${ENGLISH_MESSAGE}`).toBe(true);
    expect(CLASSIC_ZOD.test(init), "init carries zod's classic build").toBe(false);
  });

  it('builds only the adapters a route imports: a read of the outbox carries no stock ledger, master-data store or Powertools Metrics', () => {
    const { init } = bundled('functions/backoffice-api/email-outbox.ts');
    expect(init.includes('handler'), 'init lacks the handler').toBe(true);
    expect(init.includes(STOCK_LEDGER_MESSAGE), 'init carries the stock ledger').toBe(false);
    expect(init.includes(MASTER_DATA_STORE_MESSAGE), 'init carries the master-data store').toBe(false);
    expect(init.includes(POWERTOOLS_METRICS), 'init carries Powertools Metrics').toBe(false);
  });

  it('keeps Powertools Metrics in a function that counts (filing a claim counts ClaimFiled), and the ledger in a task that reserves', () => {
    expect(bundled('functions/partner-api/create-claim.ts').init.includes(POWERTOOLS_METRICS)).toBe(true);
    expect(bundled('functions/tasks/allocate-parts.ts').init.includes(STOCK_LEDGER_MESSAGE)).toBe(true);
  });

  it.each(['functions/backoffice-api/claim-queue.ts', 'functions/backoffice-api/review-claim.ts'])(
    "%s carries no JWT verifier: API Gateway's authorizer verified the token",
    (entry) => {
      const { init, all } = bundled(entry);
      expect(init.includes('cognito:groups'), 'init lacks the staff claims mapping').toBe(true);
      expect(all.includes(JWT_VERIFIER), 'the bundle carries aws-jwt-verify').toBe(false);
    },
  );

  it('leaves out the chunks of import()s that no code of the function reaches: a read of the outbox sends no mail', () => {
    const { chunks } = bundled('functions/backoffice-api/email-outbox.ts');
    expect(chunks.filter((c) => /^(step-functions-adapters|ses-mail-adapter)-/.test(c))).toEqual([]);
  });

  it('puts what a task imports on first use (the Step Functions client) in chunks that init does not read', () => {
    const { init, chunks } = bundled('functions/tasks/await-repair.ts');
    expect(init.includes('AWSStepFunctions'), 'init carries the Step Functions client').toBe(false);
    expect(chunks.some((c) => c.startsWith('step-functions-adapters-'))).toBe(true);
  });

  it("reads a customer's language from the catalogue files shipped beside the code, not from init", () => {
    const { all } = bundled('functions/tasks/notify-customer.ts');
    expect(/locale:\s*"(ja|ne|hy|bn)"/.test(all), 'the bundle carries a translated catalogue as code').toBe(
      false,
    );
    const out = join(dir, 'greeting');
    const { files } = bundleFunction('test/unit/support/greeting-entry.ts', out);
    expect(
      files
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(out.length + 1))
        .sort(),
    ).toEqual(['messages/bn.json', 'messages/hy.json', 'messages/ja.json', 'messages/ne.json']);
    // The bundle, run by Node as Lambda runs it, writes Nepali and Japanese as the source does.
    const bundle = JSON.stringify(pathToFileURL(join(out, 'index.mjs')).href);
    const greetings = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { greet } = await import(${bundle}); console.log(JSON.stringify([greet('ne', 'Sita'), greet('ja', 'Sato'), greet('fr', 'Anne')]))`,
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH } },
    );
    expect(JSON.parse(greetings)).toEqual(
      [
        ['ne', 'Sita'],
        ['ja', 'Sato'],
        ['fr', 'Anne'],
      ].map(([l, n]) => translator(l!).t('greeting', { name: n! })),
    );
  });
});
