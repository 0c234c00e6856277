import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../local/console-build.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import { partnerApi, send, until } from '../support/partner-api.ts';
import { chromiumOrSkip, launchChromium, screenshot, signInAs } from './support/chromium.ts';

/**
 * Supplier recovery on the console's Quality page, in Debian's Chromium against a runtime of its
 * own (in memory): an adjuster moves an approved claim's failed brake caliper back for inspection
 * on the claim page; it then shows under its supplier on the Quality page, and the supplier's
 * chargeback file downloads with the claim in it.
 */

const chromiumPath = chromiumOrSkip();
const JP = 'ap-northeast-1';
const SUPPLIER = 'Minato Chassis';
const TIME_SCALE = 1 / 500;

describe.skipIf(!chromiumPath)('supplier recovery in the console', () => {
  let runtime: Runtime;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let claimId = '';
  let caliperAmount = 0;

  const user = (role: string) => runtime.endpoints.backoffice.users.find((u) => u.role === role)!;
  const bo = (path: string, init: { body?: unknown; role?: string } = {}) =>
    send(`${runtime.endpoints.regions[JP]!.backofficeApi}backoffice/v1/${path}`, {
      method: init.body ? 'POST' : 'GET',
      headers: {
        authorization: `Bearer ${user(init.role ?? 'manager').token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
  const claimOf = async (id: string) => (await bo(`claims/${id}`)).json?.claim;

  beforeAll(async () => {
    const build = await ensureConsoleBuilt();
    if (build.built) console.log(`console built in ${build.ms} ms`);
    dataDir = mkdtempSync(join(tmpdir(), 'claimflow-browser-recovery-'));
    runtime = await startRuntime({ dataDir, inMemory: true, replicationLagMs: 20, timeScale: TIME_SCALE });

    // Prepare: an approved claim (a manager approves it if it went to review), its caliper returned.
    const api = partnerApi(runtime.endpoints);
    const filed = await api
      .as(api.partner('jp-yokohama-export'))
      .fileClaim(api.submission(api.vehicle('JP', 'HYBRID')));
    expect(filed.status).toBe(201);
    claimId = filed.json.claimId;
    const decided = await until(async () => {
      const c = await claimOf(claimId);
      return c && c.status !== 'RECEIVED' ? c : undefined;
    }, `a decision on ${claimId}`);
    if (decided.status === 'IN_REVIEW')
      expect((await bo(`claims/${claimId}/review`, { body: { outcome: 'APPROVED' } })).status).toBe(200);
    const approved = await until(async () => {
      const c = await claimOf(claimId);
      return c?.lines[0]?.approvedAmount ? c : undefined;
    }, `the approval of ${claimId}`);
    caliperAmount = approved.lines[0].approvedAmount.amountMinor;

    browser = await launchChromium(chromiumPath!);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(20_000);
  }, 180_000);

  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      await screenshot(page, 'failed-supplier-recovery').catch(() => undefined);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (role: 'viewer' | 'adjuster') => signInAs(page, runtime.endpoints.console, user(role));

  it('an adjuster moves the failed caliper back for inspection on the claim page, one step at a time', async () => {
    await signIn('adjuster');
    await page.goto(`${runtime.endpoints.console}/#/claims/${claimId}`);
    const row = page.locator('.part-returns tr[data-line="1"]');
    await row.waitFor();
    expect(await row.getAttribute('data-return')).toBe('NONE');
    expect(await row.locator('td').nth(1).textContent()).toBe(SUPPLIER);
    for (const [button, status] of [
      ['Request return', 'REQUESTED'],
      ['Mark received', 'RECEIVED'],
      ['Mark inspected', 'INSPECTED'],
    ] as const) {
      await row.getByRole('button', { name: `${button} of line 1` }).click();
      await page.locator(`.part-returns tr[data-line="1"][data-return="${status}"]`).waitFor();
    }
    expect(await row.getByText('done').isVisible()).toBe(true);
    expect((await claimOf(claimId)).partReturns[0].steps.map((s: { by: string }) => s.by)).toEqual([
      user('adjuster').email,
      user('adjuster').email,
      user('adjuster').email,
    ]);
    await screenshot(page, 'claim-part-returns');
  }, 60_000);

  it('shows approved cost per supplier with what rests on inspected parts, and downloads the chargeback file', async () => {
    // Act: a viewer opens the Quality page.
    await signIn('viewer');
    await page.getByRole('link', { name: 'Quality' }).click();
    await page.getByRole('heading', { level: 2, name: 'Supplier recovery' }).waitFor();

    // Assess: the supplier's row, its inspected amount the caliper's (the only part inspected here).
    const row = page.locator(`.recovery-suppliers tr[data-supplier="${SUPPLIER}"][data-currency="JPY"]`);
    await row.waitFor();
    const inspected = (await row.locator('td').nth(3).textContent()) ?? '';
    expect(inspected.replace(/[^0-9]/g, '')).toBe(String(caliperAmount));
    const part = page.locator('.recovery-parts tr[data-part="BRK-CALIPER-10"]');
    expect(Number(await part.locator('td').nth(7).textContent())).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'quality-supplier-recovery');

    // Act: the chargeback file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'CSV' }).click(),
    ]);
    const file = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe('supplier-recovery-Minato-Chassis.csv');
    const line = file.split('\r\n').find((l) => l.includes(claimId));
    expect(line?.startsWith(`${SUPPLIER},BRK-CALIPER-10,`)).toBe(true);
    expect(line?.endsWith(',JPY,INSPECTED')).toBe(true);
  }, 120_000);
});
