import { describe, expect, it } from 'vitest';
import { partsExpectedAt } from '../../domain/parts-expected.ts';
import { renderEmail } from '../../functions/mail/templates.ts';
import { kathmanduCentre, mailClaim, withLanguage } from '../support/mail-fixtures.ts';

/** Issue 16: the customer hears of the wait for parts, a cancellation and a failure, in their language. */
const tokyo = { ...kathmanduCentre, name: 'Yokohama Export Service', timeZone: 'Asia/Tokyo' };

describe('waiting for parts', () => {
  const waiting = mailClaim({
    status: 'AWAITING_PARTS',
    appointment: undefined,
    backorders: [{ partNumber: 'EVB-MODULE-48', quantity: 1 }],
  });

  it('tells a Nepali customer, in Devanagari, when the parts are expected', () => {
    const { subject, text } = renderEmail('waiting-for-parts', {
      claim: withLanguage(waiting, 'ne'),
      centre: kathmanduCentre,
      partsExpectedAt: '2026-04-01T06:00:00.000Z',
    });
    expect(subject).toBe('तपाईंको मर्मत पार्टपुर्जाको पर्खाइमा छ');
    expect(text).toContain('पार्टपुर्जा आइपुग्ने अनुमानित मिति: २०२६ अप्रिल १');
    expect(text).toContain('तपाईंका लागि यो मगाइएको छ');
    expect(text).not.toContain('Parts expected');
  });

  it('says the approval too when it was not told on its own, in Japanese', () => {
    const { text } = renderEmail('waiting-for-parts', {
      claim: withLanguage(waiting, 'ja'),
      centre: tokyo,
      decisionTold: false,
      partsExpectedAt: '2026-04-01T06:00:00.000Z',
    });
    expect(text).toContain('部品の入荷予定日：2026年4月1日');
    expect(text).toContain(
      renderEmail('decision', { claim: withLanguage(mailClaim({ status: 'APPROVED' }), 'ja') }).text.split(
        '\n',
      )[2]!,
    );
  });

  it('expects the parts after the longest usual restock time of the backordered parts', () => {
    const since = '2026-03-01T00:00:00.000Z';
    const claim = {
      ...waiting,
      backorders: [
        { partNumber: 'A', quantity: 1 },
        { partNumber: 'B', quantity: 2 },
      ],
      events: [
        ...waiting.events,
        { ...waiting.events[0]!, from: 'APPROVED' as const, to: 'AWAITING_PARTS' as const, at: since },
      ],
    };
    const parts = new Map([
      ['A', { restockDays: 21 }],
      ['B', {}],
    ]);
    expect(partsExpectedAt(claim, parts)?.toISOString()).toBe('2026-03-22T00:00:00.000Z');
    expect(
      partsExpectedAt({ ...claim, backorders: [{ partNumber: 'B', quantity: 1 }] }, parts)?.toISOString(),
    ).toBe('2026-03-15T00:00:00.000Z');
  });
});

describe('a claim that ends early', () => {
  it('tells a Japanese customer the claim was cancelled, and a Nepali one that it failed', () => {
    const cancelled = renderEmail('cancelled', {
      claim: withLanguage(mailClaim({ status: 'CANCELLED', appointment: undefined }), 'ja'),
      centre: tokyo,
    });
    expect(cancelled.subject).toBe('保証請求は取り消されました');
    expect(cancelled.text).toContain('この請求での手続きはこれで終了です');
    const failed = renderEmail('failed', {
      claim: withLanguage(mailClaim({ status: 'APPROVED', appointment: undefined }), 'ne'),
      centre: kathmanduCentre,
    });
    expect(failed.subject).toBe('हामी तपाईंको वारेन्टी दाबीको काम पूरा गर्न सकेनौं');
    expect(failed.text).toContain('तपाईंको सेवा केन्द्रले तपाईंलाई सम्पर्क गर्नेछ');
  });
});

describe('one email where one can say both', () => {
  it('says an auto-approval in its appointment email, under a subject that names both', () => {
    const claim = withLanguage(mailClaim({ status: 'SCHEDULED' }), 'ja');
    const combined = renderEmail('appointment', { claim, centre: tokyo, decisionTold: false });
    expect(combined.subject).toBe('保証の承認と修理のご予約日時のお知らせ');
    expect(combined.text).toContain('修理のご予約が確定しました');
    const alone = renderEmail('appointment', { claim, centre: tokyo });
    expect(alone.subject).toBe('修理のご予約日時のお知らせ');
    expect(combined.text.length).toBeGreaterThan(alone.text.length);
  });
});
