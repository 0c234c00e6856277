import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVin } from '../../domain/vin.ts';
import { type StartedProcess, startNpmStart, stopNpmStart } from '../support/npm-start-process.ts';

/**
 * The claim's journeys end to end, over HTTP only (the partner API with an API key, the back-office
 * API with a staff token), so the same file runs against `npm start` and against a deployment:
 *
 *   CLAIMFLOW_ENDPOINTS=deployments/<account>/endpoints.json npm run test:e2e
 *
 * Unset, it starts a fresh `npm start` of its own. Against a deployment, the endpoints file must name
 * a partner with its API key (`partners: [{partnerId, market, region, apiKey}]`, from onboarding) and
 * the run needs a manager's ID token (`CLAIMFLOW_STAFF_TOKEN`); the part and labour operation it
 * files with must be in the deployment's catalogue (CLAIMFLOW_E2E_PART, CLAIMFLOW_E2E_LABOR_OPERATION,
 * CLAIMFLOW_E2E_LABOR_HOURS: its flat-rate hours). Use a staging deployment with short workflow
 * waits (README "Deploying"): the happy path waits for the survey and its reminder before closing.
 */

interface JourneyEndpoints {
  regions: Record<string, { partnerApi: string; backofficeApi: string }>;
  partners: { partnerId: string; market: string; region: string; apiKey?: string }[];
  backoffice: {
    identity: string;
    users: { email: string; role: string; password?: string; token?: string }[];
  };
}

const PART = process.env.CLAIMFLOW_E2E_PART ?? 'BRK-CALIPER-10';
const LABOR_OPERATION = process.env.CLAIMFLOW_E2E_LABOR_OPERATION ?? 'BRK-R10';
const FLAT_RATE_HOURS = Number(process.env.CLAIMFLOW_E2E_LABOR_HOURS ?? 1.2);
/** How long one journey may wait for a status: a deployment's waits are configured, not scaled. */
const WAIT_MS = Number(process.env.CLAIMFLOW_E2E_WAIT_MS ?? 240_000);

const daysAgo = (days: number) => new Date(Date.now() - days * 864e5).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let endpoints: JourneyEndpoints;
let local: { process: StartedProcess; dataDir: string } | undefined;
let partner: Required<JourneyEndpoints['partners'][number]>;
let staffToken: string;

beforeAll(async () => {
  const file = process.env.CLAIMFLOW_ENDPOINTS;
  if (file) {
    endpoints = JSON.parse(readFileSync(file, 'utf8')) as JourneyEndpoints;
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'claimflow-journeys-'));
    local = { process: await startNpmStart(dataDir), dataDir };
    endpoints = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')) as JourneyEndpoints;
  }
  const market = process.env.CLAIMFLOW_E2E_MARKET;
  const withKey = endpoints.partners.filter((p): p is typeof partner => typeof p.apiKey === 'string');
  const chosen = withKey.find((p) => p.market === (market ?? 'NP')) ?? (market ? undefined : withKey[0]);
  if (!chosen)
    throw new Error(
      `${file ?? 'endpoints.json'} names no partner with an apiKey${market ? ` in ${market}` : ''}: add the partner you onboarded (partnerId, market, region, apiKey) to its "partners"`,
    );
  partner = chosen;
  staffToken = await managerToken();
}, 120_000);

afterAll(async () => {
  if (!local) return;
  await stopNpmStart(local.process.child);
  rmSync(local.dataDir, { recursive: true, force: true });
});

