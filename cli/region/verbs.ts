import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { replicaFreshness } from '../../domain/replica-freshness.ts';
import { keys } from '../../functions/data/keys.ts';
import type { BackofficeClient } from '../backoffice-client.ts';
import {
  claimOfExecution,
  failedLatestRuns,
  type InvariantReport,
  judgeRegionState,
  type RegionState,
  reminderOfExecution,
} from './invariants.ts';
import { moveReminders, reminderSent } from './reminders.ts';
import type { Runbook } from './runbook.ts';

export type { InvariantReport } from './invariants.ts';

// Every writer trusts an owner record it read for 5 s (GuardedTable's cache); the runbook waits a margin more.
export const OWNER_CACHE_WAIT_MS = 6_000;

export async function status(rb: Runbook, say: (l: string) => void): Promise<void> {
  const replication = await rb.replication();
  const writers = new Map<string, string>();
  for (const home of rb.regions) {
    const seen = await Promise.all(rb.regions.map(async (r) => [r, await rb.ownerIn(r, home)] as const));
    const views = seen.map(([r, o]) => `${r}: ${o ? `${o.writerRegion} e${o.epoch}` : 'unreachable'}`);
    say(`${home} is written by … ${views.join('; ')}`);
    const newest = seen.reduce((a, [, o]) => (o && (!a || o.epoch > a.epoch) ? o : a), seen[0]![1]);
    if (newest) writers.set(home, newest.writerRegion);
  }
  const up = new Map(await Promise.all(rb.regions.map(async (r) => [r, await rb.reachable(r)] as const)));
  const anyUp = rb.regions.find((r) => up.get(r));
  for (const r of rb.regions) {
    const running = up.get(r) ? (await rb.executions(r, 'RUNNING')).length : 0;
    const failed = up.get(r) ? (await rb.executions(r, 'FAILED')).length : 0;
    const reminders = up.get(r) ? (await rb.reminderExecutions(r, 'RUNNING')).length : 0;
    // The region's own parked notifications; of a region down, as another region's replica has them.
    const readIn = up.get(r) ? r : anyUp;
    const parked = readIn ? await rb.parkedNotifications(readIn, r) : undefined;
    say(
      `${r}: ${up.get(r) ? 'up' : 'DOWN'}, executions running ${running}, failed ${failed}, maintenance reminders waiting ${reminders}, dead letters (notifications parked) ${parked ?? 'unknown'}${readIn && readIn !== r ? ` (read in ${readIn})` : ''}`,
    );
  }
  // How far behind each replica is, from the writers' clocks (in AWS too, where no proxy counts).
  const now = new Date();
  for (const [home, writer] of writers) {
    const views: string[] = [];
    for (const r of rb.regions.filter((x) => x !== writer && up.get(x))) {
      const f = replicaFreshness({
        homeRegion: home,
        writerRegion: writer,
        readIn: r,
        clock: await rb.writerClockIn(r, home, writer),
        now,
      })!;
      const heard =
        f.behindBySeconds === undefined ? 'not heard from yet' : `heard ${f.behindBySeconds} s ago`;
      views.push(`${r} ${heard}${f.behind ? ', BEHIND' : ''}`);
    }
    say(
      `replica freshness of ${home} (written in ${writer}): ${views.join('; ') || 'no other region answers'}`,
    );
  }
  if (replication)
    say(
      `replication: ${replication.pending} deliveries pending, ${replication.held} held (regions down: ${replication.downRegions.join(', ') || 'none'})`,
    );
}

/**
 * Moves the writing of `home`'s items (its claims, partners, stock, technicians) to `to`. Live:
 * the owner record first (every writer of `home` stops writing once it reads it, within its cache
 * time), then replication is waited for, then the executions are moved. Offline: `home`'s writer
 * is down; what it wrote that had not replicated is reported, and it learns of the move when back.
 */
