import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../../local/console-build.ts';
import { CONSOLE_FILE_TYPES } from '../../local/gateway/console-files.ts';
import { chromiumOrSkip, launchChromium, screenshot } from './support/chromium.ts';

/**
 * The deployed console's sign-in (Cognito managed login, OAuth 2.0 authorization code + PKCE) in
 * Debian's Chromium, without AWS: one loopback server serves the built console under /console/ with
 * a config.json of kind 'cognito' whose domain is the same server, and plays the managed login's
 * /oauth2/authorize, /oauth2/token and /logout. It checks what Cognito checks (client, redirect URI,
 * the S256 challenge against the verifier, single-use codes) and answers an unsigned ID token of
 * Cognito's shape: the console only reads its claims (the API verifies signatures; not under test).
 */

const chromiumPath = chromiumOrSkip();
const CLIENT_ID = 'test-client';
const EMAIL = 'adjuster@claimflow.example';
const PENDING_KEY = 'claimflow.cognito.pending';
const SESSION_KEY = 'claimflow.session';

const base64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** Header.payload.signature, as Cognito shapes its ID tokens; the signature is random bytes. */
function idToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { kid: 'test-key', alg: 'RS256', typ: 'JWT' };
  const payload = {
    sub: '7d2f0c1e-0000-4000-8000-000000000001',
    email: EMAIL,
    email_verified: true,
    'cognito:groups': ['adjuster'],
    'custom:approval_limits': '{"JPY":200000}',
    aud: CLIENT_ID,
    token_use: 'id',
    auth_time: now,
    iat: now,
    exp: now + 3600,
  };
  return [
    base64url(JSON.stringify(header)),
    base64url(JSON.stringify(payload)),
    base64url(randomBytes(32)),
  ].join('.');
}

interface FakeManagedLogin {
  server: Server;
  origin: string;
  /** What the browser asked for, in order. */
  authorize: URLSearchParams[];
  token: { params: URLSearchParams; status: number }[];
  logout: URLSearchParams[];
  /** Whatever a request got wrong (the test fails on any). */
  problems: string[];
  /** The next token request is refused as if its verifier did not match. */
  refuseNextVerifier: boolean;
  reset(): void;
}

