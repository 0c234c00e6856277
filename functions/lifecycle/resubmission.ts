import type { Claim, ClaimSubmission } from '../../domain/claim.ts';
import { resubmissionLink, resubmissionRefusal } from '../../domain/resubmission.ts';
import { IdempotencyConflictError, ResubmissionRefusedError } from '../errors.ts';
import { updateClaim } from './claim-loader.ts';
import { fileClaimAction } from './file-claim.ts';
import { partnerClaims } from './partner-claims.ts';

/**
 * The partner files a corrected claim for one of its REJECTED claims (domain/resubmission.ts says
 * which). Idempotent by Idempotency-Key as filing is. The original is linked first (`resubmittedAs`,
 * only if it names no other correction), then the correction is written and its workflow started:
 * a crash in between is finished by the same request again, and two different requests cannot both
 * correct one claim.
 */
export function resubmitClaimAction(
  deps: Parameters<typeof fileClaimAction>[0] & Parameters<typeof partnerClaims>[0],
) {
  const fileClaim = fileClaimAction(deps);
  const { claimOfPartner } = partnerClaims(deps);

  return async function resubmitClaim(
    partnerId: string,
    claimId: string,
    submission: ClaimSubmission,
    idempotencyKey: string,
  ): Promise<{ claim: Claim; replayed: boolean }> {
    const original = await claimOfPartner(partnerId, claimId);
    const refusal = resubmissionRefusal(original);
    // ALREADY_RESUBMITTED may be this very request again: the Idempotency-Key decides below.
    if (refusal && refusal.code !== 'ALREADY_RESUBMITTED') throw new ResubmissionRefusedError(refusal);
    const result = await fileClaim(partnerId, submission, idempotencyKey, {
      resubmission: resubmissionLink(original),
      beforeCreate: async (newId) => {
        await updateClaim(deps.claims, claimId, (c) => {
          if (c.resubmittedAs === newId) return undefined;
          const now = resubmissionRefusal(c);
          if (now) throw new ResubmissionRefusedError(now);
          return { ...c, resubmittedAs: newId, updatedAt: deps.clock.now().toISOString() };
        });
      },
    });
    // The key was first used to file some other claim (same body): not this correction.
    if (result.claim.resubmissionOf !== claimId) throw new IdempotencyConflictError(result.claim.claimId);
    return result;
  };
}
