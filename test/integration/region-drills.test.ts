import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimOfExecution, failedLatestRuns } from '../../cli/region/invariants.ts';
import { Runbook } from '../../cli/region/runbook.ts';
import { checkInvariants, evacuate } from '../../cli/region/verbs.ts';
import { GuardedTable } from '../../functions/data/guarded-table.ts';
import { keys } from '../../functions/data/keys.ts';
import { defaultConfig, loadConfig } from '../../infra/config.ts';
import { DEMO_TIME_SCALE, startRuntime } from '../../local/runtime.ts';
import { MAINTENANCE_REMINDER_TEMPLATE } from '../../workflows/maintenance-reminder.ts';
import { backoffice, signIn } from '../support/backoffice.ts';
import { partnerApi } from '../support/partner-api.ts';

/**
 * The region drills (issue 14) on an embedded runtime of this file's own: its owner records move,
 * which no other file must see. Each prints its counts and the evacuation's duration (`ms`, the
 * verb's own measure, for the record); none asserts a duration.
 */
const SOUTH = 'ap-south-1';
const EUROPE = 'eu-central-1';
const JAPAN = 'ap-northeast-1';

let runtime: Awaited<ReturnType<typeof startRuntime>>;
let dataDir: string;
let rb: Runbook;
let api: ReturnType<typeof partnerApi>;
const log: string[] = [];
const say = (l: string) => log.push(l);
const filed = new Set<string>();
const bodies = new Map<number, ReturnType<ReturnType<typeof partnerApi>['submission']>>();

// Workflow time runs at the demo's scale (a day in ~4.3 s). The follow-up is shortened so a repaired
// claim closes within seconds and its maintenance reminder waits ~22 s: long enough to be moved by
// a live evacuation (~7 s), short enough to be sent within the drill.
const DAY = 86_400;
const config = loadConfig({
  ...structuredClone(defaultConfig),
  workflow: {
    ...defaultConfig.workflow,
    surveyReminderAfterSeconds: 1 * DAY,
    maintenanceReminderAfterSeconds: 5 * DAY,
  },
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'claimflow-drills-'));
  runtime = await startRuntime({
    dataDir,
    inMemory: true,
    replicationLagMs: 50,
    config,
    timeScale: DEMO_TIME_SCALE,
  });
  rb = new Runbook({ ...runtime.endpoints, primaryRegion: JAPAN }, say);
  api = partnerApi(runtime.endpoints);
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Reads `done` until it holds (at most `reads` reads, 250 ms apart). */
async function waitFor(done: () => Promise<boolean>, reads = 60): Promise<void> {
  for (let read = 0; read < reads; read++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`condition not reached in ${reads} reads`);
}

/** The claim as `region`'s replica has it (undefined: not there). */
async function claimIn(
  region: string,
  claimId: string,
): Promise<{ status: string; version: number } | undefined> {
  const res = await rb
    .documentClient(region)
    .send(new GetCommand({ TableName: rb.table, Key: keys.claim(claimId), ConsistentRead: true }));
  return res.Item ? { status: String(res.Item.status), version: Number(res.Item.version) } : undefined;
}

/** Where a run waits for a person: a review, or the partner's repair report. */
const parked = (status: string | undefined) => status === 'IN_REVIEW' || status === 'SCHEDULED';

const EVEREST_CENTRE = 'np-everest-auto-c1';

