import type { Claim } from './claim.ts';
import { DEFAULT_RESTOCK_DAYS, type Part } from './part.ts';

const DAY_MS = 24 * 3600 * 1000;

/**
 * When a claim waiting for parts can expect them: from the moment it started waiting, the longest
 * usual restock time of its backordered parts (master data; two weeks when a part has none). An
 * expectation, told to the customer as such, not a promise the workflow keeps.
 */
export function partsExpectedAt(
  claim: Pick<Claim, 'backorders' | 'events' | 'updatedAt'>,
  parts: ReadonlyMap<string, Pick<Part, 'restockDays'>>,
): Date | undefined {
  const waiting = claim.backorders ?? [];
  if (waiting.length === 0) return undefined;
  const since = claim.events.findLast((e) => e.to === 'AWAITING_PARTS')?.at ?? claim.updatedAt;
  const days = Math.max(...waiting.map((b) => parts.get(b.partNumber)?.restockDays ?? DEFAULT_RESTOCK_DAYS));
  return new Date(Date.parse(since) + days * DAY_MS);
}
