import { describe, expect, it } from 'vitest';
import { invalidLinkPage, statusPage, surveyPage, unsubscribePage } from '../../functions/mail/pages.ts';
import { browserLanguage } from '../../functions/shared/public-page.ts';
import { kathmanduCentre, mailClaim, withLanguage } from '../support/mail-fixtures.ts';

describe('the survey page', () => {
  it('is an accessible form in the customer’s language: a legend, eleven labelled radios, a labelled comment', () => {
    const html = surveyPage({ language: 'ne', token: 'tok' });
    expect(html).toContain('<html lang="ne">');
    expect(html).toMatch(/<fieldset aria-describedby="scale-hint"><legend>[^<]*सिफारिस[^<]*<\/legend>/);
    expect(html.match(/<label><input type="radio" name="score" value="\d+"/g)).toHaveLength(11);
    expect(html).toContain('value="10" required><span>१०</span>');
    expect(html).toContain('<label class="block" for="comment">');
    expect(html).toContain('<textarea id="comment" name="comment" maxlength="2000">');
    expect(html).toContain('<input type="hidden" name="t" value="tok">');
    expect(html).not.toContain('<script');
  });

  it('preselects the score chosen in the email, and announces a missing score', () => {
    expect(surveyPage({ language: 'en', token: 't', score: 7 })).toContain('value="7" checked required>');
    const again = surveyPage({ language: 'hy', token: 't', missingScore: true, comment: 'Լավ էր <b>' });
    expect(again).toContain('role="alert"');
    expect(again).toContain('aria-describedby="scale-hint score-error"');
    expect(again).toContain('Լավ էր &#60;b&#62;');
  });
});

describe('the status page', () => {
  it('says where the claim stands, what comes next, the appointment in the centre’s time, and whom to call', () => {
    const html = statusPage({
      claim: mailClaim(),
      centre: kathmanduCentre,
      technicianName: 'Sanjay Shrestha',
    });
    expect(html).toContain('तपाईंको मर्मतको समय तय भएको छ।');
    expect(html).toContain('कृपया तोकिएको समयमा आफ्नो सवारी साधन सेवा केन्द्रमा ल्याउनुहोस्।');
    expect(html).toContain('२०२६ मार्च १८, बुधबार: १०:०० GMT+५:४५');
    expect(html).toContain('Sanjay Shrestha');
    expect(html).toContain('href="tel:+97714260000"');
  });

  it('says a failed claim has a problem and that the centre will call', () => {
    const claim = withLanguage(
      mailClaim({ status: 'APPROVED', failure: { error: 'X', cause: 'y', at: '2026-03-12T06:00:00.000Z' } }),
      'en',
    );
    const html = statusPage({ claim, centre: kathmanduCentre });
    expect(html).toContain('We ran into a problem while arranging your repair.');
    expect(html).not.toContain('Your appointment');
  });
});

describe('the other pages', () => {
  it('asks before unsubscribing, with the address masked', () => {
    const html = unsubscribePage('bn', 'tok', 'sita.sharma@example.com');
    expect(html).toContain('si•••@example.com');
    expect(html).not.toContain('sita.sharma@');
    expect(html).toContain('<form method="post" action="">');
  });

  it('tells an expired link from a broken one', () => {
    expect(invalidLinkPage('ja', 'expired')).toContain('有効期限');
    expect(invalidLinkPage('ja', 'forged')).toContain('無効');
  });

  it('picks the browser’s best language among those written, else English', () => {
    expect(browserLanguage('ne-NP,ne;q=0.9,en;q=0.8')).toBe('ne');
    expect(browserLanguage('de-DE,hy;q=0.5,ja;q=0.7')).toBe('ja');
    expect(browserLanguage('ka-GE')).toBe('en');
    expect(browserLanguage(undefined)).toBe('en');
  });
});
