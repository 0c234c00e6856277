/**
 * The invariants a move of regions must keep (issue 14), judged on a snapshot of what every region
 * holds. Reading the snapshot (`readRegionState` in verbs.ts) is apart from judging it, so each
 * check can be shown to fail on a broken state (test/unit/region-invariants.test.ts).
 */
import { TERMINAL_STATUSES } from '../../domain/claim-status.ts';

export interface ClaimCopy {
  claimId: string;
  region: string;
  /** Absent: the region has no copy of the claim. */
  status?: string;
  version?: number;
}

export interface StockLevelCopy {
  /** The replica read. */
  region: string;
  warehouseId: string;
  partNumber: string;
  onHand: number;
  reserved: number;
  /** Units received (first count, restocks, count corrections) and fitted; absent on a level never counted. */
  received?: number;
  consumed?: number;
  reservations: Record<string, number>;
}

export interface BookingCopy {
  centreId: string;
  technicianId: string;
  claimId: string;
  start: string;
  end: string;
}

export interface RegionState {
  /** Regions that answered; the others are left out of every comparison. */
  regionsUp: string[];
  /** Claims a partner was answered 201 for (the drill's, or none when the runbook runs alone). */
  answered201: string[];
  claimCopies: ClaimCopy[];
  ownerViews: { home: string; region: string; writerRegion: string; epoch: number }[];
  stock: StockLevelCopy[];
  bookings: BookingCopy[];
  /** Emails sent, when the mail service can list them (the local outbox); undefined: not known. */
  emailsSent?: { claimId: string; template: string }[];
  /** Runs of the claims' workflow; a run that ended otherwise matters only as a newer run than a FAILED one. */
  executions: { region: string; name: string; status: ExecutionStatus }[];
  /** The replicating proxy's count of replicated writes that lost to a newer write of the item. */
  lostToNewerWrite?: number;
  /**
   * Maintenance reminders, where endpoints.json lists their state machines (undefined: not known):
   * every run of one in each region that answers, and the closed claims owed one (the claims
   * answered 201 that are CLOSED, and every claim a reminder ran for), each with whether its
   * once-only email record exists (the reminder has gone).
   */
  reminders?: {
    executions: { region: string; name: string; status: ExecutionStatus }[];
    closedClaims: { claimId: string; sent: boolean }[];
  };
}

export type ExecutionStatus = 'RUNNING' | 'FAILED' | 'SUCCEEDED' | 'ABORTED';

export interface InvariantCounts {
  claims: number;
  lost: number;
  duplicated: number;
  lostWrites: number;
}

export interface InvariantReport {
  ok: boolean;
  lines: string[];
  counts: InvariantCounts;
}

// Where a claim's life ends (domain/claim-status.ts TERMINAL_STATUSES): no run is owed to it.
const CLOSED_STATUSES = new Set<string>(TERMINAL_STATUSES);

/** The claim id in an execution name `<claimId>-e<epoch>-r<n>`. */
export const claimOfExecution = (name: string) => name.replace(/-e\d+-r\d+$/, '');

/** The claim and epoch of a MaintenanceReminder run `<claimId>-maintenance-e<epoch>` (undefined: not one). */
export const reminderOfExecution = (name: string): { claimId: string; epoch: number } | undefined => {
  const m = /^(.*)-maintenance-e(\d+)$/.exec(name);
  return m ? { claimId: m[1]!, epoch: Number(m[2]) } : undefined;
};

/** Where a run stands among its claim's runs: by epoch, then run number (`-e<epoch>-r<n>`). */
const runOrder = (name: string): [number, number] => {
  const m = /-e(\d+)-r(\d+)$/.exec(name);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
};

/**
 * The FAILED runs still owed a redrive: those that are their claim's newest run in any region (a
 * redrive starts run n+1 and leaves run n FAILED in the history, where it is done with).
 */
export function failedLatestRuns<E extends { name: string; status: string }>(executions: readonly E[]): E[] {
  const newest = new Map<string, [number, number]>();
  for (const e of executions) {
    const claimId = claimOfExecution(e.name);
    const order = runOrder(e.name);
    const seen = newest.get(claimId);
    if (!seen || order[0] > seen[0] || (order[0] === seen[0] && order[1] > seen[1]))
      newest.set(claimId, order);
  }
  return executions.filter((e) => {
    if (e.status !== 'FAILED') return false;
    const [epoch, run] = runOrder(e.name);
    const top = newest.get(claimOfExecution(e.name))!;
    return epoch === top[0] && run === top[1];
  });
}