/** A manager's ID token: CLAIMFLOW_STAFF_TOKEN, else the sign-in of the file's manager (npm start's local users). */
async function managerToken(): Promise<string> {
  if (process.env.CLAIMFLOW_STAFF_TOKEN) return process.env.CLAIMFLOW_STAFF_TOKEN;
  const manager = endpoints.backoffice.users.find((u) => u.role === 'manager');
  if (manager?.password) {
    const res = await fetch(`${endpoints.backoffice.identity}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: manager.email, password: manager.password }),
    });
    expect(res.status, 'staff sign-in').toBe(200);
    return ((await res.json()) as { idToken: string }).idToken;
  }
  if (manager?.token) return manager.token;
  throw new Error('no staff token: set CLAIMFLOW_STAFF_TOKEN to the ID token of a manager');
}

async function call(url: string, init: RequestInit & { expect?: number } = {}) {
  const res = await fetch(url, init);
  const text = await res.text();
  const body = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  if (init.expect !== undefined)
    expect(res.status, `${init.method ?? 'GET'} ${url}: ${text}`).toBe(init.expect);
  return body as Record<string, unknown>;
}

const partnerApi = (path: string) => `${endpoints.regions[partner.region]!.partnerApi}v1/${path}`;
const backOffice = (path: string) =>
  `${endpoints.regions[partner.region]!.backofficeApi}backoffice/v1/${path}`;
const partnerHeaders = () => ({ 'x-api-key': partner.apiKey, 'content-type': 'application/json' });
const staffHeaders = () => ({ authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' });

// VINs of this run only (WMI `JCF`, model code `E2E9Z`), registered through the back office.
let serial = Math.floor(Math.random() * 90_000_000);
async function registerVehicle(deliveredDaysAgo: number): Promise<string> {
  const vin = makeVin('JCFE2E9Z', serial++);
  const delivered = daysAgo(deliveredDaysAgo);
  const csv = [
    'vin,market,model,modelYear,powertrain,warrantyPlan,deliveryDate',
    [vin, partner.market, 'Corsa', delivered.slice(0, 4), 'ICE', 'standard', delivered].join(','),
  ].join('\r\n');
  await call(backOffice('vehicles/import'), {
    method: 'POST',
    headers: { ...staffHeaders(), 'content-type': 'text/csv' },
    body: `${csv}\r\n`,
    expect: 200,
  });
  return vin;
}

async function fileClaim(vin: string, laborHours: number): Promise<string> {
  const claim = await call(partnerApi('claims'), {
    method: 'POST',
    headers: { ...partnerHeaders(), 'idempotency-key': `e2e-${vin}-${laborHours}` },
    body: JSON.stringify({
      vin,
      odometerKm: 28_400,
      failureDate: daysAgo(2),
      repairOrderNumber: `RO-E2E-${serial}`,
      customer: { name: 'Sita Sharma', email: 'sita@example.com', language: 'en' },
      complaint: 'Grinding noise from the front left wheel when braking',
      faultCodes: ['C0040'],
      lines: [{ partNumber: PART, quantity: 1, laborOperation: LABOR_OPERATION, laborHours }],
    }),
    expect: 201,
  });
  expect(claim.status).toBe('RECEIVED');
  return String(claim.claimId);
}

/** Polls the partner's view of the claim until its status is one of `statuses` (or an end it did not expect). */
async function waitForStatus(claimId: string, ...statuses: string[]): Promise<Record<string, unknown>> {
  const ends = ['REJECTED', 'CANCELLED', 'CLOSED'];
  const deadline = Date.now() + WAIT_MS;
  let claim: Record<string, unknown> = {};
  while (Date.now() < deadline) {
    claim = await call(partnerApi(`claims/${claimId}`), { headers: partnerHeaders(), expect: 200 });
    if (statuses.includes(String(claim.status)) || ends.includes(String(claim.status))) break;
    await sleep(500);
  }
  expect(claim.status, `${claimId}: ${JSON.stringify(claim)}`).toBeOneOf(statuses);
  return claim;
}

/** The statuses the claim went through, from its audit trail in the back office. */
async function statusPath(claimId: string): Promise<string[]> {
  const detail = await call(backOffice(`claims/${claimId}`), { headers: staffHeaders(), expect: 200 });
  return ((detail.claim as { events: { to: string }[] }).events ?? []).map((e) => e.to);
}

describe('the claim journeys, over HTTP', () => {
  it('files, auto-approves, schedules, completes, settles and closes a covered claim', async () => {
    const vin = await registerVehicle(365);
    const claimId = await fileClaim(vin, FLAT_RATE_HOURS);

    const scheduled = await waitForStatus(claimId, 'SCHEDULED');
    expect(scheduled.appointment).toBeDefined();
    await call(partnerApi(`claims/${claimId}/completion`), {
      method: 'POST',
      headers: partnerHeaders(),
      body: JSON.stringify({
        completedAt: new Date().toISOString().slice(0, 19).concat('Z'),
        partsUsed: [{ partNumber: PART, quantity: 1 }],
        laborHours: FLAT_RATE_HOURS,
        notes: 'caliper replaced (end-to-end journey)',
      }),
      expect: 202,
    });
    const closed = await waitForStatus(claimId, 'CLOSED');

    expect(closed.amounts).toBeDefined();
    expect(await statusPath(claimId)).toEqual([
      'RECEIVED',
      'APPROVED',
      'SCHEDULED',
      'REPAIRED',
      'SETTLED',
      'CLOSED',
    ]);
  });

  it('rejects a claim on a vehicle whose warranty ended, saying why', async () => {
    const vin = await registerVehicle(100 * 30);
    const claimId = await fileClaim(vin, FLAT_RATE_HOURS);

    const rejected = await waitForStatus(claimId, 'REJECTED');

    expect(rejected.reasons).toContain('EXPIRED_TIME');
    expect(await statusPath(claimId)).toEqual(['RECEIVED', 'REJECTED']);
  });

  it('sends a claim over the labour standard to review, where a manager approves it and it is scheduled', async () => {
    const vin = await registerVehicle(365);
    const claimId = await fileClaim(vin, Math.round(FLAT_RATE_HOURS * 1.5 * 10) / 10);

    const inReview = await waitForStatus(claimId, 'IN_REVIEW');
    expect(inReview.reasons).toContain('LABOUR_OVER_STANDARD');
    await call(backOffice(`claims/${claimId}/review`), {
      method: 'POST',
      headers: staffHeaders(),
      body: JSON.stringify({
        outcome: 'APPROVED',
        note: 'labour time checked with the dealer (end-to-end journey)',
      }),
      expect: 200,
    });
    await waitForStatus(claimId, 'SCHEDULED');

    expect(await statusPath(claimId)).toEqual(['RECEIVED', 'IN_REVIEW', 'APPROVED', 'SCHEDULED']);
  });
});
