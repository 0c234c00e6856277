import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../local/console-build.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import { send } from '../support/partner-api.ts';
import { chromiumOrSkip, launchChromium, screenshot } from './support/chromium.ts';

/**
 * A manager onboards a partner in the console, in Chromium, against a runtime of the file's own:
 * opens a market, creates the partner, adds its centre and a certified technician, issues a key
 * (shown once) and revokes it, suspends the partner, adds a part with its prices and a new warranty
 * plan version. Every change goes through a confirmation dialog; a refusal stays in the dialog,
 * field by field. What the console did is checked over HTTP, as the partner would meet it.
 */

const chromiumPath = chromiumOrSkip();
const JP = 'ap-northeast-1';
const SOUTH = 'ap-south-1';

describe.skipIf(!chromiumPath)('master data in the console, in Chromium', () => {
  let runtime: Runtime;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let apiKey = '';
  const consoleErrors: string[] = [];

  const user = (role: string) => runtime.endpoints.backoffice.users.find((u) => u.role === role)!;
  const bo = (path: string) =>
    send(`${runtime.endpoints.regions[JP]!.backofficeApi}backoffice/v1/${path}`, {
      headers: { authorization: `Bearer ${user('manager').token}` },
    });
  const partnerCall = (key: string) =>
    send(`${runtime.endpoints.regions[SOUTH]!.partnerApi}v1/claims?limit=1`, {
      headers: { 'x-api-key': key },
    });

  const signIn = async (role: 'viewer' | 'manager') => {
    await page.goto(`${runtime.endpoints.console}/`);
    const signOut = page.getByRole('button', { name: 'Sign out' });
    if (await signOut.isVisible().catch(() => false)) await signOut.click();
    await page.getByLabel('Email').fill(user(role).email);
    await page.getByLabel('Password').fill(user(role).password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Claims' }).waitFor();
  };
  const dialog = () => page.getByRole('dialog');
  /** A control of the open dialog by its label, exactly ("Name" is not "Contact name"). */
  const field = (label: string) => dialog().getByLabel(label, { exact: true });

  beforeAll(async () => {
    await ensureConsoleBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'claimflow-browser-md-'));
    runtime = await startRuntime({ dataDir, inMemory: true, replicationLagMs: 20 });
    browser = await launchChromium(chromiumPath!);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
  });

  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      const slug = ctx.task.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 60);
      await screenshot(page, `failed-md-${slug}`).catch(() => undefined);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the master-data screens to managers only', async () => {
    await signIn('viewer');
    await expect(page.getByRole('link', { name: 'Partners' }).count()).resolves.toBe(0);
    await signIn('manager');
    await page.getByRole('link', { name: 'Partners' }).waitFor();
  });

  it('opens a market and creates a partner in it, each after a confirmation', async () => {
    await page.getByRole('link', { name: 'Partners' }).click();
    await page.getByRole('heading', { level: 1, name: /Partners in/ }).waitFor();

    await page.getByRole('button', { name: 'Open a market' }).click();
    await field('Code').fill('BT');
    await field('Name').fill('Bhutan');
    await field('Currency').fill('BTN');
    await field('Time zone').fill('Asia/Thimphu');
    await field('Served by region').selectOption(SOUTH);
    await dialog().getByRole('button', { name: 'Open market' }).click();
    await dialog().waitFor({ state: 'detached' });
    await page.getByText(/BT \(ap-south-1, opened\)/).waitFor();

    await page.getByRole('button', { name: 'New partner' }).click();
    await field('Partner id').fill('bt-druk-auto');
    await field('Name').fill('Druk Auto Service');
    await field('Market').selectOption('BT');
    await field('Labour rate per hour (minor units)').fill('120000');
    await field('Auto-approval limit (minor units)').fill('20000000');
    await field('Contact name').fill('Karma Wangchuk');
    await field('Contact email').fill('after-sales@druk-auto.example');
    await dialog().getByRole('button', { name: 'Create partner' }).click();
    await page.getByRole('heading', { level: 1, name: 'Druk Auto Service' }).waitFor();
    expect(await page.locator('[data-partner-status]').textContent()).toBe('active');
  });

  it('adds a service centre and a certified technician; a refusal stays in the dialog, naming the field', async () => {
    await page.getByRole('button', { name: 'Add a service centre' }).click();
    await field('Centre id').fill('bt-druk-auto-c1');
    await field('Name').fill('Druk Auto Service, Olakha');
    await field('Address').fill('Olakha, Thimphu 11001');
    await field('Phone').fill('+975 2 350 000');
    await field('Time zone').fill('Asia/Thimphu');
    await field('Opening hours').fill('mon-sat 09:00-17:00');
    await field('Public holidays').fill('2026-12-17');
    await dialog().getByRole('button', { name: 'Add centre' }).click();
    await dialog().waitFor({ state: 'detached' });
    await page.locator('[data-centre="bt-druk-auto-c1"]').waitFor();

    await page.getByRole('button', { name: 'Add a technician to Druk Auto Service, Olakha' }).click();
    await field('Technician id').fill('bt-druk-t1');
    await field('Name').fill('Sonam Dorji');
    // A certification for a skill the technician does not have: refused, the dialog stays open.
    await field('Certifications').fill('ev-high-voltage 2028-03-31');
    await dialog().getByRole('button', { name: 'Add technician' }).click();
    const refusal = dialog().locator('[data-problem]');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-status')).toBe('400');
    expect(await refusal.textContent()).toContain('/certifications/0/skill');

    await field('ev-high-voltage').check();
    await dialog().getByRole('button', { name: 'Add technician' }).click();
    await dialog().waitFor({ state: 'detached' });
    const row = page.locator('[data-technician="bt-druk-t1"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('ev-high-voltage 2028-03-31');
    expect((await bo('technicians/bt-druk-t1')).json).toMatchObject({
      centreId: 'bt-druk-auto-c1',
      certifications: [{ skill: 'ev-high-voltage', expiresOn: '2028-03-31' }],
    });
  });

  it('issues a key shown once, which the partner API takes; revoked, the next call is 403', async () => {
    await page.getByRole('button', { name: 'Issue a key' }).click();
    await field('Label').fill('Druk DMS');
    await dialog().getByRole('button', { name: 'Issue key' }).click();
    const shown = page.locator('code[data-api-key]');
    await shown.waitFor();
    apiKey = (await shown.textContent()) ?? '';
    expect(apiKey).toMatch(/^cfk_/);
    await screenshot(page, 'master-data-key-shown-once');
    await dialog().getByRole('button', { name: 'Done' }).click();
    expect((await partnerCall(apiKey)).status).toBe(200);

    await page.getByRole('button', { name: 'Revoke Druk DMS' }).click();
    await dialog().getByRole('button', { name: 'Revoke key' }).click();
    await dialog().waitFor({ state: 'detached' });
    await page.locator('[data-key-status="revoked"]').waitFor();
    expect((await partnerCall(apiKey)).status).toBe(403);
  });

  it('suspends the partner after a confirmation', async () => {
    await page.getByRole('button', { name: 'Suspend' }).click();
    await dialog().getByRole('button', { name: 'Suspend' }).click();
    await page.locator('[data-partner-status="suspended"]').waitFor();
    expect((await bo('partners/bt-druk-auto')).json.partner.status).toBe('suspended');
  });

  it('adds a part with its prices and a warranty plan version, by keyboard where it can', async () => {
    await page.getByRole('link', { name: 'Parts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Parts and prices' }).waitFor();
    await page.getByRole('button', { name: 'Add a part' }).click();
    await field('Part number').fill('HVE-DCDC-BT01');
    await field('Name').fill('DC-DC converter 3 kW');
    await field('Category').selectOption('hv-electrical');
    await field('Supplier').fill('Setouchi Power Electronics');
    await field('Prices').fill('BTN 4500000, JPY 62000');
    await field('Labour operations').fill('HVE-R06');
    await field('Labour operations').press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await page.locator('[data-part="HVE-DCDC-BT01"]').waitFor();
    expect((await bo('parts/HVE-DCDC-BT01')).json).toMatchObject({
      prices: { BTN: 4_500_000, JPY: 62_000 },
      laborOperations: ['HVE-R06'],
    });

    await page.getByRole('link', { name: 'Warranty plans' }).click();
    await page.getByRole('button', { name: 'New version of standard' }).click();
    await field('Name').fill('Standard factory warranty 2027');
    await dialog().getByRole('button', { name: 'Add version' }).click();
    await dialog().waitFor({ state: 'detached' });
    await page.locator('[data-plan="standard"] [data-version="2"]').waitFor();
    await screenshot(page, 'master-data-plans');
    expect((await bo('warranty-plans/standard')).json.versions).toHaveLength(2);
    expect(consoleErrors).toEqual([]);
  });
});
