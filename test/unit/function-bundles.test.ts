import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../infra/function-bundling.ts';

/**
 * What a function's bundle carries at init (issue 18, cold start). Every zod schema of domain/ and
 * functions/ is built in a `/* @__PURE__ *\/ (() => …)()` so esbuild leaves it out of the bundles
 * that never use it: building the unused schemas was most of a task's import time. These tests
 * bundle real entries as CDK does and look for a schema's message in what Node reads at init.
 */

const dir = mkdtempSync(join(tmpdir(), 'claimflow-bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bundled(entry: string): { init: string; chunks: string[] } {
  const out = join(dir, entry.replace(/\W+/g, '-'));
  bundleFunction(entry, out);
  return {
    init: readFileSync(join(out, 'index.mjs'), 'utf8'),
    chunks: readdirSync(join(out, 'chunks')),
  };
}

// Messages of schemas the workflow tasks never parse (the partner's claim submission, the calendar date).
const SUBMISSION_MESSAGE = 'laborHours must be at most 200';
const DATE_MESSAGE = 'must be a calendar date written YYYY-MM-DD';

describe('function bundles', () => {
  it("leaves the claim-submission schemas out of a workflow task's bundle", () => {
    const { init } = bundled('functions/tasks/close-claim.ts');
    expect(init).toContain('handler');
    expect(init).not.toContain(SUBMISSION_MESSAGE);
    expect(init).not.toContain(DATE_MESSAGE);
  });

  it('keeps them in the bundle of the route that validates a submission', () => {
    const { init } = bundled('functions/partner-api/create-claim.ts');
    expect(init).toContain(SUBMISSION_MESSAGE);
    expect(init).toContain(DATE_MESSAGE);
  });

  it('puts what a task imports on first use (the Step Functions client) in chunks, not in index.mjs', () => {
    const { init, chunks } = bundled('functions/tasks/await-repair.ts');
    expect(init).not.toContain('AWSStepFunctions');
    expect(chunks.some((c) => c.startsWith('step-functions-adapters-'))).toBe(true);
  });
});
