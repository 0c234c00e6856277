import {
  COST_REGIONS,
  type CostRegion,
  dollars,
  lambdaGbSeconds,
  type PriceName,
} from '../domain/cost-model.ts';
import type { CapacityLine } from '../local/dynamodb/capacity-meter.ts';

/**
 * The arithmetic of `npm run bench cost` (bench/cost.ts), apart from the runtime so that it is
 * tested: state transitions from execution histories, and what a phase's counts cost at the prices
 * of `domain/cost-model.ts`.
 */

/**
 * Standard state transitions of one execution, from its history: every state entered, and every
 * retry of a task (a task scheduled again without the state being entered again), as AWS bills
 * them. Nothing here knows the workflow's states.
 */
export function transitionsOf(events: readonly { type?: string }[]): number {
  let entered = 0;
  let tasksEntered = 0;
  let scheduled = 0;
  for (const { type } of events) {
    if (!type) continue;
    if (type.endsWith('StateEntered')) {
      entered += 1;
      if (type === 'TaskStateEntered') tasksEntered += 1;
    } else if (type === 'TaskScheduled' || type === 'LambdaFunctionScheduled') scheduled += 1;
  }
  return entered + Math.max(0, scheduled - tasksEntered);
}

/** What a set of claims used, counted by the runtime, per region. */
export interface Usage {
  claims: number;
  /** Standard workflow executions the claims caused (ClaimLifecycle and any other machine). */
  executions: number;
  transitions: { region: string; count: number }[];
  lambda: { region: string; functionName: string; memoryMb: number; invocations: number; billedMs: number }[];
  capacity: CapacityLine[];
  api: { region: string; api: 'rest' | 'http'; requests: number }[];
  /** Email recipients (SES bills each). */
  emails: { region: string; recipients: number }[];
}

/** One line of the bill: a count and its dollars, both for all the claims of the usage. */
export interface BillLine {
  count: number;
  usd: number;
}

export const BILL_LINES = [
  'transitions',
  'lambdaRequests',
  'lambdaGbSeconds',
  'writeUnits',
  'gsiWriteUnits',
  'replicatedWriteUnits',
  'readUnits',
  'refusedWrites',
  'apiRequests',
  'emails',
] as const;
export type BillLineName = (typeof BILL_LINES)[number];
export type Bill = Record<BillLineName, BillLine>;

const asCostRegion = (region: string): CostRegion => {
  if (!(COST_REGIONS as readonly string[]).includes(region))
    throw new Error(`no prices for region ${region} (domain/cost-model.ts COST_REGIONS)`);
  return region as CostRegion;
};

/** The bill of a usage, at list prices. Replica checks (`replicaApplied`) are not billed. */
export function billOf(u: Usage): Bill {
  const bill = Object.fromEntries(BILL_LINES.map((n) => [n, { count: 0, usd: 0 }])) as Bill;
  const add = (line: BillLineName, price: PriceName, count: number, region: string) => {
    bill[line].count += count;
    bill[line].usd += dollars(price, count, asCostRegion(region));
  };
  for (const t of u.transitions) add('transitions', 'stepFunctionsTransition', t.count, t.region);
  for (const l of u.lambda) {
    add('lambdaRequests', 'lambdaRequest', l.invocations, l.region);
    add('lambdaGbSeconds', 'lambdaArmGbSecond', lambdaGbSeconds(l.memoryMb, [l.billedMs]), l.region);
  }
  for (const c of u.capacity) {
    if (c.kind === 'read') add('readUnits', 'dynamoDbReadUnit', c.units, c.region);
    else if (c.kind === 'write')
      add(c.index ? 'gsiWriteUnits' : 'writeUnits', 'dynamoDbWriteUnit', c.units, c.region);
    else if (c.kind === 'replicatedWrite')
      add('replicatedWriteUnits', 'dynamoDbReplicatedWriteUnit', c.units, c.region);
    else if (c.kind === 'refusedWrite') add('refusedWrites', 'dynamoDbWriteUnit', c.units, c.region);
  }
  for (const a of u.api)
    add('apiRequests', a.api === 'rest' ? 'restApiRequest' : 'httpApiRequest', a.requests, a.region);
  for (const e of u.emails) add('emails', 'email', e.recipients, e.region);
  return bill;
}

export const totalUsd = (bill: Bill): number => BILL_LINES.reduce((s, n) => s + bill[n].usd, 0);

/** A bill per claim: every count and dollar divided by the claims. */
export function perClaim(bill: Bill, claims: number): Bill {
  return Object.fromEntries(
    BILL_LINES.map((n) => [n, { count: bill[n].count / claims, usd: bill[n].usd / claims }]),
  ) as Bill;
}

/** The per-claim bill of a mix: each path's per-claim bill weighted by its share of the mix. */
export function mixBill(
  perPath: Readonly<Record<string, Bill>>,
  weights: Readonly<Record<string, number>>,
): Bill {
  const total = Object.values(weights).reduce((s, w) => s + w, 0);
  const bill = Object.fromEntries(BILL_LINES.map((n) => [n, { count: 0, usd: 0 }])) as Bill;
  for (const [path, w] of Object.entries(weights)) {
    const b = perPath[path];
    if (!b) throw new Error(`no measured bill for path ${path}`);
    for (const n of BILL_LINES) {
      bill[n].count += (b[n].count * w) / total;
      bill[n].usd += (b[n].usd * w) / total;
    }
  }
  return bill;
}

/**
 * `after` less `before` less the background (what the runtime does with no claim: scheduled
 * functions polling), pro rata of the time: `background` was measured over a window `ratio` times
 * shorter than the phase. Each of `fields` is subtracted, never below zero; rows left with nothing
 * are dropped.
 */
export function lessBackground<T extends object>(
  before: readonly T[],
  after: readonly T[],
  background: readonly T[],
  ratio: number,
  key: (t: T) => string,
  fields: readonly (keyof T)[],
): T[] {
  const was = new Map(before.map((t) => [key(t), t]));
  const idle = new Map(background.map((t) => [key(t), t]));
  const num = (t: T | undefined, f: keyof T) => (t === undefined ? 0 : Number(t[f]));
  return after
    .map((t) => {
      const out = { ...t };
      for (const f of fields)
        (out as Record<keyof T, unknown>)[f] = Math.max(
          0,
          num(t, f) - num(was.get(key(t)), f) - num(idle.get(key(t)), f) * ratio,
        );
      return out;
    })
    .filter((t) => fields.some((f) => num(t, f) > 0));
}
