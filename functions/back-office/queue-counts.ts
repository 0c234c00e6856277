import { overdueOf, stalledBefore, TRANSIENT_STATUSES } from '../../domain/overdue.ts';
import { claimPartitions } from '../data/claim-index.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

export interface QueueCounts {
  readonly region: string;
  /** When the counts were taken (overdue depends on it). */
  readonly at: string;
  readonly counts: {
    readonly IN_REVIEW: number;
    readonly AWAITING_PARTS: number;
    readonly SCHEDULED: number;
    /** Claims overdue in any status (domain/overdue.ts). */
    readonly overdue: number;
  };
  /** How many claims in review carry each claim-level reason (a claim may carry several). */
  readonly reviewReasons: Record<string, number>;
}

/** What the overdue rule reads of a claim. */
const OVERDUE_FACTS = ['status', 'updatedAt', 'escalatedAt', 'appointment', 'completion', 'repairReminders'];

/**
 * The work queues of a region at a glance: how many claims wait in review, for parts and for the
 * repair, how many are overdue, and why the claims in review are there. Reads the review and
 * repair queues in full (only the attributes the rules need) and counts the others.
 */
export function queueCounts(deps: Pick<BackOfficeDependencies, 'claimIndex' | 'clock'>) {
  return async (region: string): Promise<QueueCounts> => {
    const now = deps.clock.now();
    const before = stalledBefore(now).toISOString();
    const [inReview, scheduled, awaitingParts, ...stalled] = await Promise.all([
      deps.claimIndex.readAll(claimPartitions.byStatus(region, 'IN_REVIEW'), [...OVERDUE_FACTS, 'reasons']),
      deps.claimIndex.readAll(claimPartitions.byStatus(region, 'SCHEDULED'), OVERDUE_FACTS),
      deps.claimIndex.count(claimPartitions.byStatus(region, 'AWAITING_PARTS')),
      ...TRANSIENT_STATUSES.map((s) => deps.claimIndex.count(claimPartitions.byStatus(region, s, before))),
    ]);
    const overdue =
      inReview.filter((c) => overdueOf(c, now)).length +
      scheduled.filter((c) => overdueOf(c, now)).length +
      stalled.reduce((a, b) => a + b, 0);
    const reviewReasons: Record<string, number> = {};
    for (const c of inReview)
      for (const r of new Set(c.reasons ?? [])) reviewReasons[r] = (reviewReasons[r] ?? 0) + 1;
    return {
      region,
      at: now.toISOString(),
      counts: {
        IN_REVIEW: inReview.length,
        AWAITING_PARTS: awaitingParts,
        SCHEDULED: scheduled.length,
        overdue,
      },
      reviewReasons,
    };
  };
}
