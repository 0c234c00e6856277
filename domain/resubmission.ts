import type { Claim } from './claim.ts';
import type { ReasonCode } from './reasons.ts';

/**
 * A REJECTED claim may be filed again, corrected, when every reason it was rejected for is one the
 * partner can correct (a missing battery reading, a mistyped part number or VIN, a wrong date): the
 * customer's email says the centre "will send it again". What no correction changes (the warranty
 * ran out, the component is not covered, it was filed late, a person rejected it in review) is
 * final. The corrected claim is a new claim linked both ways; its filing window counts from the
 * first filing, so a correction never makes a claim late; at most two corrections per claim.
 */
export const CORRECTABLE_REASONS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'BATTERY_SOH_MISSING',
  'BATTERY_SOH_ABOVE_THRESHOLD',
  'PART_UNKNOWN',
  'VEHICLE_UNKNOWN',
  'INVALID_FAILURE_DATE',
  'LABOUR_OPERATION_UNKNOWN',
  'PRICE_MISSING',
]);

export const MAX_RESUBMISSIONS = 2;

export type ResubmissionRefusal =
  | { readonly code: 'NOT_REJECTED'; readonly detail: string }
  | { readonly code: 'ALREADY_RESUBMITTED'; readonly detail: string; readonly resubmittedAs: string }
  | { readonly code: 'REJECTED_IN_REVIEW'; readonly detail: string }
  | { readonly code: 'NOT_CORRECTABLE'; readonly detail: string; readonly reasons: string[] }
  | { readonly code: 'TOO_MANY_RESUBMISSIONS'; readonly detail: string };

/** Every reason the claim was rejected for: the claim's own and each rejected line's. */
export const rejectionReasons = (claim: Pick<Claim, 'reasons' | 'lines'>): string[] => [
  ...new Set([
    ...claim.reasons,
    ...claim.lines.filter((l) => l.decision === 'REJECTED').flatMap((l) => l.reasons),
  ]),
];

/** Why `claim` cannot be resubmitted, or undefined when it can. */
export function resubmissionRefusal(claim: Claim): ResubmissionRefusal | undefined {
  if (claim.status !== 'REJECTED')
    return {
      code: 'NOT_REJECTED',
      detail: `the claim is ${claim.status}; only a REJECTED claim can be resubmitted`,
    };
  if (claim.resubmittedAs)
    return {
      code: 'ALREADY_RESUBMITTED',
      detail: `the claim was already resubmitted as ${claim.resubmittedAs}`,
      resubmittedAs: claim.resubmittedAs,
    };
  if (claim.events.some((e) => e.from === 'IN_REVIEW' && e.to === 'REJECTED'))
    return { code: 'REJECTED_IN_REVIEW', detail: 'a reviewer rejected the claim; that decision is final' };
  const reasons = rejectionReasons(claim);
  const final = reasons.filter((r) => !CORRECTABLE_REASONS.has(r as ReasonCode));
  if (final.length > 0 || reasons.length === 0)
    return {
      code: 'NOT_CORRECTABLE',
      detail: `the claim was rejected for ${final.join(', ') || 'no stated reason'}, which no correction changes`,
      reasons: final,
    };
  if ((claim.resubmission ?? 0) >= MAX_RESUBMISSIONS)
    return {
      code: 'TOO_MANY_RESUBMISSIONS',
      detail: `the claim was already corrected ${MAX_RESUBMISSIONS} times; contact claims support`,
    };
  return undefined;
}

/** What the corrected claim carries of the one it corrects. */
export const resubmissionLink = (original: Claim) => ({
  resubmissionOf: original.claimId,
  firstFiledAt: original.firstFiledAt ?? original.filedAt,
  resubmission: (original.resubmission ?? 0) + 1,
});

/** The moment the filing window counts from: the first filing of a corrected claim's chain. */
export const filingTimeOf = (claim: Pick<Claim, 'filedAt' | 'firstFiledAt'>): string =>
  claim.firstFiledAt ?? claim.filedAt;
