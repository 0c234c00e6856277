import { afterAll, describe, expect, inject, it } from 'vitest';
import { localAws } from '../support/local-aws.ts';
import { send } from '../support/partner-api.ts';

/**
 * The partner API's health route, which Route 53's health checks read in AWS
 * (infra/failure-detection-stack.ts), over real HTTP on the shared runtime: no key needed, 200
 * while the region's database answers, 503 with Retry-After while it is down.
 */

const endpoints = inject('endpoints');
const aws = localAws();
const SOUTH = 'ap-south-1';
const health = () => send(`${endpoints.regions[SOUTH]!.partnerApi}v1/health`);

afterAll(async () => {
  await aws.network.set({ up: SOUTH });
});

describe('GET /v1/health', () => {
  it('answers 200 without a key while the region answers, and 503 with Retry-After while its database is down', async () => {
    // Act
    const up = await health();
    await aws.network.set({ down: SOUTH });
    const down = await health();
    await aws.network.set({ up: SOUTH });
    const back = await health();

    // Assess
    expect(up.status).toBe(200);
    expect(up.json).toEqual({ status: 'ok', region: SOUTH, writerRegion: SOUTH, epoch: expect.any(Number) });
    expect(down.status).toBe(503);
    expect(down.headers['content-type']).toContain('application/problem+json');
    expect(down.headers['retry-after']).toBeDefined();
    expect(back.status).toBe(200);
  });

  it('is the only partner route without a key: the others still answer 401', async () => {
    // Act
    const claims = await send(`${endpoints.regions[SOUTH]!.partnerApi}v1/claims`);
    // Assess
    expect(claims.status).toBe(401);
  });
});
