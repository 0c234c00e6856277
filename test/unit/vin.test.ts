import { describe, expect, it } from 'vitest';
import { hasValidCheckDigit, makeVin, VinSchema, validateVin, vinCheckDigit } from '../../domain/vin.ts';

const PUBLISHED_EXAMPLE = '1M8GDM9AXKP042788'; // 49 CFR 565 example; its check digit is X

describe('validateVin', () => {
  it('accepts a 17-character VIN of capital letters and digits', () => {
    expect(validateVin(PUBLISHED_EXAMPLE)).toEqual({ ok: true });
  });

  it('accepts a VIN whose position 9 is not a check digit, as ISO 3779 allows outside North America', () => {
    // Prepare: a plain character where North America would put the check digit
    const vin = 'JT2BG22K0Y0123456';
    // Act / Assess
    expect(hasValidCheckDigit(vin)).toBe(false);
    expect(validateVin(vin)).toEqual({ ok: true });
  });

  it.each([16, 18, 0])('rejects a VIN of %i characters, saying how many it has', (length) => {
    // Act
    const result = validateVin('A'.repeat(length));
    // Assess
    expect(result).toEqual({ ok: false, reason: `VIN must be exactly 17 characters, got ${length}` });
  });

  it.each(['I', 'O', 'Q'])(
    'rejects a VIN containing the letter %s, naming the letter and position',
    (letter) => {
      // Prepare
      const vin = `1M8GDM9A${letter}KP042788`;
      // Act
      const result = validateVin(vin);
      // Assess
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toContain(`letter ${letter} at position 9`);
    },
  );

  it('rejects a lowercase VIN with a message asking for capitals, rather than uppercasing it', () => {
    const result = validateVin(PUBLISHED_EXAMPLE.toLowerCase());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/capital letters/);
  });

  it('rejects punctuation and spaces, naming the position', () => {
    const result = validateVin('1M8GDM9AXKP04278 ');
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('position 17') });
  });

  it('rejects something that is not a string', () => {
    expect(validateVin(12_345_678).ok).toBe(false);
  });

  it('carries the reason into VinSchema issues', () => {
    const result = VinSchema.safeParse('1M8GDM9AXKP04278O');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('letter O');
  });
});

describe('vinCheckDigit', () => {
  it('computes X for the published example 1M8GDM9AXKP042788', () => {
    expect(vinCheckDigit(PUBLISHED_EXAMPLE)).toBe('X');
    expect(hasValidCheckDigit(PUBLISHED_EXAMPLE)).toBe(true);
  });

  it('computes 3 for the widely cited 1HGCM82633A004352', () => {
    expect(vinCheckDigit('1HGCM82633A004352')).toBe('3');
  });

  it('ignores whatever is at position 9 when computing', () => {
    expect(vinCheckDigit('1M8GDM9A0KP042788')).toBe('X');
  });

  it('detects a single changed character', () => {
    expect(hasValidCheckDigit('1M8GDM9AXKP042789')).toBe(false);
  });

  it('refuses to compute for a malformed VIN', () => {
    expect(() => vinCheckDigit('1M8GDM9AXKP04278')).toThrow(RangeError);
  });
});

describe('makeVin', () => {
  it('builds a valid VIN with a correct check digit from an 8-character prefix and a serial', () => {
    // Act
    const vin = makeVin('JT2BG22K', 42);
    // Assess
    expect(vin).toMatch(/^JT2BG22K.00000042$/);
    expect(validateVin(vin)).toEqual({ ok: true });
    expect(hasValidCheckDigit(vin)).toBe(true);
  });

  it('places the model-year and plant characters of a 10-character prefix after the check digit', () => {
    const vin = makeVin('MA3FB32SR1', 7);
    expect(vin).toMatch(/^MA3FB32S.R1000007$/);
    expect(hasValidCheckDigit(vin)).toBe(true);
  });

  it('gives different VINs to different serials', () => {
    expect(makeVin('JT2BG22K', 1)).not.toBe(makeVin('JT2BG22K', 2));
  });

  it('refuses a serial that does not fit, or a prefix with I, O or Q', () => {
    expect(() => makeVin('MA3FB32SR1', 1_000_000)).toThrow(RangeError);
    expect(() => makeVin('MA3FB32O', 1)).toThrow(/letter O/);
    expect(() => makeVin('SHORT', 1)).toThrow(RangeError);
  });
});
