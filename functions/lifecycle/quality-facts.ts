import type { Claim } from '../../domain/claim.ts';
import { qualityFactsOf } from '../../domain/quality/monitor.ts';
import type { LifecycleDependencies } from './dependencies.ts';

/**
 * Files the claim's quality facts in the ledger as of this version of the claim. Called by the
 * steps and actions that change what the facts say (the decision, the review, the repair, the
 * settlement, the close, the end of a failed or cancelled claim), inside the task that made the
 * change: no state of its own, so no extra state transition. Safe to repeat and to run late: the
 * ledger keeps the newest version of a claim's facts (a write of an older one is ignored).
 */
export async function recordQualityFacts(
  deps: Pick<LifecycleDependencies, 'quality'>,
  claim: Claim,
): Promise<void> {
  await deps.quality.record({
    ...qualityFactsOf(claim),
    version: claim.version,
    homeRegion: claim.homeRegion,
  });
}
