import * as z from 'zod/mini';

/**
 * Vehicle identification numbers, ISO 3779: 17 characters from A–Z and 0–9 without I, O and Q
 * (they read as 1 and 0). Position 9 is a check digit only by North American rule (49 CFR 565);
 * ISO 3779 does not require it, and vehicles built for our markets (Nepal, Japan, the Caucasus…)
 * often carry a plain character there. So `validateVin` checks the structure only, and
 * `hasValidCheckDigit` is there for callers that know the VIN follows the North American rule.
 */

export type Vin = string;

export const VIN_LENGTH = 17;
const VIN_CHARACTERS = /^[A-HJ-NPR-Z0-9]*$/;
const FORBIDDEN_LETTERS = /[IOQ]/;
const CHECK_DIGIT_INDEX = 8;

export type VinValidation = { ok: true } | { ok: false; reason: string };

/** Structural ISO 3779 check (length, character set); see the module comment for the check digit. */
export function validateVin(vin: unknown): VinValidation {
  if (typeof vin !== 'string') return { ok: false, reason: 'VIN must be a string of 17 characters' };
  if (vin.length !== VIN_LENGTH) {
    return { ok: false, reason: `VIN must be exactly ${VIN_LENGTH} characters, got ${vin.length}` };
  }
  if (/[a-z]/.test(vin)) {
    return {
      ok: false,
      reason: 'VIN must be written in capital letters (A–Z); it contains lowercase letters',
    };
  }
  const forbidden = FORBIDDEN_LETTERS.exec(vin);
  if (forbidden) {
    return {
      ok: false,
      reason: `VIN contains the letter ${forbidden[0]} at position ${forbidden.index + 1}; I, O and Q are never used in a VIN`,
    };
  }
  if (!VIN_CHARACTERS.test(vin)) {
    const bad = [...vin].findIndex((c) => !/[A-Z0-9]/.test(c));
    return {
      ok: false,
      reason: `VIN may contain only letters A–Z (not I, O, Q) and digits; position ${bad + 1} is ${JSON.stringify(vin[bad])}`,
    };
  }
  return { ok: true };
}

export const isVin = (vin: unknown): vin is Vin => validateVin(vin).ok;

export const VinSchema = /* @__PURE__ */ (() =>
  z.string().check(
    z.superRefine((vin, ctx) => {
      const result = validateVin(vin);
      if (!result.ok) ctx.addIssue({ code: 'custom', message: result.reason });
    }),
  ))();

// 49 CFR 565.15 transliteration: letters take the values of their position, restarting at J and S.
// biome-ignore format: the table reads as the regulation prints it
const TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const POSITION_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;

function characterValue(c: string): number {
  return /[0-9]/.test(c) ? Number(c) : (TRANSLITERATION[c] ?? 0);
}

/**
 * The check digit position 9 should hold: the weighted sum of the transliterated characters
 * modulo 11, with 10 written as X. The character currently at position 9 is ignored (weight 0).
 */
export function vinCheckDigit(vin: Vin): string {
  const valid = validateVin(vin);
  if (!valid.ok) throw new RangeError(valid.reason);
  let sum = 0;
  for (let i = 0; i < VIN_LENGTH; i++) {
    sum += characterValue(vin[i] as string) * (POSITION_WEIGHTS[i] as number);
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/** Whether the VIN is well formed and position 9 holds its North American check digit. */
export function hasValidCheckDigit(vin: string): boolean {
  return validateVin(vin).ok && vin[CHECK_DIGIT_INDEX] === vinCheckDigit(vin);
}

/**
 * Builds a VIN with a correct check digit, for seed data and tests. `prefix` is the start of the
 * VIN with the check digit left out: 8 to 11 characters, positions 1–8 (WMI and VDS) and then,
 * optionally, positions 10 onwards (model year, plant). `serial` fills the remaining positions as
 * zero-padded digits: makeVin('JT2BG22K', 42) → 'JT2BG22K?00000042', makeVin('JT2BG22KR1', 42) →
 * 'JT2BG22K?R1000042', with ? the check digit.
 */
export function makeVin(prefix: string, serial: number): Vin {
  if (prefix.length < CHECK_DIGIT_INDEX || prefix.length > CHECK_DIGIT_INDEX + 3) {
    throw new RangeError(
      `VIN prefix must be 8 to 11 characters (positions 1–8, then 10 onwards), got ${prefix.length}`,
    );
  }
  const serialWidth = VIN_LENGTH - 1 - prefix.length;
  if (!Number.isSafeInteger(serial) || serial < 0 || serial >= 10 ** serialWidth) {
    throw new RangeError(
      `serial must be an integer from 0 to ${10 ** serialWidth - 1} for this prefix, got ${serial}`,
    );
  }
  const body = `${prefix.slice(0, CHECK_DIGIT_INDEX)}0${prefix.slice(CHECK_DIGIT_INDEX)}${String(serial).padStart(serialWidth, '0')}`;
  const valid = validateVin(body);
  if (!valid.ok) throw new RangeError(`VIN prefix ${JSON.stringify(prefix)} is invalid: ${valid.reason}`);
  return `${body.slice(0, CHECK_DIGIT_INDEX)}${vinCheckDigit(body)}${body.slice(CHECK_DIGIT_INDEX + 1)}`;
}
