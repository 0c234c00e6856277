import { createHash } from 'node:crypto';
import type { Claim } from '../../domain/claim.ts';
import { type FollowUpEmail, SUPPRESSION_REASONS, type SuppressionReason } from '../../domain/follow-up.ts';
import type { EmailLog, EmailOutcome, EmailRecord } from '../../domain/ports.ts';
import { ConditionFailedError, type GuardedTable, TransactionFailedError } from './guarded-table.ts';
import { indexKeys, keys } from './keys.ts';
import { queryAll } from './table-reads.ts';
import { GLOBAL_INDEX } from './table-schema.ts';

/**
 * What the follow-up writes to the global table: the once-only record of each email, the survey
 * answer with its NPS copy, and suppressed addresses. Every item has the claim's home region as its
 * home. Email records are written by the workflow under its execution's epoch; answers and
 * suppressions through the region that writes for the home region now (`writerFor`).
 */

export const emailHash = (email: string): string =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

export interface SurveyAnswerRecord {
  readonly claimId: string;
  readonly partnerId: string;
  readonly centreId?: string;
  readonly region: string;
  readonly score: number;
  readonly comment?: string;
  readonly at: string;
}

export interface NpsEntry {
  readonly claimId: string;
  readonly partnerId: string;
  /** The service centre of the claim (answers recorded before centres were kept have none). */
  readonly centreId?: string;
  readonly region: string;
  readonly score: number;
  /** The customer's comment, copied here so the back office reads feedback without a read per claim. */
  readonly comment?: string;
  readonly at: string;
}

/** An email's once-only record as the outbox lists it. */
export type OutboxRecord = EmailRecord & { readonly claimId: string };

const conditionFailed = (err: unknown) =>
  err instanceof ConditionFailedError ||
  (err instanceof TransactionFailedError && err.reasons.some((r) => r.code === 'ConditionalCheckFailed'));

// First attempt, or again after one the mail service refused (certainly not sent).
const once = {
  expression: 'attribute_not_exists(pk) OR #cfMailState = :cfFailed',
  names: { '#cfMailState': 'state' },
  values: { ':cfFailed': 'failed' },
};

export class FollowUpStore implements EmailLog {
  constructor(
    /** The local replica, for reads; under an epoch, for the workflow's writes. */
    private readonly table: GuardedTable,
    /** The global table of the region that writes a home region's items now. */
    private readonly writerFor: (homeRegion: string) => Promise<GuardedTable>,
  ) {}

  /**
   * Records that `template` goes to the claim's customer: true the first time, false ever after.
   * Written before sending, so a task that runs twice, or another region after a failover (which
   * reads the replicated record), does not send again.
   */
  async begin(claim: Claim, template: FollowUpEmail, at: string, epoch: number): Promise<boolean> {
    const writer = this.table.withEpoch(epoch);
    try {
      await writer.put(
        {
          ...keys.claimEmail(claim.claimId, template),
          ...indexKeys.emailByRegion(claim.homeRegion, at, claim.claimId, template),
          homeRegion: claim.homeRegion,
          type: 'EmailRecord',
          claimId: claim.claimId,
          template,
          state: 'sending',
          at,
          writtenIn: writer.writerRegion,
        },
        once,
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionFailedError) return false;
      throw err;
    }
  }

  async finish(claim: Claim, template: FollowUpEmail, outcome: EmailOutcome, epoch: number): Promise<void> {
    const set = 'SET #s = :s, messageId = :m, #l = :l, subject = :subject, reason = :reason';
    // Refused: parked (index byStatus, PARKED#<home>) until a retry sends it; any other outcome leaves.
    const parked =
      outcome.state === 'failed'
        ? indexKeys.parked(
            claim.homeRegion,
            new Date().toISOString(),
            'email',
            `${claim.claimId}#${template}`,
          )
        : undefined;
    await this.table.withEpoch(epoch).update({
      key: keys.claimEmail(claim.claimId, template),
      homeRegion: claim.homeRegion,
      expression: parked ? `${set}, gsi2pk = :pk2, gsi2sk = :sk2` : `${set} REMOVE gsi2pk, gsi2sk`,
      names: { '#s': 'state', '#l': 'language' },
      values: {
        ':s': outcome.state,
        ':m': outcome.messageId ?? null,
        ':l': outcome.language ?? null,
        ':subject': outcome.subject ?? null,
        ':reason': outcome.reason ?? null,
        ...(parked ? { ':pk2': parked.gsi2pk, ':sk2': parked.gsi2sk } : {}),
      },
    });
  }

