import type { Claim } from './claim.ts';
import { homeRegionOfClaimId } from './claim-id.ts';

/**
 * The paths a claim takes through the workflow, as far as cost is concerned (issue 18): what
 * `npm run bench cost` measures one by one, and what the back office counts in a period to model
 * its cost per 1,000 claims. Read from the claim's audit trail and reservations only, so the
 * classification does not depend on the workflow's states.
 */
export const CLAIM_PATHS = [
  /** Approved by the system at once, parts in the home region. */
  'in-warranty',
  /** Sent to review, then approved by a person. */
  'in-review',
  /** Rejected, by the system or in review. */
  'rejected',
  /** Waited for parts (backordered), then went on when a warehouse was restocked. */
  'backordered',
  /** Parts reserved in a warehouse of another region. */
  'cross-region-parts',
] as const;
export type ClaimPath = (typeof CLAIM_PATHS)[number];

/**
 * The path of a claim so far, or undefined before its first decision (or if cancelled before one).
 * One path per claim: a claim that did several of these things counts as the first that applies of
 * rejected, backordered, cross-region parts, in review.
 */
export function claimPathOf(
  claim: Pick<Claim, 'claimId' | 'events' | 'reservations'>,
): ClaimPath | undefined {
  const to = new Set(claim.events.map((e) => e.to));
  const decided = claim.events.some((e) => e.from === 'RECEIVED' && e.to !== 'CANCELLED');
  if (!decided) return undefined;
  if (to.has('REJECTED')) return 'rejected';
  if (to.has('AWAITING_PARTS')) return 'backordered';
  const home = homeRegionOfClaimId(claim.claimId);
  if ((claim.reservations ?? []).some((r) => r.region !== home)) return 'cross-region-parts';
  if (to.has('IN_REVIEW')) return 'in-review';
  return 'in-warranty';
}

/** Claims per path. */
export function pathMix(claims: readonly Pick<Claim, 'claimId' | 'events' | 'reservations'>[]) {
  const mix = Object.fromEntries(CLAIM_PATHS.map((p) => [p, 0])) as Record<ClaimPath, number>;
  for (const c of claims) {
    const path = claimPathOf(c);
    if (path) mix[path] += 1;
  }
  return mix;
}

/**
 * Dollars per 1,000 claims of a mix of paths, each at its cost per 1,000 claims: the mix-weighted
 * mean. Undefined when the mix has no claims or a path in it has no cost.
 */
export function costOfMix(
  mix: Readonly<Record<ClaimPath, number>>,
  usdPer1000ByPath: Readonly<Partial<Record<ClaimPath, number>>>,
): number | undefined {
  let claims = 0;
  let usd = 0;
  for (const path of CLAIM_PATHS) {
    const n = mix[path];
    if (n === 0) continue;
    const cost = usdPer1000ByPath[path];
    if (cost === undefined) return undefined;
    claims += n;
    usd += n * cost;
  }
  return claims === 0 ? undefined : usd / claims;
}
