import { describe, expect, it } from 'vitest';
import { ClaimSubmissionSchema, receiveClaim } from '../../domain/claim.ts';
import { DEFAULT_CONSENT } from '../../domain/customer.ts';
import { parseWith } from '../../domain/validation.ts';
import { aPartner, aSubmission, FILED_AT } from './support/fixtures.ts';

const parse = (body: unknown) => parseWith(ClaimSubmissionSchema, body);

describe('ClaimSubmissionSchema', () => {
  it('accepts the documented body', () => {
    expect(parse(aSubmission({ batteryStateOfHealthPct: 64.5 })).ok).toBe(true);
  });

  it('rejects an unknown top-level field, pointing at it', () => {
    // Act
    const result = parse({ ...aSubmission(), discount: 50 });
    // Assess
    expect(result).toEqual({
      ok: false,
      errors: [{ pointer: '/discount', detail: expect.stringContaining('unknown field "discount"') }],
    });
  });

  it('rejects an unknown field inside a line, pointing into the line', () => {
    const body = aSubmission();
    const result = parse({ ...body, lines: [{ ...body.lines[0], unitPrice: 100 }] });
    expect(!result.ok && result.errors.map((e) => e.pointer)).toEqual(['/lines/0/unitPrice']);
  });

  it('points at each bad field of the customer', () => {
    // Act
    const result = parse(
      aSubmission({ customer: { name: '', email: 'not-an-email', language: 'fr' as 'en' } }),
    );
    // Assess
    expect(!result.ok && result.errors.map((e) => e.pointer).sort()).toEqual([
      '/customer/email',
      '/customer/language',
      '/customer/name',
    ]);
  });

  it('names the supported languages when the language is not one', () => {
    const result = parse(
      aSubmission({ customer: { name: 'A', email: 'a@example.com', language: 'de' as 'en' } }),
    );
    expect(!result.ok && result.errors[0]?.detail).toContain('en, ja, ne, hy, bn');
  });

  it('rejects a failure date that is not a calendar date', () => {
    const result = parse(aSubmission({ failureDate: '2025-02-29' }));
    expect(!result.ok && result.errors).toEqual([
      { pointer: '/failureDate', detail: expect.stringContaining('YYYY-MM-DD') },
    ]);
  });

  it('rejects a fractional odometer reading and a negative one', () => {
    expect(!parse(aSubmission({ odometerKm: 1000.5 })).ok).toBe(true);
    expect(!parse(aSubmission({ odometerKm: -1 })).ok).toBe(true);
  });

  it('rejects a claim without lines and one with more than 50', () => {
    const line = aSubmission().lines[0]!;
    expect(parse(aSubmission({ lines: [] }))).toMatchObject({ ok: false, errors: [{ pointer: '/lines' }] });
    expect(parse(aSubmission({ lines: Array.from({ length: 51 }, () => line) }))).toMatchObject({
      ok: false,
      errors: [{ pointer: '/lines', detail: 'at most 50 lines per claim' }],
    });
    expect(parse(aSubmission({ lines: Array.from({ length: 50 }, () => line) })).ok).toBe(true);
  });

  it('rejects more than 20 fault codes', () => {
    const result = parse(aSubmission({ faultCodes: Array.from({ length: 21 }, (_, i) => `P0${100 + i}`) }));
    expect(result).toMatchObject({ ok: false, errors: [{ pointer: '/faultCodes' }] });
  });

  it('rejects a quantity of zero and labour hours with three decimals, pointing into the line', () => {
    // Prepare
    const body = aSubmission({
      lines: [{ partNumber: 'ALT-1001', quantity: 0, laborOperation: 'EL-ALT-R', laborHours: 1.125 }],
    });
    // Act
    const result = parse(body);
    // Assess
    expect(!result.ok && result.errors.map((e) => e.pointer)).toEqual([
      '/lines/0/quantity',
      '/lines/0/laborHours',
    ]);
  });

  it('rejects a battery state of health above 100 %', () => {
    expect(parse(aSubmission({ batteryStateOfHealthPct: 101 }))).toMatchObject({
      ok: false,
      errors: [{ pointer: '/batteryStateOfHealthPct' }],
    });
  });

  it('rejects a lowercase VIN with the VIN rule message', () => {
    const result = parse(aSubmission({ vin: aSubmission().vin.toLowerCase() }));
    expect(!result.ok && result.errors[0]).toEqual({
      pointer: '/vin',
      detail: expect.stringContaining('capital'),
    });
  });

  it('rejects overlong free text', () => {
    expect(parse(aSubmission({ complaint: 'x'.repeat(2001) }))).toMatchObject({
      ok: false,
      errors: [{ pointer: '/complaint', detail: 'complaint must be at most 2000 characters' }],
    });
  });

  it('rejects a body that is not an object', () => {
    expect(parse('hello').ok).toBe(false);
    expect(parse(null).ok).toBe(false);
  });
});

describe('receiveClaim', () => {
  it('files a submission as a RECEIVED claim, numbering lines and recording the arrival event', () => {
    // Prepare
    const partner = aPartner();
    // Act
    const claim = receiveClaim({
      claimId: 'CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8',
      partner,
      submission: aSubmission(),
      region: 'ap-south-1',
      at: FILED_AT,
    });
    // Assess
    expect(claim).toMatchObject({
      status: 'RECEIVED',
      version: 1,
      homeRegion: 'ap-south-1',
      partnerId: partner.partnerId,
      filedAt: FILED_AT.toISOString(),
      lines: [{ lineNo: 1, partNumber: 'ALT-1001', reasons: [] }],
      customer: { consent: DEFAULT_CONSENT },
    });
    expect(claim.events).toEqual([
      expect.objectContaining({
        from: null,
        to: 'RECEIVED',
        actor: { kind: 'partner', id: partner.partnerId },
      }),
    ]);
  });
});