async function startFakeManagedLogin(): Promise<FakeManagedLogin> {
  // code → what the authorize request said; a code is good for one token request.
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const fake: FakeManagedLogin = {
    server: createServer(),
    origin: '',
    authorize: [],
    token: [],
    logout: [],
    problems: [],
    refuseNextVerifier: false,
    reset() {
      this.authorize.length = 0;
      this.token.length = 0;
      this.logout.length = 0;
      this.problems.length = 0;
      this.refuseNextVerifier = false;
    },
  };
  const redirectUri = () => `${fake.origin}/console/`;

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    send(res, status, JSON.stringify(body), { 'content-type': 'application/json' });
  const refuse = (res: ServerResponse, status: number, problem: string) => {
    fake.problems.push(problem);
    send(res, status, problem);
  };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  const serveStatic = (res: ServerResponse, pathname: string) => {
    if (pathname === '/console/config.json')
      return json(res, 200, {
        primaryRegion: 'ap-northeast-1',
        // Nothing listens there: the screens show "no answer", which is not under test.
        regions: { 'ap-northeast-1': { backofficeApi: 'http://127.0.0.1:9/' } },
        identity: {
          kind: 'cognito',
          domain: fake.origin,
          clientId: CLIENT_ID,
          redirectUri: redirectUri(),
          scopes: ['openid', 'email', 'profile'],
        },
      });
    let rel: string;
    try {
      rel = decodeURIComponent(pathname.slice('/console/'.length)) || 'index.html';
    } catch {
      return send(res, 400, 'bad path');
    }
    const file = normalize(join(CONSOLE_DIST, rel));
    if (!file.startsWith(CONSOLE_DIST + sep) || !existsSync(file) || !statSync(file).isFile())
      return send(res, 404, `no such file: ${pathname}`);
    res.writeHead(200, {
      'content-type': CONSOLE_FILE_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': String(statSync(file).size),
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  };

  const authorize = (res: ServerResponse, q: URLSearchParams) => {
    fake.authorize.push(q);
    if (q.get('response_type') !== 'code')
      return refuse(res, 400, `authorize: response_type ${q.get('response_type')}`);
    if (q.get('client_id') !== CLIENT_ID)
      return refuse(res, 400, `authorize: client_id ${q.get('client_id')}`);
    if (q.get('redirect_uri') !== redirectUri())
      return refuse(res, 400, `authorize: redirect_uri ${q.get('redirect_uri')}`);
    if (q.get('code_challenge_method') !== 'S256')
      return refuse(res, 400, `authorize: code_challenge_method ${q.get('code_challenge_method')}`);
    const challenge = q.get('code_challenge') ?? '';
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge))
      return refuse(res, 400, `authorize: code_challenge ${challenge}`);
    const state = q.get('state');
    if (!state) return refuse(res, 400, 'authorize: no state');
    const code = randomBytes(18).toString('base64url');
    codes.set(code, { challenge, redirectUri: redirectUri() });
    const back = new URL(redirectUri());
    back.search = new URLSearchParams({ code, state }).toString();
    res.writeHead(302, { location: back.toString(), 'content-length': '0' });
    res.end();
  };

  const token = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const p = new URLSearchParams(body);
    const answer = (status: number, reply: unknown) => {
      fake.token.push({ params: p, status });
      json(res, status, reply);
    };
    if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      fake.problems.push(`token: content-type ${req.headers['content-type']}`);
      return answer(400, { error: 'invalid_request' });
    }
    if (p.get('grant_type') !== 'authorization_code') {
      fake.problems.push(`token: grant_type ${p.get('grant_type')}`);
      return answer(400, { error: 'unsupported_grant_type' });
    }
    if (p.get('client_id') !== CLIENT_ID) {
      fake.problems.push(`token: client_id ${p.get('client_id')}`);
      return answer(400, { error: 'invalid_client' });
    }
    const issued = codes.get(p.get('code') ?? '');
    codes.delete(p.get('code') ?? '');
    if (!issued || p.get('redirect_uri') !== issued.redirectUri) {
      fake.problems.push(`token: code ${p.get('code')} / redirect_uri ${p.get('redirect_uri')}`);
      return answer(400, { error: 'invalid_grant' });
    }
    const verifier = p.get('code_verifier') ?? '';
    const refused = fake.refuseNextVerifier;
    fake.refuseNextVerifier = false;
    if (refused || s256(verifier) !== issued.challenge) {
      if (!refused) fake.problems.push('token: the verifier does not match the challenge');
      return answer(400, { error: 'invalid_grant' });
    }
    answer(200, {
      id_token: idToken(),
      access_token: idToken(),
      token_type: 'Bearer',
      expires_in: 3600,
    });
  };

  const logout = (res: ServerResponse, q: URLSearchParams) => {
    fake.logout.push(q);
    if (q.get('client_id') !== CLIENT_ID) return refuse(res, 400, `logout: client_id ${q.get('client_id')}`);
    if (q.get('logout_uri') !== redirectUri())
      return refuse(res, 400, `logout: logout_uri ${q.get('logout_uri')}`);
    res.writeHead(302, { location: q.get('logout_uri')!, 'content-length': '0' });
    res.end();
  };

  fake.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', fake.origin);
    const method = req.method ?? 'GET';
    const route = `${method} ${url.pathname}`;
    const handle = async () => {
      if (route === 'GET /console') {
        res.writeHead(301, { location: '/console/', 'content-length': '0' });
        return res.end();
      }
      if (method === 'GET' && url.pathname.startsWith('/console/')) return serveStatic(res, url.pathname);
      if (route === 'GET /oauth2/authorize') return authorize(res, url.searchParams);
      if (route === 'POST /oauth2/token') return token(req, res);
      if (route === 'GET /logout') return logout(res, url.searchParams);
      return send(res, 404, `nothing at ${route}`);
    };
    handle().catch((err: Error) => {
      fake.problems.push(`${route}: ${err.message}`);
      if (!res.headersSent) send(res, 500, err.message);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  fake.origin = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  return fake;
}

describe.skipIf(!chromiumPath)('the console signs in at the Cognito managed login (fake, loopback)', () => {
  let fake: FakeManagedLogin;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];

  const consoleUrl = () => `${fake.origin}/console/`;
  const signInButton = () => page.getByRole('button', { name: 'Sign in with your claimflow account' });
  const who = () => page.locator('header .who .user');
  // Expressions as strings: the tests are compiled without the DOM's types.
  const storage = (key: string) =>
    page.evaluate(`sessionStorage.getItem(${JSON.stringify(key)})`) as Promise<string | null>;

  /** Through the managed login and back, signed in. */
  const signIn = async () => {
    await page.goto(consoleUrl());
    await signInButton().click();
    await who().waitFor();
  };

  beforeAll(async () => {
    const build = await ensureConsoleBuilt();
    if (build.built) console.log(`console built in ${build.ms} ms`);
    fake = await startFakeManagedLogin();
    browser = await launchChromium(chromiumPath!);
  });

  // Each test in a fresh browser context (its own sessionStorage), with the server's log emptied.
  beforeEach(async (ctx) => {
    fake.reset();
    pageErrors = [];
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    ctx.onTestFailed(async () => {
      const slug = ctx.task.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 60);
      await screenshot(page, `failed-cognito-${slug}`).catch(() => undefined);
    });
  });

  afterEach(async () => {
    await context?.close();
  });

  afterAll(async () => {
    await browser?.close();
    if (fake) {
      fake.server.closeAllConnections();
      await new Promise<void>((resolve) => fake.server.close(() => resolve()));
    }
  });

  it('signs in through authorize and token: the header shows the email and the role, the code leaves the address bar', async () => {
    await page.goto(consoleUrl());
    await signInButton().click();
    await who().waitFor();

    expect(await who().textContent()).toContain(EMAIL);
    expect(await who().locator('.role').textContent()).toBe('adjuster');
    expect(page.url()).not.toContain('code=');
    expect(page.url()).not.toContain('state=');
    expect(new URL(page.url()).pathname).toBe('/console/');

    // The authorize request: a public client with PKCE (S256) and a state of its own.
    expect(fake.authorize).toHaveLength(1);
    const asked = fake.authorize[0]!;
    expect(asked.get('scope')).toBe('openid email profile');
    expect(asked.get('state')).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    // The token request: the verifier of that challenge (RFC 7636: 43–128 characters).
    expect(fake.token.map((t) => t.status)).toEqual([200]);
    const verifier = fake.token[0]!.params.get('code_verifier')!;
    expect(verifier.length).toBeGreaterThanOrEqual(43);
    expect(verifier.length).toBeLessThanOrEqual(128);
    expect(s256(verifier)).toBe(asked.get('code_challenge'));
    expect(fake.problems).toEqual([]);

    // The session carries what the console reads from the ID token; the pending sign-in is gone.
    const session = JSON.parse((await storage(SESSION_KEY))!);
    expect(session).toMatchObject({ email: EMAIL, role: 'adjuster', approvalLimits: { JPY: 200000 } });
    expect(session.expiresAt * 1000).toBeGreaterThan(Date.now());
    expect(await storage(PENDING_KEY)).toBeNull();
    // A reload keeps the session and asks the managed login nothing more.
    await page.reload();
    await who().waitFor();
    expect(fake.token).toHaveLength(1);

    await screenshot(page, 'cognito-signed-in');
    expect(pageErrors).toEqual([]);
  });

  it('shows a refused token request on the sign-in page, with no session; signing in again works', async () => {
    fake.refuseNextVerifier = true;
    await page.goto(consoleUrl());
    await signInButton().click();

    const alert = page.locator('main.signin [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('the token endpoint refused the code (invalid_grant)');
    expect(fake.token.map((t) => t.status)).toEqual([400]);
    expect(await storage(SESSION_KEY)).toBeNull();
    expect(await who().count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(page.url()).not.toContain('code=');
    expect(await signInButton().isEnabled()).toBe(true);

    await signInButton().click();
    await who().waitFor();
    expect(fake.token.map((t) => t.status)).toEqual([400, 200]);
    expect(fake.problems).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('refuses a callback whose state this tab never sent, without asking the token endpoint', async () => {
    await page.goto(consoleUrl());
    await signInButton().waitFor();
    // This tab is waiting for an answer to a sign-in of its own …
    const pending = JSON.stringify({ state: 'the-state-this-tab-sent', verifier: 'v'.repeat(86) });
    await page.evaluate(`sessionStorage.setItem(${JSON.stringify(PENDING_KEY)}, ${JSON.stringify(pending)})`);
    // … and a link made by someone else brings a code and a state of theirs.
    await page.goto(`${consoleUrl()}?code=someone-elses-code&state=someone-elses-state`);

    const alert = page.locator('main.signin [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'this sign-in answer was not asked for by this tab; sign in again',
    );
    expect(fake.token).toHaveLength(0);
    expect(await storage(SESSION_KEY)).toBeNull();
    expect(await storage(PENDING_KEY)).toBeNull();
    expect(page.url()).toBe(consoleUrl());

    // The same with no sign-in pending at all (a new tab opened on the link).
    const other = await context.newPage();
    await other.goto(`${consoleUrl()}?code=someone-elses-code&state=someone-elses-state`);
    await other.getByText('this sign-in answer was not asked for by this tab; sign in again').waitFor();
    expect(fake.token).toHaveLength(0);
    await other.close();
    expect(pageErrors).toEqual([]);
  });

  it('signs out at the managed login (client_id, logout_uri) and comes back to the sign-in page', async () => {
    await signIn();
    // The console shows the sign-in page at once, then leaves for /logout, which sends it back.
    const back = page.waitForResponse(
      (r) => r.url() === consoleUrl() && r.request().resourceType() === 'document',
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    await back;
    await page.waitForLoadState('load');
    await signInButton().waitFor();

    expect(fake.logout).toHaveLength(1);
    expect(fake.logout[0]!.get('client_id')).toBe(CLIENT_ID);
    expect(fake.logout[0]!.get('logout_uri')).toBe(consoleUrl());
    expect(page.url()).toBe(consoleUrl());
    expect(await storage(SESSION_KEY)).toBeNull();
    expect(await who().count()).toBe(0);
    // Still signed out after a reload: nothing brings the session back.
    await page.reload();
    await signInButton().waitFor();
    expect(await who().count()).toBe(0);
    expect(fake.problems).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
