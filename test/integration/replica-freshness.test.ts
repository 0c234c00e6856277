import { afterAll, describe, expect, inject, it } from 'vitest';
import { Runbook, type RunbookEndpoints } from '../../cli/region/runbook.ts';
import { status } from '../../cli/region/verbs.ts';
import { localAws } from '../support/local-aws.ts';
import { type HttpAnswer, partnerApi, send, until } from '../support/partner-api.ts';

/**
 * The back office marks what it reads from a replica that is behind (issue 14, item 3), on the
 * shared runtime: replication between a claim's home region and another region is paused, the claim
 * changes at home, and the other region's back office serves the old copy marked behind; once
 * replication resumes, it serves the new one, marked caught up.
 */

const endpoints = inject('endpoints');
const api = partnerApi(endpoints);
const aws = localAws();

const JP = 'ap-northeast-1';
const SOUTH = 'ap-south-1';
const yokohama = api.as(api.partner('jp-yokohama-export'));
// 2 × 65,000 yen + 4 h × 9,000 yen = 166,000 yen: over Yokohama's auto-approval limit, so IN_REVIEW.
const twoValveBodies = [
  { partNumber: 'TRN-VALVEBODY-02', quantity: 2, laborOperation: 'TRN-R02', laborHours: 4 },
];

const tokenOf = (role: string) => endpoints.backoffice.users.find((u) => u.role === role)!.token;
const bo = (region: string) => {
  const base = `${endpoints.backoffice.urls[region]}backoffice/v1/`;
  return {
    get: (path: string) =>
      send(`${base}${path}`, { headers: { authorization: `Bearer ${tokenOf('viewer')}` } }),
    post: (path: string, body: unknown) =>
      send(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokenOf('adjuster')}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
};

const detailIn = async (region: string, claimId: string) => {
  const res = await bo(region).get(`claims/${claimId}`);
  expect(res.status).toBe(200);
  return res.json;
};

/** A 409 with Retry-After means "between two steps": a client waits and asks again. */
async function retryBusy(call: () => Promise<HttpAnswer>, attempts = 60): Promise<HttpAnswer> {
  for (let i = 1; ; i++) {
    const res = await call();
    if (!(res.status === 409 && res.headers['retry-after']) || i >= attempts) return res;
    await new Promise((r) => setTimeout(r, 250));
  }
}

afterAll(async () => {
  // Whatever happened above, the next file gets a network that replicates.
  await aws.network.set({ resume: [JP, SOUTH] });
});

describe('a back-office read from a replica', () => {
  it('is marked behind while replication from the home region is paused, and caught up once it resumes', async () => {
    // Prepare: a JP claim waiting for review, replicated to ap-south-1.
    const filed = await yokohama.fileClaim(
      api.submission(api.vehicle('JP', 'HYBRID'), { lines: twoValveBodies }),
    );
    expect(filed.status).toBe(201);
    const claimId = filed.json.claimId as string;
    // Until it has replicated, ap-south-1 does not know the claim (404).
    await until(
      async () => {
        const res = await bo(SOUTH).get(`claims/${claimId}`);
        return res.status === 200 && res.json.claim?.status === 'IN_REVIEW' ? true : undefined;
      },
      `${claimId} in review in ${SOUTH}`,
      30_000,
    );
    const caughtUp = await until(async () => {
      const d = await detailIn(SOUTH, claimId);
      return d.replica?.behind === false ? d : undefined;
    }, 'a fresh replica');
    const atHome = await detailIn(JP, claimId);

    // Act: the pair is cut, and the claim is cancelled at home.
    await aws.network.set({ pause: [JP, SOUTH] });
    const cancelled = await retryBusy(() =>
      bo(JP).post(`claims/${claimId}/cancel`, { reason: 'customer withdrew' }),
    );
    const behind = await until(async () => {
      const d = await detailIn(SOUTH, claimId);
      return d.replica?.behind ? d : undefined;
    }, `${SOUTH} marked behind`);
    const listed = await bo(SOUTH).get(`claims?claimId=${claimId}`);
    const lines: string[] = [];
    await status(new Runbook(endpoints as unknown as RunbookEndpoints), (l) => lines.push(l));

    // Assess: the stale copy is served, and said to be stale; home is never marked.
    expect(caughtUp.replica).toMatchObject({ homeRegion: JP, writerRegion: JP, readIn: SOUTH });
    expect(caughtUp.replica.heardAt).toEqual(expect.any(String));
    expect(atHome.replica).toBeUndefined();
    expect(cancelled.status).toBe(200);
    expect(behind.claim.status).toBe('IN_REVIEW');
    expect(behind.replica).toMatchObject({ homeRegion: JP, writerRegion: JP, readIn: SOUTH, behind: true });
    expect(behind.replica.behindBySeconds).toBeGreaterThan(0);
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((c: { status: string }) => c.status)).toEqual(['IN_REVIEW']);
    expect(listed.json.replicas).toEqual([expect.objectContaining({ homeRegion: JP, behind: true })]);
    // The runbook's status says the same, from the same clocks.
    expect(lines.find((l) => l.startsWith(`replica freshness of ${JP}`))).toMatch(
      new RegExp(`${SOUTH} heard \\d+ s ago, BEHIND`),
    );

    // Act: replication resumes.
    await aws.network.set({ resume: [JP, SOUTH] });
    const healed = await until(async () => {
      const d = await detailIn(SOUTH, claimId);
      return d.claim.status === 'CANCELLED' && d.replica?.behind === false ? d : undefined;
    }, `${SOUTH} caught up`);

    // Assess: the new copy, no longer marked behind, heard from after the pause.
    expect(healed.replica).toMatchObject({ homeRegion: JP, writerRegion: JP, readIn: SOUTH, behind: false });
    expect(Date.parse(healed.replica.heardAt)).toBeGreaterThan(Date.parse(behind.replica.heardAt));
  });
});
