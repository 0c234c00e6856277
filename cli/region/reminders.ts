import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { maintenanceReminderAt } from '../../domain/follow-up.ts';
import { keys } from '../../functions/data/keys.ts';
import { GLOBAL_INDEX } from '../../functions/data/table-schema.ts';
import { maintenanceExecutionName } from '../../functions/stepfunctions/execution-refs.ts';
import { MAINTENANCE_REMINDER_TEMPLATE } from '../../workflows/maintenance-reminder.ts';
import { reminderOfExecution } from './invariants.ts';
import type { Runbook } from './runbook.ts';

/**
 * The region runbook's part for maintenance reminders: a closed claim's reminder waits in its own
 * small execution, which must move with the claim when its home region is evacuated or failed back.
 */

/** Whether the claim's maintenance reminder has gone (its once-only record, in any region that answers). */
export async function reminderSent(rb: Runbook, claimId: string): Promise<boolean> {
  for (const r of rb.regions) {
    try {
      const res = await rb.documentClient(r).send(
        new GetCommand({
          TableName: rb.table,
          Key: keys.claimEmail(claimId, MAINTENANCE_REMINDER_TEMPLATE),
          ConsistentRead: true,
        }),
      );
      if (res.Item) return true;
    } catch {
      // A region down: the others have the record if it was written and replicated.
    }
  }
  return false;
}

/**
 * Moves the waiting maintenance reminders of `home`'s closed claims to `to` under `epoch`: a
 * reminder left in the old region comes due there, its email step is fenced and the state
 * machine's catch-all ends it without an email. For each reminder waiting under another epoch or
 * in another region (read where the region answers, `remindAt` from its input), one is started in
 * `to` as `<claimId>-maintenance-e<epoch>` with the same `remindAt` (by name: a retried command
 * starts it once), then the old one is stopped. A reminder whose once-only email record exists
 * has gone and is not restarted. A region down cannot be read: its closed claims' reminders are
 * started from the claim (repair date + the configured delay), and its own stale ones stop when
 * the runbook runs again once it is back (until then they are fenced and send nothing).
 */
export async function moveReminders(
  rb: Runbook,
  home: string,
  to: string,
  epoch: number,
): Promise<{ moved: number; alreadySent: number; regionsUnread: string[] } | undefined> {
  const arns = rb.endpoints.maintenanceReminders;
  if (!arns?.[to]) return undefined;
  const remindAt = new Map<string, string>();
  const stale = new Map<string, { region: string; arn: string }[]>();
  const waitingHere = new Set<string>();
  const regionsUnread: string[] = [];
  for (const r of rb.regions) {
    if (!(await rb.reachable(r))) {
      regionsUnread.push(r);
      continue;
    }
    for (const e of await rb.reminderExecutions(r, 'RUNNING')) {
      const reminder = reminderOfExecution(e.name);
      if (!reminder?.claimId.startsWith(`CLM-${home}-`)) continue;
      if (r === to && reminder.epoch === epoch) {
        waitingHere.add(reminder.claimId);
        continue;
      }
      stale.set(reminder.claimId, [...(stale.get(reminder.claimId) ?? []), { region: r, arn: e.arn }]);
      if (remindAt.has(reminder.claimId)) continue;
      const described = await rb.sfn(r).send(new DescribeExecutionCommand({ executionArn: e.arn }));
      const input = JSON.parse(described.input ?? '{}') as { remindAt?: string };
      if (input.remindAt) remindAt.set(reminder.claimId, input.remindAt);
    }
  }
  // A region that does not answer may hold reminders nobody can read: every closed claim of the
  // home is owed one unless it has gone, due a configured time after its repair.
  const delay = rb.endpoints.maintenanceReminderAfterSeconds;
  if (regionsUnread.length > 0 && delay)
    // Closed within the delay (and a day's margin): a claim closed earlier was due before now.
    for (const c of await closedClaims(rb, to, home, new Date(Date.now() - (delay + 86_400) * 1000)))
      if (!remindAt.has(c.claimId) && !waitingHere.has(c.claimId) && c.completedAt)
        remindAt.set(c.claimId, maintenanceReminderAt(c.completedAt, delay));
  let moved = 0;
  let alreadySent = 0;
  for (const [claimId, at] of remindAt) {
    if (await reminderSent(rb, claimId)) {
      alreadySent++;
      continue;
    }
    if (!waitingHere.has(claimId)) {
      try {
        await rb.sfn(to).send(
          new StartExecutionCommand({
            stateMachineArn: arns[to],
            name: maintenanceExecutionName(claimId, epoch),
            input: JSON.stringify({ claimId, epoch, remindAt: at }),
          }),
        );
      } catch (err) {
        if ((err as Error).name !== 'ExecutionAlreadyExists') throw err;
      }
      moved++;
    }
    // Stopped only once the new one waits: a command that fails in between leaves two, never none.
    for (const old of stale.get(claimId) ?? [])
      await rb
        .sfn(old.region)
        .send(
          new StopExecutionCommand({
            executionArn: old.arn,
            error: 'HandedOver',
            cause: `claim moved to ${to} at epoch ${epoch}`,
          }),
        )
        .catch(() => undefined);
  }
  return { moved, alreadySent, regionsUnread };
}

/** The claims homed in `home` closed since `since`, as `region`'s replica lists them, with their repair date. */
export async function closedClaims(
  rb: Runbook,
  region: string,
  home: string,
  since: Date,
): Promise<{ claimId: string; completedAt?: string }[]> {
  // byStatus carries the claim ids, not the claims: the repair dates are read from the table.
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await rb.documentClient(region).send(
      new QueryCommand({
        TableName: rb.table,
        IndexName: GLOBAL_INDEX.byStatus,
        // Sorted by the last change (`<updatedAt>#<claimId>`): for a closed claim, when it closed.
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk >= :since',
        ExpressionAttributeValues: { ':p': `STATUS#${home}#CLOSED`, ':since': since.toISOString() },
        ExclusiveStartKey: start,
      }),
    );
    for (const i of res.Items ?? []) ids.push(String(i.claimId));
    start = res.LastEvaluatedKey;
  } while (start);
  const out: { claimId: string; completedAt?: string }[] = [];
  for (let at = 0; at < ids.length; at += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] } & Record<string, unknown>> | undefined = {
      [rb.table]: {
        Keys: ids.slice(at, at + 100).map((id) => keys.claim(id)),
        ProjectionExpression: 'claimId, completion',
      },
    };
    while (request && Object.keys(request).length > 0) {
      const res = await rb.documentClient(region).send(new BatchGetCommand({ RequestItems: request }));
      for (const i of res.Responses?.[rb.table] ?? []) {
        const completedAt = (i.completion as { completedAt?: string } | undefined)?.completedAt;
        out.push({ claimId: String(i.claimId), ...(completedAt ? { completedAt } : {}) });
      }
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return out;
}
