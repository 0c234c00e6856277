/**
 * The claim statuses and the status machine. Pure constants and functions with no imports, so the
 * back-office console's build can import them too (what it offers is what the API enforces).
 */

/** The contract (DESIGN §4): tests outside the project rely on these names. */
export const CLAIM_STATUSES = [
  'RECEIVED',
  'IN_REVIEW',
  'APPROVED',
  'AWAITING_PARTS',
  'SCHEDULED',
  'REPAIRED',
  'SETTLED',
  'CLOSED',
  'REJECTED',
  'CANCELLED',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const TERMINAL_STATUSES: readonly ClaimStatus[] = ['CLOSED', 'REJECTED', 'CANCELLED'];
export const isTerminal = (status: ClaimStatus): boolean => TERMINAL_STATUSES.includes(status);

/**
 * Position of each status on the one-way road; the other ends (REJECTED, CANCELLED) sit after
 * everything. Every allowed transition goes to a strictly higher rank, which is what "status only
 * moves forward" means and what the property test checks.
 */
export const STATUS_RANK: Readonly<Record<ClaimStatus, number>> = {
  RECEIVED: 0,
  IN_REVIEW: 1,
  APPROVED: 2,
  AWAITING_PARTS: 3,
  SCHEDULED: 4,
  REPAIRED: 5,
  SETTLED: 6,
  CLOSED: 7,
  REJECTED: 8,
  CANCELLED: 8,
};

/**
 * The allowed next statuses. IN_REVIEW is skipped by an auto-approval, AWAITING_PARTS when every
 * part was reserved at once. Only an unreviewed claim can be rejected; once approved, a claim
 * ends by being closed or cancelled. Cancelling stops before SETTLED: after that, money moved.
 */
const NEXT: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  RECEIVED: ['IN_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED'],
  IN_REVIEW: ['APPROVED', 'REJECTED', 'CANCELLED'],
  APPROVED: ['AWAITING_PARTS', 'SCHEDULED', 'CANCELLED'],
  AWAITING_PARTS: ['SCHEDULED', 'CANCELLED'],
  SCHEDULED: ['REPAIRED', 'CANCELLED'],
  REPAIRED: ['SETTLED', 'CANCELLED'],
  SETTLED: ['CLOSED'],
  CLOSED: [],
  REJECTED: [],
  CANCELLED: [],
};

export const nextStatuses = (from: ClaimStatus): readonly ClaimStatus[] => NEXT[from];

/** Whether a claim in `from` may move to `to`. Staying put is not a transition. */
export const canTransition = (from: ClaimStatus, to: ClaimStatus): boolean => NEXT[from].includes(to);