export function judgeRegionState(s: RegionState): InvariantReport {
  const lines: string[] = [];
  let ok = true;
  const line = (good: boolean, text: string, details: string[] = []) => {
    if (!good) ok = false;
    lines.push(`${good ? '✓' : '✗'} ${text}`);
    for (const d of details.slice(0, 10)) lines.push(`  ${d}`);
    if (details.length > 10) lines.push(`  … ${details.length - 10} more`);
  };

  // Owner records: every region that answers names the same writer and epoch for each home.
  const ownerDiffs: string[] = [];
  for (const home of new Set(s.ownerViews.map((o) => o.home))) {
    const views = s.ownerViews.filter((o) => o.home === home && s.regionsUp.includes(o.region));
    const distinct = new Set(views.map((o) => `${o.writerRegion}@${o.epoch}`));
    if (distinct.size > 1) ownerDiffs.push(`${home}: ${[...distinct].join(', ')}`);
  }
  line(
    ownerDiffs.length === 0,
    `owner records that differ between regions: ${ownerDiffs.length}`,
    ownerDiffs,
  );

  // Claims answered 201: in every region that answers, with one status and version.
  const lost: string[] = [];
  const diverged: string[] = [];
  for (const claimId of new Set(s.answered201)) {
    const copies = s.regionsUp.map(
      (region) => s.claimCopies.find((c) => c.claimId === claimId && c.region === region) ?? { region },
    );
    const missing = copies.filter((c) => !('status' in c) || c.status === undefined).map((c) => c.region);
    if (missing.length) lost.push(`${claimId} missing in ${missing.join(', ')}`);
    const states = new Set(
      copies
        .filter((c) => 'status' in c && c.status)
        .map((c) => `${(c as ClaimCopy).status} v${(c as ClaimCopy).version}`),
    );
    if (states.size > 1) diverged.push(`${claimId}: ${[...states].join(' / ')}`);
  }
  line(
    lost.length === 0,
    `claims answered 201 missing in a region: ${lost.length} of ${new Set(s.answered201).size}`,
    lost,
  );
  line(
    diverged.length === 0,
    `claims whose status or version differs between regions: ${diverged.length}`,
    diverged,
  );

  // Stock: on hand = received − consumed; reserved = the sum of live reservations, within on hand.
  const stockBad: string[] = [];
  let counted = 0;
  for (const l of s.stock) {
    const live = Object.values(l.reservations).reduce((a, b) => a + Number(b), 0);
    const where = `${l.region}: ${l.warehouseId}/${l.partNumber}`;
    if (l.reserved !== live) stockBad.push(`${where}: reserved ${l.reserved}, live reservations ${live}`);
    if (l.onHand < 0 || l.reserved < 0 || l.reserved > l.onHand)
      stockBad.push(`${where}: on hand ${l.onHand}, reserved ${l.reserved}`);
    if (l.received !== undefined) {
      counted++;
      const consumed = l.consumed ?? 0;
      if (l.onHand !== l.received - consumed)
        stockBad.push(`${where}: on hand ${l.onHand} ≠ received ${l.received} − consumed ${consumed}`);
    }
  }
  line(
    stockBad.length === 0,
    `stock levels off (on hand ≠ received − consumed, reserved ≠ live reservations, below zero): ${stockBad.length} of ${s.stock.length} (${counted} counted)`,
    stockBad,
  );

  // Technicians: no two claims' bookings of one technician overlap.
  const doubleBooked: string[] = [];
  const byTech = new Map<string, BookingCopy[]>();
  for (const b of s.bookings) byTech.set(b.technicianId, [...(byTech.get(b.technicianId) ?? []), b]);
  for (const [tech, bs] of byTech) {
    const sorted = [...bs].sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const cur = sorted[i]!;
      if (cur.claimId !== prev.claimId && cur.start < prev.end)
        doubleBooked.push(`${tech} at ${cur.start}: ${prev.claimId} and ${cur.claimId}`);
    }
  }
  line(doubleBooked.length === 0, `technician slots booked twice: ${doubleBooked.length}`, doubleBooked);

  // Emails: one per claim and template.
  let duplicated = 0;
  if (s.emailsSent) {
    const seen = new Map<string, number>();
    for (const e of s.emailsSent)
      seen.set(`${e.claimId} ${e.template}`, (seen.get(`${e.claimId} ${e.template}`) ?? 0) + 1);
    const twice = [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} sent ${n} times`);
    duplicated = twice.length;
    line(
      twice.length === 0,
      `emails sent twice for one claim and template: ${twice.length} of ${s.emailsSent.length}`,
      twice,
    );
  } else lines.push('- emails sent twice: not known here (the mail service lists nothing)');

  // Executions: none FAILED, none running in two regions.
  const runningIn = new Map<string, Set<string>>();
  for (const e of s.executions.filter((x) => x.status === 'RUNNING')) {
    const claimId = claimOfExecution(e.name);
    runningIn.set(claimId, (runningIn.get(claimId) ?? new Set()).add(e.region));
  }
  const twice = [...runningIn]
    .filter(([, rs]) => rs.size > 1)
    .map(([c, rs]) => `${c} in ${[...rs].join(', ')}`);
  line(twice.length === 0, `claims running in two regions: ${twice.length}`, twice);
  const failedRuns = failedLatestRuns(s.executions);
  const failed = failedRuns.map((e) => `${e.name} in ${e.region}`);
  line(failed.length === 0, `executions FAILED and not redriven: ${failed.length}`, failed);

  // Claims answered 201 and still open: each has a run going somewhere (a run that was handed over
  // or stopped and never resumed leaves its claim stuck); one whose run FAILED is counted above.
  const failedClaims = new Set(failedRuns.map((e) => claimOfExecution(e.name)));
  const stuck: string[] = [];
  for (const claimId of new Set(s.answered201)) {
    const statuses = s.claimCopies
      .filter((c) => c.claimId === claimId && c.status !== undefined)
      .map((c) => String(c.status));
    if (statuses.length === 0 || statuses.some((st) => CLOSED_STATUSES.has(st))) continue;
    if (runningIn.has(claimId) || failedClaims.has(claimId)) continue;
    stuck.push(`${claimId} (${statuses[0]})`);
  }
  line(stuck.length === 0, `open claims answered 201 with no execution running: ${stuck.length}`, stuck);

  // Maintenance reminders: a closed claim whose reminder has not gone waits for it exactly once, in
  // the region that writes for its home now, under the current epoch (a reminder waiting anywhere
  // else comes due fenced and ends without an email; two would be one too many).
  if (s.reminders) {
    const owners = new Map<string, { writerRegion: string; epoch: number }>();
    for (const o of s.ownerViews) {
      const seen = owners.get(o.home);
      if (!seen || o.epoch > seen.epoch) owners.set(o.home, o);
    }
    const pending = s.reminders.closedClaims.filter((c) => !c.sent);
    const misplaced: string[] = [];
    for (const { claimId } of pending) {
      const home = [...owners.keys()].find((h) => claimId.startsWith(`CLM-${h}-`));
      const owner = home ? owners.get(home) : undefined;
      const waiting = s.reminders.executions
        .filter((e) => e.status === 'RUNNING' && reminderOfExecution(e.name)?.claimId === claimId)
        .map((e) => ({ region: e.region, epoch: reminderOfExecution(e.name)!.epoch }));
      const right =
        owner !== undefined &&
        waiting.length === 1 &&
        waiting[0]!.region === owner.writerRegion &&
        waiting[0]!.epoch === owner.epoch;
      if (!right)
        misplaced.push(
          `${claimId}: waiting ${waiting.map((w) => `in ${w.region} e${w.epoch}`).join(', ') || 'nowhere'}${owner ? ` (home written by ${owner.writerRegion} e${owner.epoch})` : ''}`,
        );
    }
    line(
      misplaced.length === 0,
      `closed claims whose maintenance reminder is not waiting once in its home region: ${misplaced.length} of ${pending.length} not yet sent`,
      misplaced,
    );
  } else lines.push('- maintenance reminders: not known here (endpoints.json lists no MaintenanceReminder)');

  // Replication: no write lost to another region's write of the same item.
  if (s.lostToNewerWrite !== undefined)
    line(
      s.lostToNewerWrite === 0,
      `writes lost to a concurrent write of the same item: ${s.lostToNewerWrite}`,
    );
  else lines.push('- writes lost to a concurrent write: not known here (no replication counter)');

  return {
    ok,
    lines,
    counts: {
      claims: new Set(s.answered201).size,
      lost: lost.length,
      duplicated: duplicated + doubleBooked.length,
      lostWrites: s.lostToNewerWrite ?? 0,
    },
  };
}
