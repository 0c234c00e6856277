import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { CLAIM_STATUSES, TERMINAL_STATUSES } from '../../domain/claim-status.ts';
import { moveOwnership, type OwnerRecord } from '../../domain/region.ts';
import type { WriterClock } from '../../domain/replica-freshness.ts';
import { indexKeys, keys } from '../../functions/data/keys.ts';
import { GLOBAL_INDEX } from '../../functions/data/table-schema.ts';
import { executionName } from '../../functions/stepfunctions/execution-refs.ts';
import { claimOfExecution, type ExecutionStatus } from './invariants.ts';

/**
 * The region runbook (DESIGN §3), as operations on a deployment's endpoints (`endpoints.json`: the
 * local runtime's or a deployed one's): read where every home region is written, move a home
 * region's writer (evacuate, failback) and its claims' executions, redrive failed executions, and
 * check the invariants after each. It talks to DynamoDB and Step Functions of each region directly,
 * as an operator with the account's credentials does.
 */
export interface RunbookEndpoints {
  regions: Record<string, { dynamodb?: string; sfn?: string }>;
  stateMachines: Record<string, string>;
  /**
   * The MaintenanceReminder state machine's ARN per region: closed claims' waiting reminders move
   * with their claims. Absent in an endpoints.json from before it was listed: reminders stay put.
   */
  maintenanceReminders?: Record<string, string>;
  /** The configured delay from a repair to its reminder: when it is due, for a reminder in a region down. */
  maintenanceReminderAfterSeconds?: number;
  /** The local runtime's network control (replication lag, paused pairs, regions down); absent in AWS. */
  network?: string;
  /** The local runtime's email outbox (absent in AWS, where SES keeps no list of what it sent). */
  outbox?: string;
  primaryRegion?: string;
}

export type Say = (line: string) => void;

const TABLE = process.env.CLAIMFLOW_GLOBAL_TABLE ?? 'claimflow';
const OPEN_STATUSES = CLAIM_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));

export class Runbook {
  readonly regions: string[];
  private readonly docs = new Map<string, DynamoDBDocumentClient>();
  private readonly sfns = new Map<string, SFNClient>();

  constructor(
    readonly endpoints: RunbookEndpoints,
    private readonly say: Say = () => undefined,
    private readonly credentials = process.env.AWS_ACCESS_KEY_ID
      ? undefined
      : { accessKeyId: 'claimflow-local', secretAccessKey: 'claimflow-local' },
  ) {
    this.regions = Object.keys(endpoints.regions);
  }

  readonly table = TABLE;

  documentClient(region: string): DynamoDBDocumentClient {
    return this.doc(region);
  }

