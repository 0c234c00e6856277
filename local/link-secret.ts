import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret that signs the links in local emails (`CLAIMFLOW_LINK_SECRET`), derived from the data
 * folder's `local-secret` (made on first start, the same file the demo API keys come from), so
 * links in the outbox keep working after a restart. In AWS the secret is a generated Secrets
 * Manager secret instead (infra/constructs/follow-up-mail.ts).
 */
export function localLinkSecret(dataDir: string): string {
  const file = join(dataDir, 'local-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  return createHmac('sha256', secret).update('claimflow link secret v1').digest('base64url');
}
