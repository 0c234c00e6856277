import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_EMAILS } from '../../domain/follow-up.ts';
import { REASON_CODES } from '../../domain/reasons.ts';
import {
  type Catalogue,
  catalogueFor,
  placeholdersOf,
  TRANSLATED_LANGUAGES,
} from '../../functions/mail/catalogue.ts';
import { emailLinks } from '../../functions/mail/links.ts';
import {
  decisionOf,
  type RenderContext,
  renderEmail,
  type TemplateName,
} from '../../functions/mail/templates.ts';
import { kathmanduCentre, mailClaim, withLanguage } from '../support/mail-fixtures.ts';

const links = emailLinks(
  { secret: 'test-secret', baseUrl: 'https://pages.example/', surveyDays: 30, linkDays: 400 },
  mailClaim().claimId,
  new Date('2026-03-12T06:00:00Z'),
);

/** Every string of a catalogue, named by its path (messages.x, statuses.RECEIVED.now, …). */
function strings(c: Catalogue): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(c.messages)) out.set(`messages.${k}`, v);
  for (const [k, v] of Object.entries(c.statuses)) {
    out.set(`statuses.${k}.now`, v.now);
    out.set(`statuses.${k}.next`, v.next);
  }
  for (const [k, v] of Object.entries(c.categories)) out.set(`categories.${k}`, v);
  for (const [k, v] of Object.entries(c.reasons)) out.set(`reasons.${k}`, v);
  return out;
}

const english = strings(catalogueFor('en').catalogue);
const translations = TRANSLATED_LANGUAGES.filter((l) => l !== 'en');

/** The claim in every state a template has to say something about. */
const rejectedLine = {
  lineNo: 2,
  partNumber: 'WER-PADS-12',
  quantity: 1,
  laborOperation: 'WER-R12',
  laborHours: 0.8,
  category: 'wear-item' as const,
  decision: 'REJECTED' as const,
  reasons: ['COMPONENT_NOT_COVERED'],
};
const scenarios: [string, TemplateName, Partial<ReturnType<typeof mailClaim>>][] = [
  ['received', 'received', { status: 'RECEIVED', appointment: undefined, amounts: undefined }],
  ['approved', 'decision', { status: 'APPROVED' }],
  ['partly approved', 'decision', { status: 'APPROVED', lines: [...mailClaim().lines, rejectedLine] }],
  [
    'rejected (claim-level reason)',
    'decision',
    { status: 'REJECTED', reasons: ['LATE_SUBMISSION'], lines: [{ ...rejectedLine, reasons: [] }] },
  ],
  ['rejected (line reasons)', 'decision', { status: 'REJECTED', lines: [{ ...rejectedLine, lineNo: 1 }] }],
  ['appointment', 'appointment', {}],
  [
    'repair done',
    'repair-done',
    {
      status: 'SETTLED',
      completion: { completedAt: '2026-03-18T09:00:00.000Z', partsUsed: [], laborHours: 1.2, notes: '' },
      amounts: { settled: { amountMinor: 2_480_050, currency: 'NPR' } },
    },
  ],
  ['waiting for parts', 'waiting-for-parts', { status: 'AWAITING_PARTS', appointment: undefined }],
  ['cancelled', 'cancelled', { status: 'CANCELLED', appointment: undefined }],
  ['failed', 'failed', { status: 'APPROVED', appointment: undefined }],
  ['survey', 'survey', { status: 'SETTLED' }],
  ['survey reminder', 'survey-reminder', { status: 'SETTLED' }],
  [
    'maintenance reminder',
    'maintenance-reminder',
    {
      status: 'CLOSED',
      completion: { completedAt: '2026-03-18T09:00:00.000Z', partsUsed: [], laborHours: 1.2, notes: '' },
    },
  ],
];

const render = (template: TemplateName, language: string, overrides = {}, ctx: Partial<RenderContext> = {}) =>
  renderEmail(template, {
    claim: withLanguage(mailClaim(overrides), language as never),
    centre: kathmanduCentre,
    technicianName: 'Sanjay Shrestha',
    links,
    ...ctx,
  });