export async function evacuate(
  rb: Runbook,
  home: string,
  to: string,
  opts: { offline: boolean; say: (l: string) => void; ownerCacheWaitMs?: number },
): Promise<{
  moved: number;
  resumed: number;
  stopped: number;
  failedLeft: number;
  /** Waiting maintenance reminders of closed claims started in `to` (undefined: not listed in endpoints.json). */
  remindersMoved?: number;
  ms: number;
}> {
  const { say } = opts;
  const started = Date.now();
  if (!rb.regions.includes(home) || !rb.regions.includes(to))
    throw new Error(`regions are ${rb.regions.join(', ')}`);
  if (!(await rb.reachable(to))) throw new Error(`${to} does not answer: choose a region that is up`);
  const current = await rb.ownerIn(to, home);
  const writer = current?.writerRegion ?? home;
  const writerUp = await rb.reachable(writer);
  if (!opts.offline && !writerUp) throw new Error(`${writer} does not answer: evacuate it with --offline`);
  const risk = opts.offline ? await rb.replication() : undefined;
  const owner = await rb.moveOwner(home, to, opts.offline);
  if (!opts.offline) {
    say(
      `waiting ${(opts.ownerCacheWaitMs ?? OWNER_CACHE_WAIT_MS) / 1000} s: every writer in ${writer} reads the new owner record and stops`,
    );
    await new Promise((r) => setTimeout(r, opts.ownerCacheWaitMs ?? OWNER_CACHE_WAIT_MS));
    await rb.replicationDelivered();
    say('replication delivered: every write made before the move is in every region');
  } else {
    say(
      risk
        ? `offline: ${risk.held} writes held for or from regions down were not delivered; ${writer}'s own are delivered when it is back, and lose to nothing written under epoch ${owner.epoch}`
        : `offline: writes ${writer} made in its last moments (normally < 1 s of replication lag) may be missing here`,
    );
  }
  const moved = (await rb.openClaims(to, home)).length;
  const { stopped, resumed, failedLeft } = await rb.moveExecutions(home, to, owner.epoch);
  const reminders = await moveReminders(rb, home, to, owner.epoch);
  const ms = Date.now() - started;
  say(
    `open claims of ${home}: ${moved}; executions stopped ${stopped}${opts.offline ? ` (a region down stops its own when back: fenced)` : ''}, resumed in ${to} ${resumed}, left for redrive ${failedLeft}; ${ms} ms`,
  );
  say(
    reminders
      ? `maintenance reminders of closed claims: ${reminders.moved} waiting in ${to} now (same due time), ${reminders.alreadySent} already sent${reminders.regionsUnread.length ? `; ${reminders.regionsUnread.join(', ')} not read: its reminders were started from the claims, its own stop when the runbook runs again once it is back` : ''}`
      : 'maintenance reminders not moved: endpoints.json lists no MaintenanceReminder state machine',
  );
  return {
    moved,
    resumed,
    stopped,
    failedLeft,
    ...(reminders ? { remindersMoved: reminders.moved } : {}),
    ms,
  };
}

/** Redrives, through the back office (as a manager), every claim whose latest execution failed. */
export async function redriveFailed(
  rb: Runbook,
  backoffice: (region: string) => BackofficeClient,
  regions: string[],
  say: (l: string) => void,
): Promise<{ redriven: number; refused: number }> {
  let redriven = 0;
  let refused = 0;
  for (const r of regions) {
    // Only a claim whose newest run FAILED: an older FAILED run stays in the history after a redrive.
    const runs = (
      await Promise.all(
        (['FAILED', 'RUNNING', 'SUCCEEDED', 'ABORTED'] as const).map(async (status) =>
          (await rb.executions(r, status)).map((e) => ({ ...e, status })),
        ),
      )
    ).flat();
    const claimIds = new Set(failedLatestRuns(runs).map((e) => claimOfExecution(e.name)));
    for (const claimId of claimIds) {
      const answer = await backoffice(r).post(`claims/${encodeURIComponent(claimId)}/redrive`, {});
      if (answer.status < 300) redriven++;
      else refused++;
      say(`${claimId} in ${r}: ${answer.status < 300 ? 'redriven' : `not redriven (${answer.status})`}`);
    }
  }
  return { redriven, refused };
}

/**
 * Reads what every region that answers holds, for the invariants (`invariants.ts`): owner records,
 * the copies of the claims answered 201, stock levels, bookings, emails sent (where the mail
 * service lists them), executions and the replication's lost-write counter (locally).
 */
