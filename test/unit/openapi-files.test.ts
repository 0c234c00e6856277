import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILES, openApiFileText } from '../../cli/openapi.ts';

/**
 * The OpenAPI documents the functions serve are files (`npm run openapi` writes them), so that the
 * functions do not build every schema at start. These tests hold each file to the document the
 * code generates now: change a contract without running `npm run openapi`, and they fail.
 */
describe('OpenAPI files', () => {
  it.each(OPENAPI_FILES.map((f) => [f.file, f] as const))(
    '%s is the document the contracts generate (npm run openapi)',
    (file, { generate }) => {
      expect(readFileSync(file, 'utf8')).toBe(openApiFileText(generate()));
    },
  );
});
