import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runbook } from '../../cli/region/runbook.ts';
import { ensureConsoleBuilt } from '../../local/console-build.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import { partnerApi } from '../support/partner-api.ts';
import { chromiumOrSkip, launchChromium, screenshot, signInAs } from './support/chromium.ts';

/**
 * The claim page says when it shows a replica (issue 14, item 3), in Debian's Chromium against a
 * runtime of its own (its owner records move, which no other file must see). The console reads a
 * claim in its home region; once that region's writing has moved to another region (the owner
 * record, as an evacuation writes it), the home region is a replica, and the page says how far
 * behind it may be, and that it is behind when replication from the writer stops.
 */

const chromiumPath = chromiumOrSkip();
const JP = 'ap-northeast-1';
const SOUTH = 'ap-south-1';
const EUROPE = 'eu-central-1';

describe.skipIf(!chromiumPath)('the claim page read from a replica', () => {
  let runtime: Runtime;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let claimId = '';

  beforeAll(async () => {
    await ensureConsoleBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'claimflow-browser-replica-'));
    runtime = await startRuntime({ dataDir, inMemory: true, replicationLagMs: 20 });
    const api = partnerApi(runtime.endpoints);
    const filed = await api
      .as(api.partner('np-everest-auto'))
      .fileClaim(api.submission(api.vehicle('NP', 'ICE')));
    expect(filed.status).toBe(201);
    claimId = filed.json.claimId as string;
    browser = await launchChromium(chromiumPath!);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const banner = () => page.locator('.notice.replica');
  /** Reloads the claim page until the banner says `text` (the page refreshes only a running claim). */
  const untilBanner = async (text: RegExp) => {
    for (let read = 0; read < 60; read++) {
      await page.goto(`${runtime.endpoints.console}/#/claims/${claimId}`);
      await page.getByRole('heading', { level: 1, name: new RegExp(claimId) }).waitFor();
      await page
        .getByText(/home region/)
        .first()
        .waitFor();
      const shown = (await banner().count()) > 0 ? ((await banner().textContent()) ?? '') : '';
      if (text.test(shown)) return shown;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the banner never said ${text}`);
  };

  it('shows no banner where the claim is written, and a replica banner once its writing moved, marked behind when replication stops', async () => {
    // Prepare: signed in as a viewer.
    const viewer = runtime.endpoints.backoffice.users.find((u) => u.role === 'viewer')!;
    await signInAs(page, runtime.endpoints.console, viewer);

    // Act: the claim as its home region, which writes it, shows it.
    await page.goto(`${runtime.endpoints.console}/#/claims/${claimId}`);
    await page
      .getByText(/home region ap-south-1/)
      .first()
      .waitFor();
    const bannersAtHome = await banner().count();

    // Act: ap-south-1's writing moves to eu-central-1 (the owner record, as `evacuate` writes it).
    await new Runbook({ ...runtime.endpoints, primaryRegion: JP }).moveOwner(SOUTH, EUROPE, false);
    const fresh = await untilBanner(
      /^This claim was read from a replica in ap-south-1, which may be \d+ s behind eu-central-1, which writes for the home region/,
    );
    const freshBehind = await page.locator('.notice.replica.behind').count();
    // The claim list read in the primary, also a replica of eu-central-1's writing for ap-south-1.
    await page.goto(`${runtime.endpoints.console}/#/claims?claimId=${claimId}&region=any`);
    await page.locator(`tr[data-claim="${claimId}"]`).waitFor();
    const listed = (await banner().textContent()) ?? '';

    // Act: replication from the writer to the replica stops.
    runtime.network.pause(EUROPE, SOUTH);
    const stale = await untilBanner(/Replication is behind/);
    await screenshot(page, 'claim-read-from-a-replica-behind');
    runtime.network.resume(EUROPE, SOUTH);

    // Assess
    expect(bannersAtHome).toBe(0);
    expect(fresh).toContain(`read from a replica in ${SOUTH}`);
    expect(freshBehind).toBe(0);
    expect(listed).toMatch(/Claims of ap-south-1 were read from a replica in ap-northeast-1, which/);
    expect(stale).toMatch(
      /Replication is behind\. This claim was read from a replica in ap-south-1, which may be \d+ s behind eu-central-1/,
    );
    expect(await page.locator('.notice.replica.behind').count()).toBe(1);
  });
});