  /** Every page of a Query of the global table in `region`, in turn. */
  async *queryPages(
    region: string,
    input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  ): AsyncGenerator<QueryCommandOutput> {
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc(region).send(
        new QueryCommand({ ...input, TableName: TABLE, ExclusiveStartKey: start }),
      );
      yield res;
      start = res.LastEvaluatedKey;
    } while (start);
  }

  private doc(region: string): DynamoDBDocumentClient {
    let d = this.docs.get(region);
    if (!d) {
      const endpoint = this.endpoints.regions[region]?.dynamodb;
      const client = new DynamoDBClient({
        region,
        maxAttempts: 2,
        ...(endpoint ? { endpoint } : {}),
        ...(this.credentials ? { credentials: this.credentials } : {}),
      });
      d = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
      this.docs.set(region, d);
    }
    return d;
  }

  /** Step Functions of `region` (one client per region). */
  sfn(region: string): SFNClient {
    let c = this.sfns.get(region);
    if (!c) {
      const endpoint = this.endpoints.regions[region]?.sfn;
      c = new SFNClient({
        region,
        maxAttempts: 2,
        ...(endpoint ? { endpoint } : {}),
        ...(this.credentials ? { credentials: this.credentials } : {}),
      });
      this.sfns.set(region, c);
    }
    return c;
  }

  /** The owner record of `home` as `region`'s replica has it (undefined: the region does not answer). */
  async ownerIn(region: string, home: string): Promise<OwnerRecord | undefined> {
    try {
      const res = await this.doc(region).send(
        new GetCommand({ TableName: TABLE, Key: keys.ownerRecord(home), ConsistentRead: true }),
      );
      const item = res.Item;
      return item
        ? { homeRegion: home, writerRegion: String(item.writerRegion), epoch: Number(item.epoch) }
        : { homeRegion: home, writerRegion: home, epoch: 1 };
    } catch {
      return undefined;
    }
  }

  async reachable(region: string): Promise<boolean> {
    return (await this.ownerIn(region, region)) !== undefined;
  }

  /** The replication state of the local network (pending and held deliveries), when there is one. */
  async replication(): Promise<
    { pending: number; held: number; downRegions: string[]; lostToNewerWrite: number } | undefined
  > {
    if (!this.endpoints.network) return undefined;
    const res = await fetch(this.endpoints.network);
    return (await res.json()) as {
      pending: number;
      held: number;
      downRegions: string[];
      lostToNewerWrite: number;
    };
  }

  /** Every email sent, by claim and template, where the mail service lists them (the local outbox). */
  async emailsSent(): Promise<{ claimId: string; template: string }[] | undefined> {
    if (!this.endpoints.outbox) return undefined;
    const url = new URL(this.endpoints.outbox);
    url.searchParams.set('limit', '1000');
    const res = await fetch(url);
    const { items } = (await res.json()) as { items: { tags?: Record<string, string> }[] };
    return items.map((m) => ({ claimId: String(m.tags?.claimId), template: String(m.tags?.template) }));
  }

  /** Waits until every write made so far has been delivered to every region that is up. */
  async replicationDelivered(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.replication();
      if (!r || r.pending === 0) return;
      if (Date.now() > until) throw new Error(`replication still has ${r.pending} deliveries pending`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  /** The open claims homed in `home`, as `region`'s replica lists them (index byStatus). */
  async openClaims(
    region: string,
    home: string,
  ): Promise<{ claimId: string; status: string; failed: boolean }[]> {
    const claims: { claimId: string; status: string; failed: boolean }[] = [];
    for (const status of OPEN_STATUSES)
      for await (const res of this.queryPages(region, {
        IndexName: GLOBAL_INDEX.byStatus,
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': `STATUS#${home}#${status}` },
      }))
        for (const i of res.Items ?? [])
          claims.push({
            claimId: String(i.claimId),
            status,
            failed: i.failure !== undefined && i.failure !== null,
          });
    return claims;
  }

  /**
   * Notifications of `home` that could not be sent, parked (index byStatus, `PARKED#<home>`: emails
   * the mail service refused, webhook events given up), as `region`'s replica counts them: the
   * project's dead letters, which a person looks at (the back office's outbox and deliveries list
   * them). Undefined: the region does not answer.
   */
  async parkedNotifications(region: string, home: string): Promise<number | undefined> {
    let count = 0;
    try {
      for await (const res of this.queryPages(region, {
        IndexName: GLOBAL_INDEX.byStatus,
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': indexKeys.parkedIn(home) },
        Select: 'COUNT',
      }))
        count += res.Count ?? 0;
    } catch {
      return undefined;
    }
    return count;
  }

  /** The clock `writer` stamps for `home` (`functions/data/writer-clocks.ts`), as `region`'s replica has it. */
  async writerClockIn(region: string, home: string, writer: string): Promise<WriterClock | undefined> {
    const res = await this.doc(region)
      .send(new GetCommand({ TableName: TABLE, Key: keys.writerClock(home, writer) }))
      .catch(() => undefined);
    const item = res?.Item;
    if (!item || typeof item.at !== 'string') return undefined;
    return {
      writerRegion: String(item.writerRegion),
      at: item.at,
      ...(typeof item.previousAt === 'string' ? { previousAt: item.previousAt } : {}),
    };
  }

  /** Executions of the ClaimLifecycle in `region` with a status (a region that does not answer: none). */
  executions(region: string, status: ExecutionStatus): Promise<{ name: string; arn: string }[]> {
    return this.executionsOf(this.endpoints.stateMachines[region], region, status);
  }

  /** Executions of the MaintenanceReminder in `region` (none when endpoints.json does not list it). */
  reminderExecutions(region: string, status: ExecutionStatus): Promise<{ name: string; arn: string }[]> {
    const arn = this.endpoints.maintenanceReminders?.[region];
    return arn ? this.executionsOf(arn, region, status) : Promise.resolve([]);
  }

  private async executionsOf(
    stateMachineArn: string | undefined,
    region: string,
    status: ExecutionStatus,
  ): Promise<{ name: string; arn: string }[]> {
    const out: { name: string; arn: string }[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const res = await this.sfn(region).send(
          new ListExecutionsCommand({
            stateMachineArn,
            statusFilter: status,
            nextToken,
          }),
        );
        for (const e of res.executions ?? []) out.push({ name: e.name!, arn: e.executionArn! });
        nextToken = res.nextToken;
      } while (nextToken);
    } catch {
      // A region that is down has no executions anyone can act on now; status says it is unreachable.
    }
    return out;
  }

  /**
   * Moves the writing of `home`'s items to `to` under the next epoch. Live: written in the primary
   * (owner records are HQ's) and read back in every region. Offline (`from` down): written in `to`
   * only and replicated to every region that answers before anything else moves; the one that is
   * down learns it when it is back. One write, not one per region: copies written apart replicate
   * over each other (a write lost to a concurrent write, which the invariants count).
   */
  async moveOwner(home: string, to: string, offline: boolean): Promise<OwnerRecord> {
    const primary = this.endpoints.primaryRegion ?? this.regions[0]!;
    const candidates = offline ? [to] : [primary];
    let current: OwnerRecord | undefined;
    for (const r of this.regions) {
      const o = await this.ownerIn(r, home);
      if (o && (!current || o.epoch > current.epoch)) current = o;
    }
    if (!current) throw new Error(`no region answers for the owner record of ${home}`);
    const next = moveOwnership(current, to);
    if (next === current) return current;
    for (const r of candidates) {
      if (offline && !(await this.reachable(r))) continue;
      await this.doc(r)
        .send(
          new PutCommand({
            TableName: TABLE,
            Item: {
              ...keys.ownerRecord(home),
              type: 'OwnerRecord',
              region: home,
              homeRegion: primary,
              // The owner record is the primary's item: stamped with the primary's epoch (the guard's
              // rule for every item), not with the epoch it hands out.
              ownerEpoch: home === primary ? next.epoch : ((await this.ownerIn(r, primary))?.epoch ?? 1),
              writerRegion: next.writerRegion,
              epoch: next.epoch,
            },
            // Never backwards: a retried command, or two operators, cannot lower the epoch.
            ConditionExpression: 'attribute_not_exists(epoch) OR epoch < :e',
            ExpressionAttributeValues: { ':e': next.epoch },
          }),
        )
        .catch((err: Error) => {
          if (err.name !== 'ConditionalCheckFailedException') throw err;
        });
    }
    if (offline) await this.replicationDelivered();
    this.say(
      `owner record of ${home}: writer ${current.writerRegion} → ${next.writerRegion}, epoch ${current.epoch} → ${next.epoch}`,
    );
    return next;
  }

  /**
   * Stops, in every reachable region, the executions of `home`'s claims under another epoch than
   * `epoch` (in `to` too: a run it kept from before a failback, or one a cut-off region started, is
   * fenced and would end at its next step, leaving its claim with no run); starts in `to` one
   * execution per open claim that has none running there under `epoch`. Names are
   * `<claimId>-e<epoch>-r<n>`: a retried command finds its run running and starts nothing twice; a
   * run of this epoch that already ended (handed over on a stale read) is followed by the next `n`.
   * Each step of the new run finds its own work on the claim.
   */
  async moveExecutions(
    home: string,
    to: string,
    epoch: number,
  ): Promise<{ stopped: number; resumed: number; failedLeft: number }> {
    let stopped = 0;
    const runningHere = new Set<string>();
    for (const r of this.regions) {
      for (const e of await this.executions(r, 'RUNNING')) {
        if (!e.name.startsWith(`CLM-${home}-`)) continue;
        if (r === to && epochOfExecution(e.name) === epoch) {
          runningHere.add(claimOfExecution(e.name));
          continue;
        }
        await this.sfn(r)
          .send(
            new StopExecutionCommand({
              executionArn: e.arn,
              error: 'HandedOver',
              cause: `claim moved to ${to} at epoch ${epoch}`,
            }),
          )
          .then(() => stopped++)
          .catch(() => undefined);
      }
    }
    let resumed = 0;
    let failedLeft = 0;
    for (const c of await this.openClaims(to, home)) {
      if (c.failed) {
        failedLeft++; // a compensated claim is redriven by a manager, not resumed
        continue;
      }
      if (runningHere.has(c.claimId)) continue;
      for (let run = 1; run <= MAX_RUNS_PER_EPOCH; run++) {
        try {
          await this.sfn(to).send(
            new StartExecutionCommand({
              stateMachineArn: this.endpoints.stateMachines[to],
              name: executionName(c.claimId, epoch, run),
              input: JSON.stringify({ claimId: c.claimId, epoch }),
            }),
          );
          resumed++;
          break;
        } catch (err) {
          if ((err as Error).name !== 'ExecutionAlreadyExists') throw err;
        }
      }
    }
    return { stopped, resumed, failedLeft };
  }
}

// Runs of one claim under one epoch: redrives and resumptions; far more means something loops.
const MAX_RUNS_PER_EPOCH = 20;

/** The epoch in an execution name `<claimId>-e<epoch>-r<n>` (undefined: not a claim run). */
const epochOfExecution = (name: string): number | undefined => {
  const m = /-e(\d+)-r\d+$/.exec(name);
  return m ? Number(m[1]) : undefined;
};