  /** Removes the record of an email certainly not sent (so the retry can send); never of one that may have gone. */
  async forget(claim: Claim, template: FollowUpEmail, epoch: number): Promise<void> {
    await this.table.withEpoch(epoch).delete(keys.claimEmail(claim.claimId, template), claim.homeRegion);
  }

  async emailsOf(claimId: string): Promise<EmailRecord[]> {
    const res = await this.table.query<EmailRecord>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)',
      ExpressionAttributeValues: {
        ':pk': keys.claimEmail(claimId, '').pk,
        ':email': keys.claimEmail('', '').sk,
      },
      ConsistentRead: true,
    });
    return res.items;
  }

  /** A region's emails of one month (index byOutbox), newest first, at most `limit`. */
  async latestEmails(region: string, month: string, limit: number): Promise<OutboxRecord[]> {
    const { items } = await queryAll<OutboxRecord>(
      this.table,
      {
        IndexName: GLOBAL_INDEX.byOutbox,
        KeyConditionExpression: 'gsi5pk = :p',
        ExpressionAttributeValues: { ':p': indexKeys.emailByRegion(region, `${month}-01`, '', '').gsi5pk },
        ScanIndexForward: false,
        Limit: limit,
      },
      limit,
    );
    return items;
  }

  /**
   * Records the survey answer once, with its NPS copy, in one transaction in the claim's home region:
   * a second answer (another click, a replayed form) finds the first and changes nothing.
   */
  async recordSurveyAnswer(homeRegion: string, answer: SurveyAnswerRecord, month: string) {
    const writer = await this.writerFor(homeRegion);
    try {
      await writer.transact([
        {
          put: { ...keys.surveyAnswer(answer.claimId), homeRegion, type: 'SurveyAnswer', ...answer },
          condition: once,
        },
        {
          put: {
            ...keys.npsAnswer(answer.region, month, answer.partnerId, answer.claimId),
            homeRegion,
            type: 'NpsAnswer',
            claimId: answer.claimId,
            partnerId: answer.partnerId,
            ...(answer.centreId ? { centreId: answer.centreId } : {}),
            region: answer.region,
            score: answer.score,
            ...(answer.comment ? { comment: answer.comment } : {}),
            at: answer.at,
          },
          condition: once,
        },
      ]);
      return 'recorded' as const;
    } catch (err) {
      if (conditionFailed(err)) return 'already' as const;
      throw err;
    }
  }

  async surveyAnswered(claimId: string): Promise<boolean> {
    return (await this.table.get(keys.surveyAnswer(claimId), true)) !== undefined;
  }

  /** The NPS entries of one home region and month, optionally of one partner: one paginated Query. */
  async npsEntries(region: string, month: string, partnerId?: string): Promise<NpsEntry[]> {
    const { items } = await queryAll<NpsEntry>(this.table, {
      KeyConditionExpression: partnerId ? 'pk = :pk AND begins_with(sk, :partner)' : 'pk = :pk',
      ExpressionAttributeValues: {
        ':pk': keys.npsAnswer(region, month, '', '').pk,
        ...(partnerId ? { ':partner': `${partnerId}#` } : {}),
      },
      ProjectionExpression: 'claimId, partnerId, centreId, #r, score, #c, #at',
      ExpressionAttributeNames: { '#r': 'region', '#at': 'at', '#c': 'comment' },
    });
    return items;
  }

  /**
   * Suppresses an address for `reason`, as a record homed in `homeRegion` (the claim's region).
   * Recording it again is harmless: the first record stays.
   */
  async suppress(
    email: string,
    homeRegion: string,
    reason: SuppressionReason,
    detail: { claimId?: string; at: string; source: string },
  ): Promise<void> {
    const writer = await this.writerFor(homeRegion);
    try {
      await writer.put(
        {
          ...keys.suppression(emailHash(email), homeRegion, reason),
          homeRegion,
          type: 'Suppression',
          reason,
          ...detail,
        },
        once,
      );
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
    }
  }

  /** Every reason the address is suppressed for, recorded in any region (read from this replica). */
  async suppressionsOf(email: string): Promise<SuppressionReason[]> {
    const res = await this.table.query<{ reason: string }>({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.suppression(emailHash(email), '', '').pk },
      ProjectionExpression: 'reason',
      ConsistentRead: true,
    });
    const known = new Set<string>(SUPPRESSION_REASONS);
    return [...new Set(res.items.map((i) => i.reason).filter((r): r is SuppressionReason => known.has(r)))];
  }
}
