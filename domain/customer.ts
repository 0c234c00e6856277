import * as z from 'zod/mini';
import { oneOf } from './validation.ts';

/** Languages we write to customers in (DESIGN §8): at least en, ja, ne, hy, bn. */
export const SUPPORTED_LANGUAGES = [
  'en',
  'ja',
  'ne',
  'hy',
  'bn',
  'ka',
  'kk',
  'ru',
  'hi',
  'si',
  'ta',
] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const LanguageSchema = oneOf(SUPPORTED_LANGUAGES, 'one of the supported languages');

export const isSupportedLanguage = (value: string): value is Language =>
  (SUPPORTED_LANGUAGES as readonly string[]).includes(value);

/** What the customer agreed to receive beyond the claim itself. The unsubscribe link clears it. */
export interface Consent {
  readonly followUpEmails: boolean;
  readonly survey: boolean;
}

export const ConsentSchema = /* @__PURE__ */ (() =>
  z.strictObject({ followUpEmails: z.boolean(), survey: z.boolean() }))();

/**
 * Consent a claim starts with: the partner files on the customer's behalf for a repair the
 * customer asked for, so the status emails and one survey are expected; every email carries the
 * unsubscribe link that turns them off.
 */
export const DEFAULT_CONSENT: Consent = { followUpEmails: true, survey: true };

// E.164 numbers and the local forms partners type: digits, spaces, dashes, parentheses, leading +.
const PHONE = /^\+?[0-9][0-9 ()-]{4,22}[0-9]$/;

/** The customer as the partner submits them (DESIGN §7). */
export const CustomerContactSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    name: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, 'name must not be empty'),
        z.maxLength(200, 'name must be at most 200 characters'),
      ),
    email: z
      .email('email must be an email address such as name@example.com')
      .check(z.maxLength(254, 'email is too long')),
    phone: z.optional(
      z.string().check(z.regex(PHONE, 'phone must be a phone number such as +977 1 5550123')),
    ),
    language: LanguageSchema,
  }))();

export type CustomerContact = z.infer<typeof CustomerContactSchema>;

export const CustomerSchema = /* @__PURE__ */ (() =>
  z.extend(CustomerContactSchema, { consent: ConsentSchema }))();

export type Customer = z.infer<typeof CustomerSchema>;

export const customerWithDefaultConsent = (contact: CustomerContact): Customer => ({
  ...contact,
  consent: DEFAULT_CONSENT,
});
