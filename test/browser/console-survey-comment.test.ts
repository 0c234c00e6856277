import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../local/console-build.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import { partnerApi, until } from '../support/partner-api.ts';
import { chromiumOrSkip, launchChromium, screenshot, signInAs } from './support/chromium.ts';

/**
 * The customer's survey comment beside the claim it belongs to (issue 17), in Debian's Chromium
 * against a runtime of its own (in memory): the partner reports the repair done, the customer opens
 * the survey link of the repair-done email and answers with a comment, and an adjuster then sees
 * that comment and its score on the claim page.
 */

const chromiumPath = chromiumOrSkip();
const TIME_SCALE = 1 / 500;
const COMMENT = 'The caliper was replaced the same day; the dealer called me when it was ready.';

describe.skipIf(!chromiumPath)("the customer's survey comment in the console", () => {
  let runtime: Runtime;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let claimId = '';
  let surveyLink = '';

  beforeAll(async () => {
    const build = await ensureConsoleBuilt();
    if (build.built) console.log(`console built in ${build.ms} ms`);
    dataDir = mkdtempSync(join(tmpdir(), 'claimflow-browser-survey-'));
    runtime = await startRuntime({ dataDir, inMemory: true, replicationLagMs: 20, timeScale: TIME_SCALE });

    // Prepare: an auto-approved claim, booked, its repair reported done by the partner.
    const api = partnerApi(runtime.endpoints);
    const partner = api.as(api.partner('jp-yokohama-export'));
    const filed = await partner.fileClaim(api.submission(api.vehicle('JP', 'ICE')));
    expect(filed.status).toBe(201);
    claimId = filed.json.claimId;
    await until(async () => {
      const c = (await partner.getClaim(claimId)).json;
      return c?.status === 'SCHEDULED' ? c : undefined;
    }, `the booking of ${claimId}`);
    const reported = await partner.completeRepair(claimId, {
      completedAt: new Date().toISOString(),
      partsUsed: [{ partNumber: 'BRK-CALIPER-10', quantity: 1 }],
      laborHours: 1.2,
      notes: 'Caliper replaced',
    });
    expect(reported.status).toBe(202);
    const repairDone = await until(
      async () => runtime.outbox.messages({ claimId }).find((m) => m.tags.template === 'repair-done'),
      `the repair-done email of ${claimId}`,
    );
    surveyLink = /https?:\/\/\S+\/p\/survey\?t=[^\s"<]+/.exec(repairDone.text ?? '')![0];

    browser = await launchChromium(chromiumPath!);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(20_000);
  }, 180_000);

  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      await screenshot(page, 'failed-survey-comment').catch(() => undefined);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the customer answers the survey of the repair-done email with a score and a comment', async () => {
    await page.goto(surveyLink);
    await page.getByLabel('9', { exact: true }).check();
    await page.getByRole('textbox').fill(COMMENT);
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByText('Your answer has been recorded.').waitFor();
  }, 60_000);

  it('an adjuster sees that comment and its score beside the claim, on the claim page', async () => {
    const adjuster = runtime.endpoints.backoffice.users.find((u) => u.role === 'adjuster')!;
    await signInAs(page, runtime.endpoints.console, adjuster);

    await page.goto(`${runtime.endpoints.console}/#/claims/${claimId}`);
    const comment = page.locator('[data-survey-comment]');
    await comment.waitFor();
    expect(await comment.getByText(COMMENT).isVisible()).toBe(true);
    expect(await comment.getByText(/Score 9 of 10/).isVisible()).toBe(true);
    await screenshot(page, 'claim-survey-comment');
  }, 60_000);
});
