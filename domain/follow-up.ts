import type { Consent } from './customer.ts';

/**
 * Following up with the customer by email (DESIGN §8): which emails a claim sends, which of them
 * the customer may turn off, and when an address must get nothing more.
 */

/** Every email a claim's customer can get, in the order of a claim's life. */
export const FOLLOW_UP_EMAILS = [
  'received',
  'decision',
  'appointment',
  'repair-done',
  'survey',
  'survey-reminder',
  'maintenance-reminder',
  /** The claim waits for a backordered part: when it is expected (and the approval, if not told yet). */
  'waiting-for-parts',
  'cancelled',
  'failed',
] as const;
export type FollowUpEmail = (typeof FOLLOW_UP_EMAILS)[number];

/**
 * Asks and reminders: the unsubscribe link turns these off. The others are news about the
 * customer's own claim, which keeps coming until the address bounces.
 */
export const OPTIONAL_EMAILS: readonly FollowUpEmail[] = [
  'survey',
  'survey-reminder',
  'maintenance-reminder',
];

/** Why an address is suppressed: the customer unsubscribed, or SES reported it undeliverable. */
export const SUPPRESSION_REASONS = ['unsubscribed', 'bounced', 'complained'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export type EmailDecision = { readonly send: true } | { readonly send: false; readonly why: string };

export interface EmailCircumstances {
  readonly consent: Consent;
  /** Every suppression recorded for the customer's address, in any region. */
  readonly suppressions: readonly SuppressionReason[];
  /** Whether the customer already answered this claim's survey. */
  readonly surveyAnswered: boolean;
}

/**
 * Whether `email` may go to the customer now. A bounced or complained address gets nothing more
 * (SES would count every further send against the account's reputation); an unsubscribed one gets
 * no survey and no reminder; a survey already answered is not reminded.
 */
export function mayEmail(email: FollowUpEmail, c: EmailCircumstances): EmailDecision {
  if (c.suppressions.includes('bounced')) return { send: false, why: 'the address bounced' };
  if (c.suppressions.includes('complained'))
    return { send: false, why: 'the customer reported our email as spam' };
  if (!c.consent.followUpEmails) return { send: false, why: 'no consent to follow-up emails' };
  if (OPTIONAL_EMAILS.includes(email)) {
    if (c.suppressions.includes('unsubscribed'))
      return { send: false, why: 'unsubscribed from surveys and reminders' };
    if ((email === 'survey' || email === 'survey-reminder') && !c.consent.survey)
      return { send: false, why: 'no consent to surveys' };
  }
  if (email === 'survey-reminder' && c.surveyAnswered)
    return { send: false, why: 'the survey is already answered' };
  return { send: true };
}

/** When the maintenance reminder is due: a configured time after the repair was completed. */
export function maintenanceReminderAt(completedAt: string, afterSeconds: number): string {
  return new Date(Date.parse(completedAt) + afterSeconds * 1000).toISOString();
}

/** The calendar month (UTC) an NPS answer counts in: `YYYY-MM`. */
export const npsMonth = (at: Date | string): string => new Date(at).toISOString().slice(0, 7);

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const isMonth = (value: string): boolean => MONTH.test(value);

/** The months from `from` to `to`, both included (`YYYY-MM`); empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  if (!isMonth(from) || !isMonth(to)) throw new RangeError(`months are YYYY-MM, got ${from} and ${to}`);
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7));
  while (y * 12 + m <= end) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** `a***@example.com`: enough for a customer to recognise their address on a page anyone could open. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const shown = local.length <= 2 ? local.slice(0, 1) : local.slice(0, 2);
  return `${shown}•••@${domain}`;
}
