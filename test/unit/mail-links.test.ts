import { describe, expect, it } from 'vitest';
import { emailLinks, publicUrl, signLink, verifyLink } from '../../functions/mail/links.ts';

const SECRET = 'a-test-secret-of-some-length';
const CLAIM = 'CLM-ap-south-1-01JQ8ZK3M4N5P6Q7R8S9T0V1W2';
const NOW = new Date('2026-03-12T06:00:00Z');
const IN_30_DAYS = new Date('2026-04-11T06:00:00Z');

describe('signed links', () => {
  it('verifies a link it signed, for its purpose, until it expires', () => {
    const token = signLink(SECRET, 'survey', CLAIM, IN_30_DAYS);
    expect(verifyLink(SECRET, token, 'survey', NOW)).toEqual({
      ok: true,
      claimId: CLAIM,
      expiresAt: IN_30_DAYS,
    });
  });

  it('refuses a link whose claim id was changed', () => {
    const token = signLink(SECRET, 'survey', CLAIM, IN_30_DAYS);
    const other = token.replace(CLAIM, 'CLM-ap-south-1-01JQ8ZK3M4N5P6Q7R8S9T0V1W3');
    expect(verifyLink(SECRET, other, 'survey', NOW)).toEqual({ ok: false, why: 'forged' });
  });

  it('refuses a link whose expiry was pushed back', () => {
    const [p, c, , sig] = signLink(SECRET, 'survey', CLAIM, IN_30_DAYS).split('.');
    const later = Math.floor(Date.parse('2030-01-01T00:00:00Z') / 1000).toString(36);
    expect(verifyLink(SECRET, [p, c, later, sig].join('.'), 'survey', NOW)).toEqual({
      ok: false,
      why: 'forged',
    });
  });

  it('refuses a status link used as a survey or unsubscribe link', () => {
    const status = signLink(SECRET, 'status', CLAIM, IN_30_DAYS);
    expect(verifyLink(SECRET, status, 'survey', NOW)).toEqual({ ok: false, why: 'forged' });
    const relabelled = status.replace(/^status\./, 'unsubscribe.');
    expect(verifyLink(SECRET, relabelled, 'unsubscribe', NOW)).toEqual({ ok: false, why: 'forged' });
  });

  it('refuses a signature changed by one character, or made with another secret', () => {
    const token = signLink(SECRET, 'survey', CLAIM, IN_30_DAYS);
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(verifyLink(SECRET, `${token.slice(0, -1)}${last}`, 'survey', NOW).ok).toBe(false);
    expect(verifyLink('another-secret', token, 'survey', NOW)).toEqual({ ok: false, why: 'forged' });
  });

  it('says "expired" for a genuine link past its expiry, with the claim it belongs to', () => {
    const token = signLink(SECRET, 'survey', CLAIM, IN_30_DAYS);
    expect(verifyLink(SECRET, token, 'survey', new Date('2026-04-11T06:00:01Z'))).toEqual({
      ok: false,
      why: 'expired',
      claimId: CLAIM,
    });
  });

  it.each([
    '',
    'survey',
    'survey.x.y.z',
    `survey.${CLAIM}.zz.short`,
    `survey.not-a-claim.abc.${'A'.repeat(43)}`,
  ])('refuses the malformed token %j', (token) => {
    expect(verifyLink(SECRET, token, 'survey', NOW)).toEqual({ ok: false, why: 'malformed' });
  });

  it('builds page URLs on a base with or without a path or trailing slash', () => {
    expect(publicUrl('http://127.0.0.1:4000/', 'status', 'tok')).toBe('http://127.0.0.1:4000/p/status?t=tok');
    expect(publicUrl('https://x.example/stage', 'survey', 'tok', { s: '7' })).toBe(
      'https://x.example/stage/p/survey?t=tok&s=7',
    );
  });

  it('gives an email survey links valid for the survey period and status and unsubscribe links for longer', () => {
    const links = emailLinks(
      { secret: SECRET, baseUrl: 'https://x.example', surveyDays: 30, linkDays: 400 },
      CLAIM,
      NOW,
    );
    const token = (url: string) => new URL(url).searchParams.get('t')!;
    const survey = verifyLink(SECRET, token(links.survey), 'survey', NOW);
    const status = verifyLink(SECRET, token(links.status), 'status', NOW);
    const unsubscribe = verifyLink(SECRET, token(links.unsubscribe), 'unsubscribe', NOW);
    expect(survey.ok && survey.expiresAt.toISOString()).toBe('2026-04-11T06:00:00.000Z');
    expect(status.ok && status.expiresAt.toISOString()).toBe('2027-04-16T06:00:00.000Z');
    expect(unsubscribe.ok).toBe(true);
    expect(links.surveyWithScore).toHaveLength(11);
    expect(new URL(links.surveyWithScore[7]!).searchParams.get('s')).toBe('7');
  });
});
