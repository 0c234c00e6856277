import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (DESIGN §2): no browser download, the system's
 * `/usr/bin/chromium` (or CHROMIUM_PATH). Without one the browser tests fail under CI and are
 * skipped, loudly, on a developer's machine.
 */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function chromiumOrSkip(): string | undefined {
  const path = findChromium();
  if (path) return path;
  const message =
    'no Chromium found (/usr/bin/chromium; apt-get install chromium, or set CHROMIUM_PATH): the browser tests cannot run';
  if (process.env.CI) throw new Error(message);
  console.warn(`\n${'!'.repeat(100)}\n!! SKIPPED: ${message}\n${'!'.repeat(100)}\n`);
  return undefined;
}

/**
 * Flags: headless as root in a sandboxed machine, and nothing that phones home (this machine's
 * network is closed; background requests would be refused many at a time). Playwright starts every
 * browser with a fresh temporary --user-data-dir of its own.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Signs a local staff user in to the console (signing out whoever is signed in first) and waits for
 * the claims page.
 */
export async function signInAs(page: Page, consoleUrl: string, user: { email: string; password: string }) {
  await page.goto(`${consoleUrl}/`);
  const signOut = page.getByRole('button', { name: 'Sign out' });
  await signOut.or(page.getByLabel('Email')).first().waitFor();
  if (await signOut.isVisible()) await signOut.click();
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Claims' }).waitFor();
}
