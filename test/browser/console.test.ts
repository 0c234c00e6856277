import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays, monthsLater } from '../../domain/calendar.ts';
import { makeVin } from '../../domain/vin.ts';
import { ensureConsoleBuilt } from '../../local/console-build.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import { partnerApi, send, until } from '../support/partner-api.ts';
import { chromiumOrSkip, launchChromium, screenshot } from './support/chromium.ts';

/**
 * The back-office console in Debian's Chromium, against a runtime of its own (in memory) served by
 * `startRuntime` exactly as `npm start` serves it: the console at /console/ on the primary
 * region's gateway, its config.json, the local identity provider, the back-office API per region.
 * Claims are put in review the way partners do it: over the partner's auto-approval limit.
 */

const chromiumPath = chromiumOrSkip();
const JP = 'ap-northeast-1';
const SOUTH = 'ap-south-1';
// A day of workflow time lasts 173 s: a review waits 48 h (~5.8 min) before it escalates, long
// enough for the tests to act on it, while everything after the approval runs at once.
const TIME_SCALE = 1 / 500;

describe.skipIf(!chromiumPath)('the back-office console in Chromium', () => {
  let runtime: Runtime;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let withinLimit = '';
  let overLimit = '';
  const consoleErrors: string[] = [];

  const user = (role: string) => runtime.endpoints.backoffice.users.find((u) => u.role === role)!;
  const bo = (path: string, init: { method?: string; body?: unknown; role?: string; region?: string } = {}) =>
    send(`${runtime.endpoints.regions[init.region ?? JP]!.backofficeApi}backoffice/v1/${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${user(init.role ?? 'manager').token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
  const statusOf = async (claimId: string) => (await bo(`claims/${claimId}`)).json?.claim?.status as string;

  // 65,000 yen a valve body + 4 h × 9,000 yen: 2 bodies 166,000 yen (over Yokohama's 150,000 yen
  // auto-approval limit, within the adjuster's 200,000), 3 bodies 231,000 yen (over both).
  const fileValveBodyClaim = async (quantity: number) => {
    const api = partnerApi(runtime.endpoints);
    const filed = await api.as(api.partner('jp-yokohama-export')).fileClaim(
      api.submission(api.vehicle('JP', 'HYBRID'), {
        lines: [{ partNumber: 'TRN-VALVEBODY-02', quantity, laborOperation: 'TRN-R02', laborHours: 4 }],
      }),
    );
    expect(filed.status).toBe(201);
    const claimId = filed.json.claimId as string;
    await until(
      async () => ((await statusOf(claimId)) === 'IN_REVIEW' ? true : undefined),
      `${claimId} in review`,
    );
    return claimId;
  };

  const signIn = async (role: 'viewer' | 'adjuster' | 'manager') => {
    await page.goto(`${runtime.endpoints.console}/`);
    const signOut = page.getByRole('button', { name: 'Sign out' });
    // Wait for the app to render either screen: checked before it has, a session would go unseen.
    await signOut.or(page.getByLabel('Email')).first().waitFor();
    if (await signOut.isVisible()) await signOut.click();
    await page.getByLabel('Email').fill(user(role).email);
    await page.getByLabel('Password').fill(user(role).password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Claims' }).waitFor();
  };

  const pageOverflow = async () =>
    (await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [
      number,
      number,
    ];

  beforeAll(async () => {
    const build = await ensureConsoleBuilt();
    if (build.built) console.log(`console built in ${build.ms} ms`);
    dataDir = mkdtempSync(join(tmpdir(), 'claimflow-browser-'));
    runtime = await startRuntime({ dataDir, inMemory: true, replicationLagMs: 20, timeScale: TIME_SCALE });
    [withinLimit, overLimit] = [await fileValveBodyClaim(2), await fileValveBodyClaim(3)];
    browser = await launchChromium(chromiumPath!);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
  });

  // A failed test leaves a picture of what the browser showed.
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      const slug = ctx.task.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 60);
      await screenshot(page, `failed-${slug}`).catch(() => undefined);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the console and its config at /console/ on the primary region', async () => {
    const index = await send(`${runtime.endpoints.console}/`);
    const config = await send(`${runtime.endpoints.console}/config.json`);

    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(config.json).toEqual({
      primaryRegion: JP,
      regions: Object.fromEntries(
        Object.entries(runtime.endpoints.regions).map(([r, e]) => [r, { backofficeApi: e.backofficeApi }]),
      ),
      identity: { kind: 'local', url: runtime.endpoints.backoffice.identity },
    });
    expect(runtime.endpoints.console.startsWith(runtime.endpoints.regions[JP]!.backofficeApi)).toBe(true);
  });

  it('an adjuster signs in, opens the review queue and a claim, sees its graph with the current state marked, approves it, and the claim moves on', async () => {
    await signIn('adjuster');

    await page.getByRole('link', { name: /In review/ }).click();
    const row = page.locator(`tr[data-claim="${withinLimit}"]`);
    await row.waitFor();
    // The counts load apart from the list: wait for a number, not the '…' shown while loading.
    const inReview = page.locator('[data-queue="In review"]', { hasText: /^\d+$/ });
    await inReview.waitFor();
    expect(Number(await inReview.textContent())).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'queue');

    await row.getByRole('link', { name: withinLimit }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(withinLimit) }).waitFor();
    const awaiting = page.locator('.workflow-graph [data-state="AwaitReview"]');
    await page.locator('.workflow-graph [data-state="AwaitReview"][data-mark~="current"]').waitFor();
    expect(await awaiting.getAttribute('data-mark')).toContain('visited');
    expect(await page.locator('.workflow-graph [data-state="Adjudicate"]').getAttribute('data-mark')).toBe(
      'visited',
    );
    expect(await page.locator('.workflow-graph [data-state="SettleClaim"]').getAttribute('data-mark')).toBe(
      '',
    );
    // The history says it in the claim's words.
    await page.locator('.history').getByText('Waiting for a reviewer').waitFor();
    await screenshot(page, 'claim');

    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Note for the audit trail/).fill('valve body confirmed faulty (browser test)');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await page
      .getByRole('status')
      .getByText(/^Approved/)
      .waitFor();

    // The page follows the claim: its status badge reaches SCHEDULED, the graph marks the repair wait.
    await page.locator('h1 [data-status="SCHEDULED"]').waitFor({ timeout: 60_000 });
    await page.locator('.workflow-graph [data-state="AwaitRepair"][data-mark~="current"]').waitFor({
      timeout: 30_000,
    });
    expect(await awaiting.getAttribute('data-mark')).toBe('visited');
    const claim = (await bo(`claims/${withinLimit}`)).json.claim;
    expect(claim.status).toBe('SCHEDULED');
    expect(claim.events.find((e: { from: string }) => e.from === 'IN_REVIEW')).toMatchObject({
      to: 'APPROVED',
      actor: { kind: 'staff', id: user('adjuster').email },
      reason: 'valve body confirmed faulty (browser test)',
    });
    await screenshot(page, 'claim-scheduled');
  });

  it('refuses an adjuster approving above the limit: the dialog shows the API refusal and the claim stays in review', async () => {
    await signIn('adjuster');
    await page.goto(`${runtime.endpoints.console}/#/claims/${overLimit}`);
    await page.getByText('this claim is over it').waitFor();

    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    const refusal = dialog.locator('[role="alert"][data-problem="approval-limit-exceeded"]');
    await refusal.waitFor();

    expect(await refusal.getAttribute('data-status')).toBe('422');
    expect(await refusal.textContent()).toContain('over your approval limit of 200000 JPY');
    await screenshot(page, 'approval-limit');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await statusOf(overLimit)).toBe('IN_REVIEW');
    // The same refusal straight from the API.
    const direct = await bo(`claims/${overLimit}/review`, {
      method: 'POST',
      role: 'adjuster',
      body: { outcome: 'APPROVED' },
    });
    expect(direct.status).toBe(422);
    expect(direct.json.type).toBe('urn:claimflow:problem:approval-limit-exceeded');
  });

  it("acts on a claim of another region at that region's API (cross-origin, CORS)", async () => {
    // Labour far over the flat rate (1.2 h): in review in ap-south-1, whatever the amount.
    const api = partnerApi(runtime.endpoints);
    const filed = await api.as(api.partner('np-himalayan-motors')).fileClaim(
      api.submission(api.vehicle('NP', 'ICE'), {
        lines: [{ partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 6 }],
      }),
    );
    const claimId = filed.json.claimId as string;
    await until(
      async () =>
        (await bo(`claims/${claimId}`, { region: SOUTH })).json?.claim?.status === 'IN_REVIEW'
          ? true
          : undefined,
      `${claimId} in review`,
    );
    await signIn('manager');
    expect(await page.locator('#region-switcher').inputValue()).toBe(JP);

    await page.goto(`${runtime.endpoints.console}/#/claims/${claimId}`);
    await page.locator('.workflow-graph [data-state="AwaitReview"][data-mark~="current"]').waitFor();
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Note for the audit trail/).fill('six hours for a caliper is not plausible');
    await dialog.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.locator('h1 [data-status="REJECTED"]').waitFor({ timeout: 30_000 });

    const claim = (await bo(`claims/${claimId}`, { region: SOUTH })).json.claim;
    expect(claim.events.at(-1)).toMatchObject({
      to: 'REJECTED',
      region: SOUTH,
      actor: { kind: 'staff', id: user('manager').email },
    });
  });

  it('imports a vehicle CSV with a bad row as nothing, reporting that row; the corrected file imports whole', async () => {
    await signIn('manager');
    await page.getByRole('link', { name: 'Vehicle import' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vehicle import' }).waitFor();
    const serial = Date.now() % 100_000;
    const vins = [0, 1, 2].map((i) => makeVin('JTDBT4K3', serial * 10 + i));
    const header = 'vin,market,model,modelYear,powertrain,warrantyPlan,deliveryDate';
    const good = (vin: string) => `${vin},JP,Corolla Cross,2026,HYBRID,standard,2026-05-01`;
    // O is never in a VIN (it reads as 0).
    const bad = `${vins[1]!.slice(0, 16)}O,JP,Corolla Cross,2026,HYBRID,standard,2026-05-01`;

    await page.getByLabel('…or paste the CSV').fill([header, good(vins[0]!), bad, good(vins[2]!)].join('\n'));
    await page.getByRole('button', { name: 'Import vehicles' }).click();
    const badRow = page.locator('table.import-errors tr[data-row="3"]');
    await badRow.waitFor();

    expect(await page.locator('table.import-errors tbody tr').count()).toBe(1);
    expect(await badRow.locator('td').nth(1).textContent()).toBe('vin');
    await page.locator('p.bad[data-imported="0"]').getByText('Nothing was imported').waitFor();
    await screenshot(page, 'vehicle-import-refused');

    await page.getByLabel('…or paste the CSV').fill([header, ...vins.map(good)].join('\n'));
    await page.getByRole('button', { name: 'Import vehicles' }).click();
    // Three new vehicles: had the refused file written its two good rows, they would be "unchanged".
    await page.locator('[data-imported="3"][data-created="3"]').waitFor();
  });

  it('works by keyboard: skip link, visible focus, a dialog that keeps focus and closes on Escape', async () => {
    await signIn('adjuster');
    await page.goto(`${runtime.endpoints.console}/#/claims/${overLimit}`);
    // A fresh load: focus starts at the top of the page.
    await page.reload();
    const approve = page.getByRole('button', { name: 'Approve', exact: true });
    await approve.waitFor();

    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    // Every focus stop shows an outline.
    await page.keyboard.press('Tab');
    const outline = (await page.evaluate(
      'getComputedStyle(document.activeElement).outlineStyle + " " + getComputedStyle(document.activeElement).outlineWidth',
    )) as string;
    expect(outline).not.toMatch(/^none/);

    await approve.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      expect(await page.evaluate('!!document.activeElement.closest("dialog[open]")')).toBe(true);
    }
    // Where focus is at the moment the dialog leaves the page: back on its opener already, never
    // dropped to <body> in between (a screen reader would announce the whole page).
    await page.evaluate(`window.focusAtClose = new Promise((resolve) => {
      const watch = new MutationObserver(() => {
        if (document.querySelector('dialog')) return;
        watch.disconnect();
        resolve(document.activeElement.textContent);
      });
      watch.observe(document.body, { childList: true, subtree: true });
    }); undefined`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate('window.focusAtClose')).toBe('Approve');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Approve');
  });

  it('labels every control on every screen', async () => {
    await signIn('manager');
    const unlabelled = `[...document.querySelectorAll('input, select, textarea, button, a[href]')]
      .filter((el) => el.offsetParent !== null || el.closest('dialog[open]'))
      .filter((el) => !((el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.textContent.trim()))
      .map((el) => el.outerHTML.slice(0, 120))`;
    for (const screen of [
      '#/claims',
      `#/claims/${withinLimit}`,
      '#/inventory',
      '#/technicians',
      '#/vehicles',
      '#/dashboard',
      '#/quality',
    ]) {
      await page.goto(`${runtime.endpoints.console}/${screen}`);
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      expect({ screen, unlabelled: await page.evaluate(unlabelled) }).toEqual({ screen, unlabelled: [] });
    }
  });

  it('lets a manager restock a part from the inventory', async () => {
    const stockOf = async () =>
      (await bo(`inventory?region=${JP}`)).json.warehouses
        .find((w: { warehouseId: string }) => w.warehouseId === 'WH-YOK')
        .items.find((i: { partNumber: string }) => i.partNumber === 'TRN-VALVEBODY-02').available as number;
    const before = await stockOf();
    await signIn('manager');
    await page.getByRole('link', { name: 'Inventory' }).click();

    await page.getByRole('button', { name: /^Restock TRN-VALVEBODY-02 in / }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Quantity received').fill('5');
    await dialog.getByRole('button', { name: 'Restock', exact: true }).click();
    await page
      .getByRole('status')
      .getByText(/^Restocked TRN-VALVEBODY-02/)
      .waitFor();

    expect(await stockOf()).toBe(before + 5);
  });

  it('draws the dashboard charts of every region', async () => {
    await signIn('manager');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('figure.chart').first().waitFor();

    expect(await page.locator('figure.chart').count()).toBe(6);
    // The modelled cost says what it is a model of.
    await page.getByText(/^Modelled cost per 1,000 claims/).waitFor();
    expect(await page.getByText(/A model, not the AWS bill/).count()).toBe(1);
    expect(await page.locator('figure.chart svg polyline').count()).toBe(
      Object.keys(runtime.endpoints.regions).length,
    );
    await screenshot(page, 'dashboard');
  });

  it('reads at tablet width (768 px): no sideways scrolling, the header and the actions wrap', async () => {
    await signIn('adjuster');
    await page.setViewportSize({ width: 768, height: 1024 });
    try {
      for (const screen of ['#/claims', `#/claims/${overLimit}`, '#/inventory', '#/dashboard', '#/quality']) {
        await page.goto(`${runtime.endpoints.console}/${screen}`);
        await page.locator('h1').waitFor();
        await page.waitForLoadState('networkidle');
        const [scrollWidth, clientWidth] = await pageOverflow();
        expect({ screen, scrollWidth }).toEqual({ screen, scrollWidth: clientWidth });
        if (screen.includes(overLimit)) {
          await page.getByRole('button', { name: 'Approve', exact: true }).waitFor();
          expect(await page.getByRole('button', { name: 'Approve', exact: true }).isVisible()).toBe(true);
          await screenshot(page, 'claim-768');
        }
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  describe('the quality page', () => {
    // A surge planted as the integration test plants it (test/integration/quality-campaigns.test.ts):
    // a fleet of its own in LK, then eight compressor claims in one month, the vehicles' first.
    const MARKET = 'LK';
    const run = Date.now() % 1_000_000;
    const MODEL = `Browser surge ${run}`;
    const vins = Array.from({ length: 20 }, (_, i) => makeVin('JCFKS17Z', run * 20 + i));
    const SURGED = 8;
    const today = new Date().toISOString().slice(0, 10);
    const failureDate = addDays(today, -20);
    const deliveryDate = addDays(monthsLater(today, -1), -5);
    const month = failureDate.slice(0, 7);
    const COMPRESSOR = {
      partNumber: 'CLM-COMPRESSOR-11',
      quantity: 1,
      laborOperation: 'CLM-R11',
      laborHours: 3,
    };
    let campaignId = '';

    const lk = () => {
      const api = partnerApi(runtime.endpoints);
      return { api, partner: api.as(api.partner('lk-colombo-motor-works')) };
    };
    const claimOf = (vin: string, i: number, extra: Record<string, unknown> = {}) =>
      lk().api.submission(vin, {
        failureDate,
        customer: { name: 'Nimal Perera', email: `browser-surge-${run}-${i}@example.com`, language: 'en' },
        complaint: 'Air conditioning blows warm air and the compressor rattles',
        faultCodes: ['B1421'],
        lines: [COMPRESSOR],
        ...extra,
      });

    /** The quality page, scoped to LK and the surge's month. */
    const openQuality = async () => {
      await page.getByRole('link', { name: 'Quality' }).click();
      await page.getByRole('heading', { level: 1, name: 'Quality' }).waitFor();
      // The market is offered once an answer has named it (the global scope's does).
      await page.locator('#quality-scope option[value="market:LK"]').waitFor({ state: 'attached' });
      await page.getByLabel('Scope').selectOption(`market:${MARKET}`);
      await page.getByLabel('Warning month').fill(month);
    };

    beforeAll(async () => {
      const csv = [
        'vin,market,model,modelYear,powertrain,warrantyPlan,deliveryDate',
        ...vins.map(
          (vin) => `${vin},${MARKET},${MODEL},${deliveryDate.slice(0, 4)},ICE,standard,${deliveryDate}`,
        ),
      ].join('\n');
      const imported = await send(
        `${runtime.endpoints.regions[SOUTH]!.backofficeApi}backoffice/v1/vehicles/import`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${user('manager').token}`, 'content-type': 'text/csv' },
          body: `${csv}\n`,
        },
      );
      expect(imported.status, imported.text).toBe(200);
      const { partner } = lk();
      const filed = await Promise.all(
        vins.slice(0, SURGED).map((vin, i) => partner.fileClaim(claimOf(vin, i))),
      );
      expect(filed.map((r) => r.status)).toEqual(filed.map(() => 201));
      // Wait until the ledger shows the flag through the API the page reads.
      await until(
        async () => {
          const res = await bo(`metrics?report=early-warnings&market=${MARKET}&month=${month}`, {
            region: SOUTH,
          });
          return res.json?.flags?.find((f: { component: string }) => f.component === 'climate');
        },
        'the climate flag in LK',
        120_000,
      );
    }, 180_000);

    it('quality: shows the failure rates and the flag of a planted surge with its evidence', async () => {
      await signIn('manager');
      await openQuality();
      await page.getByLabel('Rates by').selectOption('model');
      await page.getByLabel('Months in service').fill('1');

      // The model's row in the chart's data: 8 claims over 20 vehicles, 400 per 1,000.
      const rateRow = page.locator('figure.chart table tr', { hasText: MODEL });
      await rateRow.waitFor({ state: 'attached' });
      expect(await rateRow.locator('td').allTextContents()).toEqual([MODEL, '8', '20', '400.00']);
      expect(await page.locator('figure.chart svg text', { hasText: MODEL }).count()).toBe(1);
      await page.locator('[data-figure="first-time-fix"]').waitFor();
      await page.locator('[data-figure="repeat-repairs"]').waitFor();
      await page.locator('[data-figure="cost-per-vehicle"]').getByText(/LKR/).waitFor();

      const flag = page.locator(`tr[data-flag="${MARKET}:climate"]`);
      await flag.waitFor();
      const cells = await flag.locator('td').allTextContents();
      expect(cells.slice(0, 3)).toEqual([MARKET, 'climate', month]);
      expect(Number(cells[3])).toBeGreaterThanOrEqual(SURGED);
      expect(cells[9]).toBe('one-sided exact Poisson');
      // The rate is above its baseline, as the API computed them.
      expect(Number(cells[5])).toBeGreaterThan(Number(cells[6]));
      await screenshot(page, 'quality');
    });

    it('quality: a manager opens a campaign from the flag (a refused field shown beside it), and its completion appears', async () => {
      await signIn('manager');
      await openQuality();
      await page
        .locator(`tr[data-flag="${MARKET}:climate"]`)
        .getByRole('button', { name: /^Open campaign/ })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      // Prefilled from the flag and the rates: the component, the market, the model that failed most,
      // and the compressor with its labour operation.
      expect(await dialog.getByLabel('Component').inputValue()).toBe('climate');
      expect(await dialog.getByLabel('Markets').inputValue()).toBe(MARKET);
      expect(await dialog.getByLabel('Title').inputValue()).toContain('climate');
      // The guesses arrive once the rates are read.
      await dialog.getByText('Filling in what the rates suggest').waitFor({ state: 'detached' });
      expect(await dialog.getByLabel('Model', { exact: true }).inputValue()).toBe(MODEL);
      expect(await dialog.getByLabel('Parts').inputValue()).toBe('CLM-COMPRESSOR-11 × 1');
      expect(await dialog.getByLabel('Labour operation').inputValue()).toBe('CLM-R11');

      // A labour operation the catalogue does not have: refused, the field says why, nothing opened.
      const before = (await bo('campaigns', { region: SOUTH })).json.items.length as number;
      await dialog.getByLabel('Labour operation').fill('ZZZ-R99');
      await dialog.getByLabel('Labour hours').fill('3');
      await dialog.getByRole('button', { name: 'Open campaign' }).click();
      const fieldError = dialog.locator('[data-field-error="laborOperation"]');
      await fieldError.waitFor();
      expect(await dialog.getByLabel('Labour operation').getAttribute('aria-invalid')).toBe('true');
      expect(await dialog.locator('[role="alert"]').getAttribute('data-status')).toBe('400');
      expect((await bo('campaigns', { region: SOUTH })).json.items.length).toBe(before);
      await screenshot(page, 'quality-campaign-refused');

      await dialog.getByLabel('Labour operation').fill('CLM-R11');
      await dialog.getByRole('button', { name: 'Open campaign' }).click();
      const opened = page.getByRole('status').getByText(/^Campaign CMP-/);
      await opened.waitFor();
      expect(await opened.textContent()).toContain(`${vins.length} vehicles, ${SURGED} customers told`);
      campaignId = /CMP-[0-9]{8}-[A-Z0-9]+/.exec((await opened.textContent()) ?? '')![0];
      const campaign = (await bo(`campaigns?campaignId=${campaignId}`, { region: SOUTH })).json.campaign;
      expect(campaign).toMatchObject({
        component: 'climate',
        markets: [MARKET],
        affected: { kind: 'fleet', model: MODEL },
        remedy: {
          laborOperation: 'CLM-R11',
          laborHours: 3,
          parts: [{ partNumber: 'CLM-COMPRESSOR-11', quantity: 1 }],
        },
        fromFlag: { market: MARKET, component: 'climate', period: month },
      });

      // A partner's claim citing the campaign: completion per partner counts it.
      const cited = await lk().partner.fileClaim(
        claimOf(vins[0]!, 0, { failureDate: today, campaignId, faultCodes: [] }),
      );
      expect(cited.status).toBe(201);
      await until(
        async () => {
          const res = await bo(`campaigns?campaignId=${campaignId}`, { region: SOUTH });
          return res.json.completion.byPartner.length > 0 ? true : undefined;
        },
        'the campaign claim in the completion',
        60_000,
      );

      const row = page.locator(`tr[data-campaign="${campaignId}"]`);
      await row.waitFor();
      await row.getByRole('button', { name: campaignId }).click();
      const byMarket = page.locator('table.completion-markets tr[data-market="LK"]');
      await byMarket.waitFor();
      expect(await byMarket.locator('td').allTextContents()).toEqual([
        MARKET,
        String(vins.length),
        '0',
        '0 %',
      ]);
      const byPartner = page.locator('table.completion-partners tr[data-partner="lk-colombo-motor-works"]');
      await byPartner.waitFor();
      expect((await byPartner.locator('td').allTextContents()).slice(0, 2)).toEqual([
        'lk-colombo-motor-works',
        '1',
      ]);
      await screenshot(page, 'quality-campaign');
    });

    it('quality: a viewer sees the flags and the campaigns, without the open-campaign action', async () => {
      await signIn('viewer');
      await openQuality();
      await page.locator(`tr[data-flag="${MARKET}:climate"]`).waitFor();
      if (campaignId) await page.locator(`tr[data-campaign="${campaignId}"]`).waitFor();
      expect(await page.getByRole('button', { name: /Open campaign/ }).count()).toBe(0);
      expect(await page.getByRole('columnheader', { name: 'Action' }).count()).toBe(0);
    });

    it('quality: the claim page shows dealer signals as evidence for the adjuster, not decisions', async () => {
      // An odometer lower than on the surge's claim of the same VIN (filed at the submission's 28,400 km).
      const { partner } = lk();
      const filed = await partner.fileClaim(
        claimOf(vins[1]!, 1, {
          failureDate: addDays(failureDate, 5),
          odometerKm: 27_900,
          lines: [{ partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1 }],
          faultCodes: [],
          complaint: 'Brakes squeal',
        }),
      );
      expect(filed.status).toBe(201);
      const claimId = filed.json.claimId as string;
      const signals = (await until(async () => {
        const res = await bo(`claims/${claimId}`, { region: SOUTH });
        return res.json?.signals?.length > 0 ? res.json.signals : undefined;
      }, `signals on ${claimId}`)) as { kind: string; evidence: Record<string, unknown> }[];
      const odometer = signals.find((s) => s.kind === 'ODOMETER_BELOW_EARLIER_CLAIM');
      expect(odometer?.evidence).toMatchObject({
        vin: vins[1],
        odometerKm: 27_900,
        earlierOdometerKm: 28_400,
      });
      await signIn('adjuster');
      await page.goto(`${runtime.endpoints.console}/#/claims/${claimId}`);
      const section = page.locator('section.signals');
      await section.getByRole('heading', { name: 'Dealer signals' }).waitFor();
      await section.getByText('Signals for the adjuster, not decisions').waitFor();
      expect(await section.locator('li[data-signal]').count()).toBe(signals.length);
      const shown = section.locator('li[data-signal="ODOMETER_BELOW_EARLIER_CLAIM"]');
      await shown.getByText('lower than on an earlier claim').waitFor();
      await shown.getByRole('link', { name: odometer!.evidence.earlierClaimId as string }).waitFor();
      expect(await shown.locator('dd').allTextContents()).toContain('27900');
      await screenshot(page, 'claim-signals');
    });
  });

  it('logged no script errors in the browser', () => {
    // 4xx answers the tests provoke on purpose show up as failed resources; nothing else may.
    expect(consoleErrors.filter((e) => !/status of (4\d\d)/.test(e))).toEqual([]);
  });
});
