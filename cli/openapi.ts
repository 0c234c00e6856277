import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { backofficeApiDocument } from '../functions/backoffice-api/openapi-document.ts';
import { partnerApiDocument } from '../functions/partner-api/openapi-document.ts';

/**
 * `npm run openapi`: writes the two OpenAPI documents, generated from the zod contracts, where the
 * functions that serve them import them (`functions/*-api/openapi.json`). They are files rather than
 * built at start: the document depends on the code only, and generating it (every schema built and
 * converted) would be most of those functions' cold start. `--check` writes nothing and fails when
 * a file is not the document the code generates now (a unit test runs the same check).
 */
const inRepo = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export const OPENAPI_FILES = [
  { file: inRepo('functions/partner-api/openapi.json'), generate: partnerApiDocument },
  { file: inRepo('functions/backoffice-api/openapi.json'), generate: backofficeApiDocument },
] as const;

export const openApiFileText = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { file, generate } of OPENAPI_FILES) {
    const text = openApiFileText(generate());
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === text) console.log(`${file}: up to date`);
    else if (check) {
      stale++;
      console.error(`${file}: not the document the code generates; run npm run openapi`);
    } else {
      writeFileSync(file, text);
      console.log(`${file}: written`);
    }
  }
  if (stale > 0) process.exit(1);
}
