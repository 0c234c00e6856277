import { type ClaimStatus, canTransition } from '../../domain/claim-status.ts';

/**
 * The claim statuses and the status machine, imported from the domain (pure constants and
 * functions, no I/O) rather than copied: the console shows and offers what the API enforces.
 */
export { CLAIM_STATUSES, type ClaimStatus, isTerminal } from '../../domain/claim-status.ts';

/** A claim can be cancelled until money moved (the status machine: nothing after REPAIRED). */
export const isCancellable = (status: ClaimStatus): boolean => canTransition(status, 'CANCELLED');