describe('the message catalogues', () => {
  it.each(translations)('%s has exactly the keys of the English catalogue', (language) => {
    const { catalogue } = catalogueFor(language);
    expect(catalogue.locale).toBe(language);
    expect([...strings(catalogue).keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each(translations)('%s uses the same placeholders as English in every message', (language) => {
    for (const [key, text] of strings(catalogueFor(language).catalogue)) {
      expect(placeholdersOf(text), `${language} ${key}`).toEqual(placeholdersOf(english.get(key)!));
    }
  });

  it.each(translations)('%s translates every message (none is left in English)', (language) => {
    for (const [key, text] of strings(catalogueFor(language).catalogue)) {
      if (key === 'messages.row' || key === 'messages.lineWithReason') continue; // punctuation only
      expect(text, `${language} ${key}`).not.toBe(english.get(key));
      expect(text.trim(), `${language} ${key}`).not.toBe('');
    }
  });

  const scripts: Record<string, RegExp> = {
    ne: /\p{Script=Devanagari}/u,
    hy: /\p{Script=Armenian}/u,
    bn: /\p{Script=Bengali}/u,
    ja: /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u,
  };
  it.each(Object.keys(scripts))(
    '%s is written in its own script, with no Latin letters (no transliteration)',
    (language) => {
      for (const [key, text] of strings(catalogueFor(language).catalogue)) {
        const words = text.replace(/\{\w+\}/g, '');
        if (key === 'messages.row' || key === 'messages.lineWithReason') continue;
        expect(words, `${language} ${key}`).toMatch(scripts[language]!);
        expect(words, `${language} ${key}`).not.toMatch(/[A-Za-z]/);
      }
    },
  );

  it('has a customer sentence for every reason code of the domain, without the code', () => {
    for (const language of TRANSLATED_LANGUAGES) {
      const claim = withLanguage(mailClaim({ status: 'REJECTED' }), language);
      for (const code of Object.keys(REASON_CODES)) {
        const { text } = renderEmail('decision', {
          claim: { ...claim, reasons: [code] },
          centre: kathmanduCentre,
        });
        expect(text, `${language} ${code}`).not.toContain(code);
      }
    }
  });

  it('falls back to English for a supported language that has no catalogue yet', () => {
    expect(catalogueFor('ka').language).toBe('en');
    const email = render('decision', 'ka', { status: 'APPROVED' });
    expect(email.language).toBe('en');
    expect(email.subject).toBe(catalogueFor('en').catalogue.messages['approved.subject']);
  });
});

describe('rendering every template in every language', () => {
  const cases = TRANSLATED_LANGUAGES.flatMap((language) =>
    scenarios.map(([name, template, overrides]) => [language, name, template, overrides] as const),
  );

  it('covers every follow-up email', () => {
    expect(new Set(scenarios.map(([, t]) => t))).toEqual(new Set(FOLLOW_UP_EMAILS));
  });

  it.each(cases)(
    '%s: %s has a subject, a text part and phone-friendly HTML',
    (language, _name, template, overrides) => {
      const email = render(template, language, overrides);
      expect(email.language).toBe(language);
      expect(email.subject.length).toBeGreaterThan(5);
      expect(email.text).toContain(mailClaim().customer.name);
      expect(email.html).toMatch(new RegExp(`^<!doctype html><html lang="${language}">`));
      expect(email.html).toContain('name="viewport" content="width=device-width,initial-scale=1"');
      expect(email.html).toContain('max-width:560px');
      expect(email.html).not.toMatch(/<img|<script|<link /);
      // Every email links to the unsubscribe page and (but for the survey's own button) the status page.
      expect(email.text).toContain(links.unsubscribe);
    },
  );

  it.each(cases.filter(([l]) => l !== 'en'))(
    '%s: %s contains no English text from the catalogue (no fallback inside a translated email)',
    (language, _name, template, overrides) => {
      const { text, html, subject } = render(template, language, overrides);
      for (const [key, message] of english) {
        for (const fragment of message.split(/\{\w+\}/)) {
          const words = fragment.trim();
          if (words.length < 8) continue;
          expect(text, `${language} ${key}`).not.toContain(words);
          expect(html, `${language} ${key}`).not.toContain(words);
          expect(subject, `${language} ${key}`).not.toContain(words);
        }
      }
    },
  );

  it('escapes what customers and partners typed into the HTML', () => {
    const email = renderEmail('received', {
      claim: { ...mailClaim(), customer: { ...mailClaim().customer, name: '<script>alert(1)</script>' } },
      centre: { ...kathmanduCentre, name: 'A & B "Motors"' },
      links,
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&#60;script&#62;');
    expect(email.html).toContain('A &#38; B &#34;Motors&#34;');
  });
});

describe('dates, times and money for the customer', () => {
  it('shows a Nepali appointment in Devanagari, at the centre’s local time, with Kathmandu’s +05:45 offset', () => {
    const { text } = render('appointment', 'ne');
    // 2026-03-18T04:15Z is Wednesday 18 March, 10:00 in Kathmandu.
    expect(text).toContain('मिति र समय: २०२६ मार्च १८, बुधबार: १०:०० GMT+५:४५');
    expect(text).toContain('प्राविधिक: Sanjay Shrestha');
    expect(text).toContain('ठेगाना: Teku Road 14, Kathmandu 44600, Nepal');
    expect(text).toContain('फोन: +977 1 4260 000');
    expect(text).not.toMatch(/04:15|4:15/);
  });

  it('shows the same instant in Tokyo for a Japanese customer of a Yokohama centre', () => {
    const { text } = render(
      'appointment',
      'ja',
      {},
      {
        centre: { ...kathmanduCentre, name: 'Yokohama Export Service, Daikoku', timeZone: 'Asia/Tokyo' },
      },
    );
    expect(text).toContain('日時：2026年3月18日水曜日 13:15 GMT+9');
  });

  it('formats money and distances for the locale: Nepali rupees in Devanagari digits, kilometres', () => {
    // Intl separates with no-break spaces; compared with plain ones here.
    const text = (template: TemplateName, language: string, overrides = {}) =>
      render(template, language, overrides).text.replace(/[\u00a0\u202f]/g, ' ');
    expect(text('decision', 'ne', { status: 'APPROVED' })).toContain('नेरू २४,८००.५०');
    expect(text('decision', 'en', { status: 'APPROVED' })).toContain('NPR 24,800.50');
    expect(text('received', 'ne')).toContain('२८,४००');
    expect(text('received', 'bn')).toContain('২৮,৪০০ কিমি');
    expect(text('received', 'hy')).toContain('28 400 կմ');
  });
});

describe('the decision email', () => {
  it('tells approved, partly approved and rejected apart', () => {
    expect(decisionOf(mailClaim({ status: 'APPROVED' }))).toBe('approved');
    expect(decisionOf(mailClaim({ status: 'APPROVED', lines: [...mailClaim().lines, rejectedLine] }))).toBe(
      'partly',
    );
    expect(decisionOf(mailClaim({ status: 'REJECTED' }))).toBe('rejected');
  });

  it('says in plain words why a line is not covered, naming the kind of part', () => {
    const { text } = render('decision', 'en', {
      status: 'APPROVED',
      lines: [...mailClaim().lines, rejectedLine],
    });
    expect(text).toContain('Under warranty:\n- Brakes');
    expect(text).toContain(
      'Not under warranty:\n- Wear parts: Your warranty does not cover this kind of part.',
    );
    expect(text).not.toContain('COMPONENT_NOT_COVERED');
  });

  it('gives a rejected claim its claim-level reason, and never a reviewer’s internal reason', () => {
    const late = render('decision', 'bn', { status: 'REJECTED', reasons: ['LATE_SUBMISSION'] }).text;
    expect(late).toContain(catalogueFor('bn').catalogue.reasons.LATE_SUBMISSION);
    const reviewed = render('decision', 'en', {
      status: 'REJECTED',
      lines: [{ ...rejectedLine, lineNo: 1, reasons: ['AMOUNT_OVER_LIMIT'] }],
    }).text;
    expect(reviewed).toContain(catalogueFor('en').catalogue.reasons.REVIEWED);
    expect(reviewed).not.toMatch(/limit/i);
  });
});

describe('the survey email', () => {
  it('offers the 0–10 scale as eleven links, each opening the survey with that score chosen', () => {
    const { html } = render('survey', 'ne');
    for (let score = 0; score <= 10; score++)
      expect(html).toContain(`${links.survey.replace(/&/g, '&#38;')}&#38;s=${score}"`);
    expect(html).toContain('>१०</a>');
  });
});

describe('the repair-done email', () => {
  const settled = {
    status: 'SETTLED',
    completion: { completedAt: '2026-03-18T09:00:00.000Z', partsUsed: [], laborHours: 1.2, notes: '' },
  };

  it.each(TRANSLATED_LANGUAGES)(
    'asks the survey question in %s when the customer may be surveyed',
    (language) => {
      const { text, html } = render('repair-done', language, settled, { withSurvey: true });
      expect(text).toContain(catalogueFor(language).catalogue.messages['survey.question']);
      for (let score = 0; score <= 10; score++)
        expect(html).toContain(`${links.survey.replace(/&/g, '&#38;')}&#38;s=${score}"`);
    },
  );

  it('leaves the survey out when the customer may not be surveyed', () => {
    const { text, html } = render('repair-done', 'ne', settled, { withSurvey: false });
    expect(text).not.toContain(catalogueFor('ne').catalogue.messages['survey.question']);
    expect(html).not.toContain(links.survey.replace(/&/g, '&#38;'));
  });
});
