import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';

/**
 * `npm run admin`, run as a person runs it, against the shared runtime's endpoints.json: a manager
 * signs in by the file, the answers are printed for people or as JSON for scripts, and a refusal
 * exits 1 naming each field.
 */

const endpoints = inject('endpoints');
const dir = mkdtempSync(join(tmpdir(), 'claimflow-cli-'));
const file = join(dir, 'endpoints.json');
writeFileSync(file, JSON.stringify(endpoints));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = promisify(execFile);
async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'cli/admin.ts', ...args], {
      env: { ...process.env, CLAIMFLOW_ENDPOINTS: file },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the admin CLI', () => {
  it('lists the markets of the config for a person', async () => {
    const { code, stdout } = await admin('markets', 'list');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NP\s+ap-south-1\s+Nepal\s+NPR\s+config$/m);
  });

  it('issues a key and prints the API answer as JSON for scripts', async () => {
    const { code, stdout } = await admin('keys', 'issue', 'np-everest-auto', '--label', 'cli test', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      apiKey: expect.stringMatching(/^cfk_/),
      key: { label: 'cli test' },
    });
  });

  it('exits 1 with each bad field named when the API refuses', async () => {
    const { code, stderr } = await admin(
      'labour-ops',
      'put',
      'CLI-R01',
      '--description',
      'Replace something',
      '--hours=-1',
      '--skill',
      'wizardry',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/^400 /);
    expect(stderr).toMatch(/\/hours: /);
    expect(stderr).toMatch(/\/skill: /);
  });

  it('exits 2 on a command it does not know, listing the commands', async () => {
    const { code, stderr } = await admin('partners', 'teleport');
    expect(code).toBe(2);
    expect(stderr).toContain('keys revoke <partnerId> <keyId>');
  });
});
