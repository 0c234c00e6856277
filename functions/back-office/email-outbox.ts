import { monthsBetween, npsMonth } from '../../domain/follow-up.ts';
import type { EmailRecord } from '../../domain/ports.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

export interface OutboxEmail {
  claimId: string;
  template: string;
  /** The customer's address (from the claim). */
  to?: string;
  language?: string;
  /** When the once-only record was written, just before SES was asked to send. */
  sentAt: string;
  /** sending (not confirmed yet), sent (SES took it), unknown (SES's answer was lost). */
  state: EmailRecord['state'];
  subject?: string;
  messageId?: string;
}

/** A region's latest emails are looked for in this month and the two before it. */
const OUTBOX_MONTHS = 3;

/**
 * The emails of one claim (its once-only records), or the latest of a region: the byOutbox index,
 * one partition per region and month, read newest first from this month back to two months ago.
 * Newest first either way; records written before the index existed are found by claim only.
 */
export function emailOutbox(
  deps: Pick<BackOfficeDependencies, 'emails' | 'followUp' | 'claimReads' | 'clock'>,
) {
  const toOutboxEmail = (
    r: EmailRecord & { claimId: string },
    to: ReadonlyMap<string, { customer?: { email?: string } }>,
  ): OutboxEmail => {
    const address = to.get(r.claimId)?.customer?.email;
    return {
      claimId: r.claimId,
      template: String(r.template),
      ...(address ? { to: address } : {}),
      ...(r.language ? { language: String(r.language) } : {}),
      sentAt: String(r.at),
      state: r.state,
      ...(r.subject ? { subject: String(r.subject) } : {}),
      ...(r.messageId ? { messageId: String(r.messageId) } : {}),
    };
  };
  const recipients = (claimIds: readonly string[]) =>
    claimIds.length ? deps.claimReads.readMany(claimIds, ['customer.email']) : new Map();

  return async (q: {
    claimId?: string;
    region: string;
    limit: number;
  }): Promise<{ items: OutboxEmail[] }> => {
    let records: (EmailRecord & { claimId: string })[];
    if (q.claimId) {
      const claimId = q.claimId;
      records = (await deps.emails.emailsOf(claimId))
        .map((r) => ({ ...r, claimId }))
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, q.limit);
    } else {
      const now = deps.clock.now();
      const months = monthsBetween(
        npsMonth(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (OUTBOX_MONTHS - 1), 1))),
        npsMonth(now),
      ).reverse();
      records = [];
      for (const month of months) {
        if (records.length >= q.limit) break;
        records.push(...(await deps.followUp.latestEmails(q.region, month, q.limit - records.length)));
      }
    }
    const to = await recipients(records.map((r) => r.claimId));
    return { items: records.map((r) => toOutboxEmail(r, to)) };
  };
}
