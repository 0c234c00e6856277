import { describe, expect, it } from 'vitest';
import {
  type EmailCircumstances,
  FOLLOW_UP_EMAILS,
  maintenanceReminderAt,
  maskEmail,
  mayEmail,
  monthsBetween,
  npsMonth,
  OPTIONAL_EMAILS,
} from '../../domain/follow-up.ts';

const ok: EmailCircumstances = {
  consent: { followUpEmails: true, survey: true },
  suppressions: [],
  surveyAnswered: false,
};

describe('which follow-up email may go', () => {
  it('sends every email to a consenting customer whose address is fine', () => {
    for (const email of FOLLOW_UP_EMAILS) expect(mayEmail(email, ok), email).toEqual({ send: true });
  });

  it('after an unsubscribe, sends no survey or reminder but still the news about the claim', () => {
    const c = { ...ok, suppressions: ['unsubscribed' as const] };
    for (const email of FOLLOW_UP_EMAILS)
      expect(mayEmail(email, c).send, email).toBe(!OPTIONAL_EMAILS.includes(email));
  });

  it('sends nothing at all to a bounced or complaining address', () => {
    for (const reason of ['bounced', 'complained'] as const)
      for (const email of FOLLOW_UP_EMAILS)
        expect(mayEmail(email, { ...ok, suppressions: [reason] }).send, `${reason} ${email}`).toBe(false);
  });

  it('does not remind about a survey already answered', () => {
    expect(mayEmail('survey-reminder', { ...ok, surveyAnswered: true })).toEqual({
      send: false,
      why: 'the survey is already answered',
    });
    expect(mayEmail('maintenance-reminder', { ...ok, surveyAnswered: true }).send).toBe(true);
  });

  it('respects the consent the claim carries', () => {
    expect(mayEmail('survey', { ...ok, consent: { followUpEmails: true, survey: false } }).send).toBe(false);
    expect(mayEmail('decision', { ...ok, consent: { followUpEmails: true, survey: false } }).send).toBe(true);
    expect(mayEmail('decision', { ...ok, consent: { followUpEmails: false, survey: true } }).send).toBe(
      false,
    );
  });
});

describe('follow-up dates', () => {
  it('is due a configured time after the repair', () => {
    expect(maintenanceReminderAt('2026-03-18T09:00:00.000Z', 182 * 86_400)).toBe('2026-09-16T09:00:00.000Z');
  });

  it('counts NPS answers in UTC calendar months and lists months across a year end', () => {
    expect(npsMonth('2026-03-31T23:30:00-01:00')).toBe('2026-04');
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
    expect(() => monthsBetween('2026-13', '2026-02')).toThrow(RangeError);
  });

  it('masks an address for a page anyone holding the link may see', () => {
    expect(maskEmail('sita.sharma@example.com')).toBe('si•••@example.com');
    expect(maskEmail('a@b.np')).toBe('a•••@b.np');
  });
});