/** `npm run region -- <args>` as a process against this file's runtime (its endpoints.json). */
function regionCommand(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'cli/region.ts', ...args],
      { env: { ...process.env, CLAIMFLOW_ENDPOINTS: join(dataDir, 'endpoints.json') }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? Number((err as { code?: number }).code ?? 1) : 0;
        resolve({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}

const southPartners = () => runtime.endpoints.partners.filter((p) => p.region === SOUTH);

/** Files a claim for the i-th partner of ap-south-1 through `via`'s API; follows one 421. */
async function file(
  i: number,
  via?: string,
): Promise<{ status: number; claimId?: string; homeRegion?: string }> {
  const p = southPartners()[i % southPartners().length]!;
  // The same body for the same i: a retry of drill-<i> is the partner's retry, not a new claim.
  const body =
    bodies.get(i) ?? api.submission(api.vehicle(p.market, 'ICE'), { repairOrderNumber: `RO-DRILL-${i}` });
  bodies.set(i, body);
  const key = `drill-${i}`;
  let res = await api.as(p, via ?? p.region).fileClaim(body, key);
  if (res.status === 421) res = await api.as(p, String(res.json.homeRegion)).fileClaim(body, key);
  if (res.status === 201) filed.add(String(res.json.claimId));
  return { status: res.status, claimId: res.json?.claimId, homeRegion: res.json?.homeRegion };
}

/**
 * The invariants of issue 14 after a drill (cli/region/invariants.ts, as the runbook checks them),
 * over every claim a partner was answered 201 for; prints the drill's counts and each check.
 */
async function expectInvariants(drill: string, counts: Record<string, number>) {
  // Resumed runs go on writing their claims while the regions are read: the copies are compared once
  // replication has delivered a quiet moment (at most 40 reads; a divergence that stays fails).
  let check = await checkInvariants(rb, filed);
  for (let read = 1; read < 40 && !check.ok; read++) {
    await new Promise((r) => setTimeout(r, 250));
    await rb.replicationDelivered();
    check = await checkInvariants(rb, filed);
  }
  const { claims, lost, duplicated, lostWrites } = check.counts;
  console.log(
    `${drill}: ${JSON.stringify({ claims, ...counts, lost, duplicated, lostWrites })}\n  ${check.lines.join('\n  ')}`,
  );
  expect(check.lines.filter((l) => l.startsWith('✗'))).toEqual([]);
  expect(check.lines.some((l) => l.startsWith('- '))).toBe(false); // every check ran: nothing unknown
  expect({ lost, duplicated, lostWrites }).toEqual({ lost: 0, duplicated: 0, lostWrites: 0 });
  expect(claims).toBe(filed.size);
}

/** The names of `region`'s MaintenanceReminder runs with a status. */
const reminderRuns = async (region: string, status: 'RUNNING' | 'ABORTED') =>
  (await rb.reminderExecutions(region, status)).map((e) => e.name);

/** How many maintenance reminders the outbox holds for each claim. */
async function remindersSent(claimIds: string[]): Promise<number[]> {
  const sent = (await rb.emailsSent()) ?? [];
  return claimIds.map(
    (c) => sent.filter((e) => e.claimId === c && e.template === MAINTENANCE_REMINDER_TEMPLATE).length,
  );
}

describe('region drills', () => {
  it('evacuates ap-south-1 live while its partners file claims, and fails back', async () => {
    // Prepare: claims in flight in ap-south-1.
    const before = await Promise.all(Array.from({ length: 8 }, (_, i) => file(i)));
    expect(before.every((r) => r.status === 201)).toBe(true);
    // Act: evacuate under load (partners keep filing; a 421 names the region to call).
    const [move, during] = await Promise.all([
      evacuate(rb, SOUTH, EUROPE, { offline: false, say }),
      Promise.all(Array.from({ length: 6 }, (_, i) => file(100 + i))),
    ]);
    // Assess
    expect(during.map((r) => r.status)).toEqual(Array(6).fill(201));
    const refused = await api.as(southPartners()[0]!, SOUTH).listClaims();
    expect(refused.status).toBe(421);
    expect(refused.json.homeRegion).toBe(EUROPE);
    // A partner retrying a filing from before the move, in its new home region: the same claim back.
    const retried = await file(0, EUROPE);
    expect(retried.status).toBeLessThan(300);
    expect(retried.claimId).toBe(before[0]!.claimId);
    await expectInvariants('live evacuation', {
      moved: move.moved,
      resumed: move.resumed,
      stopped: move.stopped,
      ms: move.ms,
    });

    const back = await evacuate(rb, SOUTH, SOUTH, { offline: false, say });
    await expectInvariants('failback', { moved: back.moved, resumed: back.resumed, stopped: back.stopped });
    expect((await rb.ownerIn(EUROPE, SOUTH))?.writerRegion).toBe(SOUTH);
  }, 120_000);

  // Right after the first drill's evacuation and failback: a second live evacuation of the same
  // region, the sequence in which 6 writes were once lost to last-writer-wins (issue 14).
  it('moves the waiting maintenance reminders of closed claims with a live evacuation: each waits in the new home, then is sent once', async () => {
    // Prepare: one repaired claim per partner of ap-south-1 (a strut, so no earlier caliper claim
    // makes it a possible duplicate), completed once scheduled; each closes and its reminder waits.
    const strut = [{ partNumber: 'SUS-STRUT-09', quantity: 1, laborOperation: 'SUS-R09', laborHours: 1.6 }];
    const filings = await Promise.all(
      southPartners().map(async (p, i) => {
        const res = await api.as(p).fileClaim(
          api.submission(api.vehicle(p.market, 'ICE'), {
            lines: strut,
            repairOrderNumber: `RO-REMIND-${i}`,
          }),
          `drill-remind-${i}`,
        );
        expect(res.status).toBe(201);
        filed.add(String(res.json.claimId));
        return { partner: p, claimId: String(res.json.claimId) };
      }),
    );
    await waitFor(async () =>
      (await Promise.all(filings.map((f) => claimIn(SOUTH, f.claimId)))).every((c) => parked(c?.status)),
    );
    // Those over their partner's approval limit wait for a review: a manager approves them, so every
    // claim of this drill closes and none is left open for the drills after it.
    const manager = await signIn(runtime.endpoints, 'manager');
    const bo = backoffice(runtime.endpoints, SOUTH, manager);
    for (const f of filings)
      if ((await claimIn(SOUTH, f.claimId))?.status === 'IN_REVIEW')
        expect((await bo.post(`claims/${f.claimId}/review`, { outcome: 'APPROVED' })).status).toBe(200);
    await waitFor(async () =>
      (await Promise.all(filings.map((f) => claimIn(SOUTH, f.claimId)))).every(
        (c) => c?.status === 'SCHEDULED',
      ),
    );
    const scheduled = filings;
    for (const f of scheduled) {
      const done = await api.as(f.partner).completeRepair(f.claimId, {
        completedAt: new Date().toISOString(),
        partsUsed: [{ partNumber: 'SUS-STRUT-09', quantity: 1 }],
        laborHours: 1.6,
        notes: 'strut replaced',
      });
      expect(done.status, done.text).toBe(202);
    }
    const closed = scheduled.map((f) => f.claimId);
    const epochBefore = (await rb.ownerIn(SOUTH, SOUTH))!.epoch;
    await waitFor(async () => {
      const waiting = await reminderRuns(SOUTH, 'RUNNING');
      return closed.every((c) => waiting.includes(`${c}-maintenance-e${epochBefore}`));
    }, 120);
    expect(await remindersSent(closed)).toEqual(closed.map(() => 0));

    // Act: evacuate ap-south-1 live.
    const move = await evacuate(rb, SOUTH, EUROPE, { offline: false, say });

    // Assess: each reminder waits in the new home under the new epoch, none in the old region.
    const epoch = (await rb.ownerIn(EUROPE, SOUTH))!.epoch;
    expect(epoch).toBe(epochBefore + 1);
    const waitingInEurope = await reminderRuns(EUROPE, 'RUNNING');
    const waitingInSouth = await reminderRuns(SOUTH, 'RUNNING');
    for (const c of closed) {
      expect(waitingInEurope).toContain(`${c}-maintenance-e${epoch}`);
      expect(waitingInSouth.filter((n) => n.startsWith(c))).toEqual([]);
    }
    expect(move.remindersMoved).toBe(closed.length);
    expect(await remindersSent(closed)).toEqual(closed.map(() => 0)); // not sent early by the move
    await expectInvariants('reminders moved', {
      closed: closed.length,
      remindersMoved: move.remindersMoved ?? 0,
      ms: move.ms,
    });
    // When due, each is sent once, by the new home (the old runs were stopped, not left to end fenced).
    await waitFor(async () => (await remindersSent(closed)).every((n) => n > 0), 240);
    expect(await remindersSent(closed)).toEqual(closed.map(() => 1));
    expect(
      (await reminderRuns(SOUTH, 'ABORTED')).filter((n) => closed.some((c) => n.startsWith(c))),
    ).toHaveLength(closed.length);
    // Failback: the reminders have gone, so none is started again.
    const back = await evacuate(rb, SOUTH, SOUTH, { offline: false, say });
    expect(back.remindersMoved).toBe(0);
    expect(await remindersSent(closed)).toEqual(closed.map(() => 1));
    await expectInvariants('reminders after failback', { closed: closed.length, remindersMoved: 0 });
  }, 180_000);

  it('answers 503 with Retry-After while ap-south-1 is down, evacuates it offline, and the region reads the move when back', async () => {
    // Prepare: the region's database goes down.
    await fetch(runtime.endpoints.network, { method: 'POST', body: JSON.stringify({ down: SOUTH }) });
    try {
      const p = southPartners()[1]!;
      const res = await api.as(p).fileClaim(api.submission(api.vehicle(p.market, 'ICE')), 'drill-down');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      // Act
      const move = await evacuate(rb, SOUTH, JAPAN, { offline: true, say });
      const served = await file(200, JAPAN);
      // Assess: served by the new region under the partner's home region.
      expect(served.status).toBe(201);
      expect(served.claimId?.startsWith(`CLM-${SOUTH}-`)).toBe(true);
      await fetch(runtime.endpoints.network, { method: 'POST', body: JSON.stringify({ up: SOUTH }) });
      await rb.replicationDelivered();
      expect((await rb.ownerIn(SOUTH, SOUTH))?.writerRegion).toBe(JAPAN);
      await expectInvariants('offline evacuation', {
        moved: move.moved,
        resumed: move.resumed,
        stopped: move.stopped,
        ms: move.ms,
      });
    } finally {
      await fetch(runtime.endpoints.network, { method: 'POST', body: JSON.stringify({ up: SOUTH }) });
    }
    const back = await evacuate(rb, SOUTH, SOUTH, { offline: false, say });
    await expectInvariants('failback after outage', { moved: back.moved, resumed: back.resumed });
  }, 120_000);

  it('evacuates ap-south-1 offline while it is cut off from replication and still serving; when the partition heals it reads the move, and the claims it answered 201 meanwhile are adopted, none lost', async () => {
    const network = runtime.endpoints.network;
    const cut = (on: boolean) =>
      Promise.all(
        [EUROPE, JAPAN].map((r) =>
          fetch(network, { method: 'POST', body: JSON.stringify({ [on ? 'pause' : 'resume']: [SOUTH, r] }) }),
        ),
      );
    // Prepare: claims in flight in ap-south-1, replicated everywhere; then its replication is cut.
    const before = await Promise.all(Array.from({ length: 6 }, (_, i) => file(300 + i)));
    expect(before.every((r) => r.status === 201)).toBe(true);
    // From a quiet moment: every run parked (for a review, or for the repair) and replicated. What a region writes between
    // the cut and the stop of its runs is the offline window (the new home may do it again); this
    // drill measures what the cut-off region does after the move, not that window.
    let seen = '';
    await waitFor(async () => {
      await rb.replicationDelivered();
      const copies = await Promise.all(
        before.flatMap((r) => [SOUTH, EUROPE, JAPAN].map((region) => claimIn(region, r.claimId!))),
      );
      const now = JSON.stringify(copies);
      const quiet = now === seen && copies.every((c) => parked(c?.status));
      seen = now;
      return quiet;
    });
    const epochBefore = (await rb.ownerIn(SOUTH, SOUTH))!.epoch;
    let move: Awaited<ReturnType<typeof evacuate>>;
    let filedWhileCutOff: Awaited<ReturnType<typeof file>>[];
    let filedInNewHome: Awaited<ReturnType<typeof file>>[];
    await cut(true);
    try {
      // Act: the operator evacuates it offline (its database answers; its replication does not).
      move = await evacuate(rb, SOUTH, JAPAN, { offline: true, say });
      expect((await rb.ownerIn(JAPAN, SOUTH))?.writerRegion).toBe(JAPAN);
      // The cut-off region has not seen the move: it goes on answering its partners, under its old epoch.
      expect(await rb.ownerIn(SOUTH, SOUTH)).toMatchObject({ writerRegion: SOUTH, epoch: epochBefore });
      filedWhileCutOff = await Promise.all(Array.from({ length: 5 }, (_, i) => file(400 + i, SOUTH)));
      expect(filedWhileCutOff.map((r) => r.status)).toEqual(Array(5).fill(201));
      // Partners routed to the new home file there meanwhile, under the new epoch.
      filedInNewHome = await Promise.all(Array.from({ length: 3 }, (_, i) => file(450 + i, JAPAN)));
      expect(filedInNewHome.map((r) => r.status)).toEqual(Array(3).fill(201));
      // The cut-off region's runs of its claims go on (received email, coverage, adjudication, and
      // for those approved at once parts and a technician) in its own replica only; the new home has
      // not seen them.
      await waitFor(async () => {
        const states = await Promise.all(filedWhileCutOff.map((r) => claimIn(SOUTH, r.claimId!)));
        return states.every((c) => parked(c?.status));
      });
      for (const r of filedWhileCutOff) expect(await claimIn(JAPAN, r.claimId!)).toBeUndefined();
    } finally {
      await cut(false);
    }
    // Heal: replication delivers both ways; the cut-off region reads the owner record and is fenced.
    await rb.replicationDelivered();
    expect(await rb.ownerIn(SOUTH, SOUTH)).toMatchObject({ writerRegion: JAPAN, epoch: epochBefore + 1 });
    // Its API turns its partners to the new home once its owner cache (5 s) has read the record.
    let refused = await api.as(southPartners()[0]!, SOUTH).listClaims();
    await waitFor(async () => {
      refused = await api.as(southPartners()[0]!, SOUTH).listClaims();
      return refused.status !== 200;
    });
    expect(refused.status).toBe(421);
    expect(refused.json.homeRegion).toBe(JAPAN);
    // Its runs are fenced: the next step of each parked run (a review's escalation, or a repair
    // reminder, when its timer fires) is refused under the old epoch, writes nothing, and would end
    // the run in HandedOver.
    for (const { claimId } of filedWhileCutOff!) {
      const waiting = await claimIn(SOUTH, claimId!);
      const step = waiting?.status === 'IN_REVIEW' ? 'escalate-review' : 'remind-repair';
      await expect(
        runtime.lambda.invoke({
          region: SOUTH,
          functionName: step,
          payload: { claimId, epoch: epochBefore },
        }),
      ).rejects.toMatchObject({ name: 'ClaimFenced' });
      expect((await claimIn(SOUTH, claimId!))?.version).toBe(waiting?.version);
    }
    // The claims it answered 201 for replicated as written; the new home adopts them (the runbook
    // again, live now: it waits out the owner cache, stops the old runs, resumes each open claim).
    const adopt = await evacuate(rb, SOUTH, JAPAN, { offline: false, say });
    await expectInvariants('partition', {
      moved: move!.moved,
      resumed: move!.resumed,
      ms: move!.ms,
      filedWhileCutOff: filedWhileCutOff!.length,
      filedInNewHome: filedInNewHome!.length,
      adopted: adopt.resumed,
      stoppedAfterHeal: adopt.stopped,
    });
    const back = await evacuate(rb, SOUTH, SOUTH, { offline: false, say });
    await expectInvariants('failback after partition', { moved: back.moved, resumed: back.resumed });
  }, 180_000);
  it('redrives in bulk with `npm run region -- redrive --failed --region ap-south-1`: every claim whose run FAILED goes on, nothing FAILED is left', async () => {
    // Prepare: EV battery claims at Everest Auto Service, whose centre has no high-voltage
    // technician: approved, each fails at AssignTechnician and is compensated (its run FAILED).
    const manager = await signIn(runtime.endpoints, 'manager');
    const bo = backoffice(runtime.endpoints, SOUTH, manager);
    const everest = runtime.endpoints.partners.find((p) => p.partnerId === 'np-everest-auto')!;
    const failing: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.as(everest).fileClaim(
        api.submission(api.vehicle('NP', 'EV'), {
          lines: [{ partNumber: 'EVB-MODULE-48', quantity: 1, laborOperation: 'EVB-R04', laborHours: 5 }],
          batteryStateOfHealthPct: 61,
        }),
        `drill-redrive-${i}`,
      );
      expect(res.status).toBe(201);
      failing.push(String(res.json.claimId));
      filed.add(String(res.json.claimId));
    }
    for (const claimId of failing) {
      // Over Everest's auto-approval limit: a review, answered once the run waits for it (409 until then).
      let review = await bo.post(`claims/${claimId}/review`, { outcome: 'APPROVED' });
      for (let i = 0; i < 120 && review.status === 409; i++) {
        await new Promise((r) => setTimeout(r, 250));
        review = await bo.post(`claims/${claimId}/review`, { outcome: 'APPROVED' });
      }
      expect(review.status).toBe(200);
    }
    await waitFor(async () => {
      const failed = (await rb.executions(SOUTH, 'FAILED')).map((e) => claimOfExecution(e.name));
      return failing.every((c) => failed.includes(c));
    });
    // The cause is fixed: a certified technician joins the centre (workers cache a team for 60 s).
    await new GuardedTable(rb.documentClient(SOUTH), rb.table, SOUTH).put({
      ...keys.technician(EVEREST_CENTRE, `${EVEREST_CENTRE}-t-hv`),
      homeRegion: SOUTH,
      type: 'Technician',
      technicianId: `${EVEREST_CENTRE}-t-hv`,
      name: 'Kiran Rai',
      centreId: EVEREST_CENTRE,
      partnerId: 'np-everest-auto',
      skills: ['ev-high-voltage', 'general'],
    });
    await new Promise((r) => setTimeout(r, 61_000));

    // Act: the operator's command, as a process, against this runtime's endpoints.json.
    const first = await regionCommand(['redrive', '--failed', '--region', SOUTH]);
    const again = await regionCommand(['redrive', '--failed', '--region', SOUTH]);

    // Assess
    expect(first.code).toBe(0);
    for (const claimId of failing) expect(first.out).toContain(`${claimId} in ${SOUTH}: redriven`);
    expect(first.out).toContain('redriven 3, refused 0');
    expect(first.out).toContain('✓ executions FAILED and not redriven: 0');
    expect(again.out).toContain('redriven 0, refused 0'); // a FAILED run once redriven is done with
    await waitFor(async () => {
      const states = await Promise.all(failing.map((c) => claimIn(SOUTH, c)));
      return states.every((c) => c?.status === 'SCHEDULED');
    });
    const runs = (
      await Promise.all(
        (['RUNNING', 'FAILED'] as const).map(async (status) =>
          (await rb.executions(SOUTH, status)).map((e) => ({ ...e, status })),
        ),
      )
    ).flat();
    for (const claimId of failing)
      expect(runs.filter((e) => claimOfExecution(e.name) === claimId).map((e) => e.status)).toEqual(
        expect.arrayContaining(['FAILED', 'RUNNING']),
      );
    expect(failedLatestRuns(runs)).toEqual([]);
    await expectInvariants('redrive --failed', { failed: failing.length, redriven: failing.length });
  }, 240_000);
});
