import { createHash } from 'node:crypto';
import { SUPPRESSION_REASONS, type SuppressionReason } from '../../domain/follow-up.ts';
import { ConditionFailedError, type GuardedTable, TransactionFailedError } from './guarded-table.ts';
import { indexKeys, keys } from './keys.ts';

/**
 * What the follow-up writes to the global table: the once-only record of each email, the survey
 * answer with its NPS copy, and suppressed addresses. Every item has the claim's home region as its
 * home and is written through a GuardedTable of the region that writes for it now (the caller
 * passes it: the workflow's own, under the execution's epoch, or the current writer's).
 */

export const emailHash = (email: string): string =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

export interface ClaimRef {
  readonly claimId: string;
  readonly homeRegion: string;
}

export interface EmailRecord {
  readonly template: string;
  readonly state: 'sending' | 'sent' | 'unknown';
  readonly at: string;
  readonly language?: string;
  readonly messageId?: string;
  readonly subject?: string;
}

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

const conditionFailed = (err: unknown) =>
  err instanceof ConditionFailedError ||
  (err instanceof TransactionFailedError && err.reasons.some((r) => r.code === 'ConditionalCheckFailed'));

export class FollowUpStore {
  /** `reader`: the local replica, for reads. Writes go through the table each method is given. */
  constructor(private readonly reader: GuardedTable) {}

  /**
   * Records that `template` goes to the claim's customer: true the first time, false ever after.
   * Written before sending, so a task that runs twice, or another region after a failover (which
   * reads the replicated record), does not send again.
   */
  async claimEmail(writer: GuardedTable, claim: ClaimRef, template: string, at: string): Promise<boolean> {
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
        { expression: 'attribute_not_exists(pk)' },
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionFailedError) return false;
      throw err;
    }
  }

  async markEmail(
    writer: GuardedTable,
    claim: ClaimRef,
    template: string,
    detail: { state: 'sent' | 'unknown'; messageId?: string; language?: string; subject?: string },
  ): Promise<void> {
    await writer.update({
      key: keys.claimEmail(claim.claimId, template),
      homeRegion: claim.homeRegion,
      expression: 'SET #s = :s, messageId = :m, #l = :l, subject = :subject',
      names: { '#s': 'state', '#l': 'language' },
      values: {
        ':s': detail.state,
        ':m': detail.messageId ?? null,
        ':l': detail.language ?? null,
        ':subject': detail.subject ?? null,
      },
    });
  }

  /** Removes the record of an email SES refused (so the retry can send); never of one that may have gone. */
  async forgetEmail(writer: GuardedTable, claim: ClaimRef, template: string): Promise<void> {
    await writer.delete(keys.claimEmail(claim.claimId, template), claim.homeRegion);
  }

  async emailsOf(claimId: string): Promise<EmailRecord[]> {
    const res = await this.reader.query<EmailRecord>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)',
      ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':email': 'EMAIL#' },
      ConsistentRead: true,
    });
    return res.items;
  }

  /**
   * Records the survey answer once, with its NPS copy, in one transaction: a second answer (another
   * click, a replayed form) finds the first and changes nothing.
   */
  async recordSurveyAnswer(
    writer: GuardedTable,
    homeRegion: string,
    answer: SurveyAnswerRecord,
    month: string,
  ) {
    const once = { expression: 'attribute_not_exists(pk)' };
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

  async surveyAnswer(claimId: string): Promise<SurveyAnswerRecord | undefined> {
    return this.reader.get<SurveyAnswerRecord>(keys.surveyAnswer(claimId), true);
  }

  /** The NPS entries of one home region and month, optionally of one partner: one paginated Query. */
  async npsEntries(region: string, month: string, partnerId?: string): Promise<NpsEntry[]> {
    const out: NpsEntry[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const res = await this.reader.query<NpsEntry>({
        KeyConditionExpression: partnerId ? 'pk = :pk AND begins_with(sk, :partner)' : 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': `NPS#${region}#${month}`,
          ...(partnerId ? { ':partner': `${partnerId}#` } : {}),
        },
        ProjectionExpression: 'claimId, partnerId, centreId, #r, score, #c, #at',
        ExpressionAttributeNames: { '#r': 'region', '#at': 'at', '#c': 'comment' },
        ExclusiveStartKey: cursor,
      });
      out.push(...res.items);
      cursor = res.lastKey;
    } while (cursor);
    return out;
  }

  /**
   * Suppresses an address for `reason`, as a record homed in `homeRegion` (the claim's region).
   * Recording it again is harmless: the first record stays.
   */
  async suppress(
    writer: GuardedTable,
    email: string,
    homeRegion: string,
    reason: SuppressionReason,
    detail: { claimId?: string; at: string; source: string },
  ): Promise<void> {
    try {
      await writer.put(
        {
          ...keys.suppression(emailHash(email), homeRegion, reason),
          homeRegion,
          type: 'Suppression',
          reason,
          ...detail,
        },
        { expression: 'attribute_not_exists(pk)' },
      );
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
    }
  }

  /** Every reason the address is suppressed for, recorded in any region (read from this replica). */
  async suppressionsOf(email: string): Promise<SuppressionReason[]> {
    const res = await this.reader.query<{ reason: string }>({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `SUPPRESS#${emailHash(email)}` },
      ProjectionExpression: 'reason',
      ConsistentRead: true,
    });
    const known = new Set<string>(SUPPRESSION_REASONS);
    return [...new Set(res.items.map((i) => i.reason).filter((r): r is SuppressionReason => known.has(r)))];
  }
}