export async function readRegionState(rb: Runbook, answered201: Iterable<string> = []): Promise<RegionState> {
  const regionsUp = (
    await Promise.all(rb.regions.map(async (r) => ((await rb.reachable(r)) ? r : undefined)))
  ).filter((r): r is string => r !== undefined);
  const claims = [...new Set(answered201)];
  const ownerViews: RegionState['ownerViews'] = [];
  const claimCopies: RegionState['claimCopies'] = [];
  const stock: RegionState['stock'] = [];
  const executions: RegionState['executions'] = [];
  for (const region of regionsUp) {
    for (const home of rb.regions) {
      const o = await rb.ownerIn(region, home);
      if (o) ownerViews.push({ home, region, writerRegion: o.writerRegion, epoch: o.epoch });
    }
    const doc = rb.documentClient(region);
    for (const claimId of claims) {
      const res = await doc.send(
        new GetCommand({ TableName: rb.table, Key: keys.claim(claimId), ConsistentRead: true }),
      );
      claimCopies.push(
        res.Item
          ? { claimId, region, status: String(res.Item.status), version: Number(res.Item.version) }
          : { claimId, region },
      );
    }
    for (const w of await queryAll(rb, region, 'WAREHOUSES')) {
      for (const s of await queryAll(rb, region, `WAREHOUSE#${w.sk}`, 'STOCK#'))
        stock.push({
          region,
          warehouseId: String(w.sk),
          partNumber: String(s.partNumber ?? String(s.sk).slice('STOCK#'.length)),
          onHand: Number(s.onHand),
          reserved: Number(s.reserved),
          ...(s.received === undefined ? {} : { received: Number(s.received) }),
          ...(s.consumed === undefined ? {} : { consumed: Number(s.consumed) }),
          reservations: (s.reservations ?? {}) as Record<string, number>,
        });
    }
    for (const status of ['RUNNING', 'FAILED', 'SUCCEEDED', 'ABORTED'] as const)
      for (const e of await rb.executions(region, status)) executions.push({ region, name: e.name, status });
  }
  const bookings: RegionState['bookings'] = [];
  if (regionsUp[0]) {
    const centres = new Set<string>();
    for (const p of await queryAll(rb, regionsUp[0], 'PARTNERS'))
      for (const c of (p.serviceCentres ?? []) as { centreId: string }[]) centres.add(c.centreId);
    for (const centreId of centres)
      for (const b of await queryAll(rb, regionsUp[0], `CENTREBOOKINGS#${centreId}`))
        bookings.push({
          centreId,
          technicianId: String(b.technicianId),
          claimId: String(b.claimId),
          start: String(b.start),
          end: String(b.end),
        });
  }
  const replication = await rb.replication();
  const emailsSent = await rb.emailsSent();
  let reminders: RegionState['reminders'];
  if (rb.endpoints.maintenanceReminders) {
    const reminderRuns: NonNullable<RegionState['reminders']>['executions'] = [];
    for (const region of regionsUp)
      for (const status of ['RUNNING', 'FAILED', 'SUCCEEDED', 'ABORTED'] as const)
        for (const e of await rb.reminderExecutions(region, status))
          reminderRuns.push({ region, name: e.name, status });
    const owed = new Set(
      reminderRuns.map((e) => reminderOfExecution(e.name)?.claimId).filter((c): c is string => !!c),
    );
    for (const c of claimCopies) if (c.status === 'CLOSED') owed.add(c.claimId);
    const closedClaims = [];
    for (const claimId of owed) closedClaims.push({ claimId, sent: await reminderSent(rb, claimId) });
    reminders = { executions: reminderRuns, closedClaims };
  }
  return {
    regionsUp,
    answered201: claims,
    claimCopies,
    ownerViews,
    stock,
    bookings,
    executions,
    ...(emailsSent ? { emailsSent } : {}),
    ...(replication ? { lostToNewerWrite: replication.lostToNewerWrite } : {}),
    ...(reminders ? { reminders } : {}),
  };
}

async function queryAll(
  rb: Runbook,
  region: string,
  pk: string,
  skPrefix?: string,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const res of rb.queryPages(region, {
    KeyConditionExpression: skPrefix ? 'pk = :p AND begins_with(sk, :s)' : 'pk = :p',
    ExpressionAttributeValues: skPrefix ? { ':p': pk, ':s': skPrefix } : { ':p': pk },
    ConsistentRead: true,
  }))
    out.push(...(res.Items ?? []));
  return out;
}

/** What every verb ends with: the invariants of issue 14 over every region that answers. */
export async function checkInvariants(
  rb: Runbook,
  answered201: Iterable<string> = [],
): Promise<InvariantReport> {
  return judgeRegionState(await readRegionState(rb, answered201));
}
