import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import type { Endpoints } from '../../local/endpoints.ts';
import { hashApiKey } from '../../local/seed/seed.ts';
import { startNpmStart, stopNpmStart } from '../support/npm-start-process.ts';

const start = (dataDir: string) => startNpmStart(dataDir);
const stop = stopNpmStart;

const docIn = (endpoints: Endpoints, region = 'ap-south-1') =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region,
      endpoint: endpoints.regions[region]!.dynamodb,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    }),
  );

async function batteryStock(endpoints: Endpoints) {
  const res = await docIn(endpoints).send(
    new QueryCommand({
      TableName: 'claimflow',
      IndexName: 'byPart',
      KeyConditionExpression: 'gsi4pk = :p',
      ExpressionAttributeValues: { ':p': 'PART#EVB-MODULE-48' },
      ConsistentRead: false,
    }),
  );
  return (res.Items ?? []).sort(
    (a, b) => String(a.sk).localeCompare(String(b.sk)) || String(a.pk).localeCompare(String(b.pk)),
  );
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'claimflow-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts with demo data, writes endpoints.json, and on a second start keeps the data and seeds nothing twice', async () => {
    const first = await start(dataDir);
    const endpoints = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')) as Endpoints;
    expect(first.output()).toContain('Demo data: seeded now.');
    expect(Object.keys(endpoints.regions).sort()).toEqual(['ap-northeast-1', 'ap-south-1', 'eu-central-1']);
    const markets = new Set(endpoints.partners.map((p) => p.market));
    expect([...markets].sort()).toEqual(['AM', 'BD', 'GE', 'IN', 'JP', 'KZ', 'LK', 'NP']);
    for (const p of endpoints.partners) {
      expect(p.apiKey).toMatch(/^cfk_/);
      expect(first.output()).toContain(p.apiKey);
    }
    const warranty = new Set(endpoints.demo.vehicles.map((v) => `${v.powertrain}:${v.warranty}`));
    for (const w of [
      'ICE:in-force',
      'HYBRID:in-force',
      'EV:in-force',
      'ICE:expired-time',
      'ICE:expired-distance',
    ]) {
      expect(warranty).toContain(w);
    }
    expect(endpoints.demo.parts.length).toBeGreaterThan(5);
    expect(endpoints.demo.laborOperations.every((o) => o.hours > 0)).toBe(true);
    // API keys are kept only as hashes.
    const himalayan = endpoints.partners.find((p) => p.partnerId === 'np-himalayan-motors')!;
    const keyItem = await docIn(endpoints).send(
      new GetCommand({
        TableName: 'claimflow',
        Key: { pk: `APIKEY#${hashApiKey(himalayan.apiKey)}`, sk: 'APIKEY' },
      }),
    );
    expect(keyItem.Item).toMatchObject({ partnerId: 'np-himalayan-motors' });
    expect(JSON.stringify(keyItem.Item)).not.toContain(himalayan.apiKey);
    // Local back-office users, each with a password printed at start; the token its sign-in gives
    // is accepted by the API, and the console is served.
    expect(endpoints.backoffice.users.map((u) => u.role).sort()).toEqual(['adjuster', 'manager', 'viewer']);
    const viewer = endpoints.backoffice.users.find((u) => u.role === 'viewer')!;
    expect(first.output()).toContain(viewer.password);
    const login = await fetch(`${endpoints.backoffice.identity}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: viewer.email, password: viewer.password }),
    });
    expect(login.status).toBe(200);
    const { idToken } = (await login.json()) as { idToken: string };
    const queue = await fetch(
      `${endpoints.backoffice.urls['ap-south-1']}backoffice/v1/claims?status=IN_REVIEW`,
      { headers: { authorization: `Bearer ${idToken}` } },
    );
    expect(queue.status).toBe(200);
    const consolePage = await fetch(`${endpoints.console}/`);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain('claimflow');
    const stockBefore = await batteryStock(endpoints);
    expect(await stop(first.child)).toBe(0);

    const second = await start(dataDir);
    expect(second.output()).toContain('Demo data: already there');
    const again = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')) as Endpoints;
    expect(again.partners.map((p) => p.apiKey)).toEqual(endpoints.partners.map((p) => p.apiKey));
    // The same stock items, untouched since the first start wrote them.
    const stockAfter = await batteryStock(again);
    expect(stockAfter).toHaveLength(5);
    expect(stockAfter).toEqual(stockBefore);
    expect(stockAfter.find((i) => i.warehouseId === 'WH-KTM')).toMatchObject({ onHand: 2, reserved: 0 });
    expect(await stop(second.child)).toBe(0);
    // Two cold starts of the whole system (the first also builds the console), on a busy machine.
  }, 240_000);
});
