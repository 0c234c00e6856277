import type { ClaimStatus } from '../../../domain/claim.ts';
import type { ComponentCategory } from '../../../domain/part.ts';
import type { en } from './en.ts';

/**
 * The shape every language's catalogue has. Apart from `../catalogue.ts` (which gathers the
 * languages) so that a language file can check itself against it without importing the module that
 * imports it: English, the reference, defines the keys.
 */

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
