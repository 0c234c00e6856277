import { readFileSync } from 'node:fs';
import type { ClaimStatus } from '../../domain/claim.ts';
import type { Language } from '../../domain/customer.ts';
import type { ComponentCategory } from '../../domain/part.ts';
import type { ReasonCode } from '../../domain/reasons.ts';
import { en } from './messages/en.ts';

/**
 * The words of every email and public page, as data: one catalogue per language with the same keys
 * (English, `messages/en.ts`, defines them; a unit test checks every other language's keys,
 * placeholders and scripts). Rendering (templates.ts, pages.ts) only picks messages and fills
 * placeholders, so adding a language is one file in `messages/` and its code in
 * TRANSLATED_LANGUAGES.
 */

/** The keys every catalogue has: English, the reference, defines them. */
export type MessageKey = keyof typeof en.messages;

/**
 * The reasons a customer is told. Coverage reasons each have their own sentence; the reasons that
 * only send a claim to a person (amount over limit, labour over standard, …) are never the
 * customer's business, so a line a reviewer rejected says "a specialist reviewed it" (REVIEWED).
 */
export type CustomerReason =
  | 'EXPIRED_TIME'
  | 'EXPIRED_DISTANCE'
  | 'COMPONENT_NOT_COVERED'
  | 'BATTERY_SOH_ABOVE_THRESHOLD'
  | 'BATTERY_SOH_MISSING'
  | 'PART_UNKNOWN'
  | 'VEHICLE_UNKNOWN'
  | 'LATE_SUBMISSION'
  | 'INVALID_FAILURE_DATE'
  | 'REVIEWED';

export interface Catalogue {
  /** BCP 47 locale for Intl (dates, numbers, money). */
  readonly locale: string;
  readonly messages: Readonly<Record<MessageKey, string>>;
  /** Where the claim stands and what comes next, per status; PROBLEM for a claim whose workflow failed. */
  readonly statuses: Readonly<
    Record<ClaimStatus | 'PROBLEM', { readonly now: string; readonly next: string }>
  >;
  /** Component categories as a customer names them; `other` when a line has no category. */
  readonly categories: Readonly<Record<ComponentCategory | 'other', string>>;
  readonly reasons: Readonly<Record<CustomerReason, string>>;
}

/** Every staff reason code → what the customer reads. A new code in domain/reasons.ts must be added here. */
const CUSTOMER_REASON: Readonly<Record<ReasonCode, CustomerReason>> = {
  EXPIRED_TIME: 'EXPIRED_TIME',
  EXPIRED_DISTANCE: 'EXPIRED_DISTANCE',
  COMPONENT_NOT_COVERED: 'COMPONENT_NOT_COVERED',
  BATTERY_SOH_ABOVE_THRESHOLD: 'BATTERY_SOH_ABOVE_THRESHOLD',
  BATTERY_SOH_MISSING: 'BATTERY_SOH_MISSING',
  PART_UNKNOWN: 'PART_UNKNOWN',
  VEHICLE_UNKNOWN: 'VEHICLE_UNKNOWN',
  LATE_SUBMISSION: 'LATE_SUBMISSION',
  INVALID_FAILURE_DATE: 'INVALID_FAILURE_DATE',
  AMOUNT_OVER_LIMIT: 'REVIEWED',
  LABOUR_OVER_STANDARD: 'REVIEWED',
  POSSIBLE_DUPLICATE: 'REVIEWED',
  LABOUR_OPERATION_UNKNOWN: 'REVIEWED',
  PRICE_MISSING: 'REVIEWED',
  NO_QUALIFIED_TECHNICIAN: 'REVIEWED',
};

export const customerReasonOf = (code: string): CustomerReason =>
  Object.hasOwn(CUSTOMER_REASON, code) ? CUSTOMER_REASON[code as ReasonCode] : 'REVIEWED';

/** The languages written for customers (DESIGN §8); every other supported language reads English. */
export const TRANSLATED_LANGUAGES = ['en', 'ja', 'ne', 'hy', 'bn'] as const satisfies readonly Language[];
export type TranslatedLanguage = (typeof TRANSLATED_LANGUAGES)[number];

export const isTranslated = (language: string): language is TranslatedLanguage =>
  (TRANSLATED_LANGUAGES as readonly string[]).includes(language);

/**
 * The translations are data files, `messages/<language>.json`, read the first time a container
 * writes in that language: an email or a page is in one language, and carrying all five as code put
 * about 140 KB of escaped text into every such function's start (issue 18). `bundleFunction`
 * (infra/function-bundling.ts) copies them beside the bundled code that holds this module.
 */
const catalogues = new Map<TranslatedLanguage, Catalogue>([['en', en]]);

function catalogueIn(language: TranslatedLanguage): Catalogue {
  let catalogue = catalogues.get(language);
  if (!catalogue) {
    const file = new URL(`./messages/${language}.json`, import.meta.url);
    catalogue = JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
    catalogues.set(language, catalogue);
  }
  return catalogue;
}

/** The catalogue for a customer's language, falling back to English for the languages not written yet. */
export function catalogueFor(language: string): { language: TranslatedLanguage; catalogue: Catalogue } {
  const lang: TranslatedLanguage = isTranslated(language) ? language : 'en';
  return { language: lang, catalogue: catalogueIn(lang) };
}

/** Placeholders of a message: `{name}` → `name`. */
export const placeholdersOf = (message: string): string[] =>
  [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

/** Fills `{placeholders}`; a missing value is a bug in the caller, not something to send to a customer. */
export function fill(message: string, values: Readonly<Record<string, string>> = {}): string {
  return message.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`message "${message}" needs a value for {${name}}`);
    return value;
  });
}

/** A catalogue bound to its language: `t('greeting', { name })`. */
export function translator(language: string) {
  const { language: lang, catalogue } = catalogueFor(language);
  const t = (key: MessageKey, values?: Readonly<Record<string, string>>) =>
    fill(catalogue.messages[key], values);
  return { language: lang, locale: catalogue.locale, catalogue, t };
}
export type Translator = ReturnType<typeof translator>;
