import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BackofficeClient } from '../backoffice-client.ts';
import type { Runbook } from './runbook.ts';

/** What every verb ends with: the invariants of DESIGN §3 and §9 that a move of regions must keep. */
export interface InvariantReport {
  ok: boolean;
  lines: string[];
}

// Every writer trusts an owner record it read for 5 s (GuardedTable's cache); the runbook waits a margin more.
export const OWNER_CACHE_WAIT_MS = 6_000;

export async function status(rb: Runbook, say: (l: string) => void): Promise<void> {
  const replication = await rb.replication();
  for (const home of rb.regions) {
    const seen = await Promise.all(rb.regions.map(async (r) => [r, await rb.ownerIn(r, home)] as const));
    const views = seen.map(([r, o]) => `${r}: ${o ? `${o.writerRegion} e${o.epoch}` : 'unreachable'}`);
    say(`${home} is written by … ${views.join('; ')}`);
  }
  for (const r of rb.regions) {
    const up = await rb.reachable(r);
    const running = up ? (await rb.executions(r, 'RUNNING')).length : 0;
    const failed = up ? (await rb.executions(r, 'FAILED')).length : 0;
    say(`${r}: ${up ? 'up' : 'DOWN'}, executions running ${running}, failed ${failed}`);
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
): Promise<{ moved: number; resumed: number; stopped: number; failedLeft: number; ms: number }> {
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
  const ms = Date.now() - started;
  say(
    `open claims of ${home}: ${moved}; executions stopped ${stopped}${opts.offline ? ` (a region down stops its own when back: fenced)` : ''}, resumed in ${to} ${resumed}, left for redrive ${failedLeft}; ${ms} ms`,
  );
  return { moved, resumed, stopped, failedLeft, ms };
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
    const claimIds = new Set(
      (await rb.executions(r, 'FAILED')).map((e) => e.name.replace(/-e\d+-r\d+$/, '')),
    );
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
 * The invariants after a move: every reachable region agrees on each owner record; no claim runs in
 * two regions; no claim execution left FAILED; every stock level's reserved count is the sum of its
 * live reservations, never negative nor above what is on hand.
 */
export async function checkInvariants(rb: Runbook): Promise<InvariantReport> {
  const lines: string[] = [];
  let ok = true;
  const up = (
    await Promise.all(rb.regions.map(async (r) => ((await rb.reachable(r)) ? r : undefined)))
  ).filter((r): r is string => r !== undefined);
  for (const home of rb.regions) {
    const views = await Promise.all(up.map((r) => rb.ownerIn(r, home)));
    const distinct = new Set(views.map((o) => `${o?.writerRegion}@${o?.epoch}`));
    if (distinct.size > 1) {
      ok = false;
      lines.push(`✗ owner record of ${home} differs between regions: ${[...distinct].join(', ')}`);
    }
  }
  const runningIn = new Map<string, string[]>();
  let failed = 0;
  for (const r of up) {
    for (const e of await rb.executions(r, 'RUNNING')) {
      const claimId = e.name.replace(/-e\d+-r\d+$/, '');
      runningIn.set(claimId, [...(runningIn.get(claimId) ?? []), r]);
    }
    failed += (await rb.executions(r, 'FAILED')).length;
  }
  const twice = [...runningIn].filter(([, rs]) => rs.length > 1);
  if (twice.length) ok = false;
  lines.push(`${twice.length ? '✗' : '✓'} claims running in two places: ${twice.length}`);
  if (failed) ok = false;
  lines.push(`${failed ? '✗' : '✓'} executions FAILED: ${failed}`);
  const stock = await checkStock(rb, up[0]!);
  if (stock.bad.length) ok = false;
  lines.push(
    `${stock.bad.length ? '✗' : '✓'} stock levels with reserved ≠ live reservations or below zero: ${stock.bad.length} of ${stock.levels}`,
  );
  for (const b of stock.bad) lines.push(`  ${b}`);
  return { ok, lines };
}

async function checkStock(rb: Runbook, region: string): Promise<{ levels: number; bad: string[] }> {
  const doc = rb.documentClient(region);
  const warehouses = await doc.send(
    new QueryCommand({
      TableName: rb.table,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': 'WAREHOUSES' },
    }),
  );
  const bad: string[] = [];
  let levels = 0;
  for (const w of warehouses.Items ?? []) {
    const res = await doc.send(
      new QueryCommand({
        TableName: rb.table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `WAREHOUSE#${w.sk}`, ':s': 'STOCK#' },
        ConsistentRead: true,
      }),
    );
    for (const s of res.Items ?? []) {
      levels++;
      const live = Object.values((s.reservations ?? {}) as Record<string, number>).reduce(
        (a, b) => a + Number(b),
        0,
      );
      const onHand = Number(s.onHand);
      const reserved = Number(s.reserved);
      if (reserved !== live || onHand < 0 || reserved < 0 || reserved > onHand)
        bad.push(`${s.pk}/${s.sk}: on hand ${onHand}, reserved ${reserved}, live reservations ${live}`);
    }
  }
  return { levels, bad };
}
