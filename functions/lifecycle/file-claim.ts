import { createHash } from 'node:crypto';
import { type Claim, type ClaimSubmission, type ReceiveClaim, receiveClaim } from '../../domain/claim.ts';
import { newClaimId } from '../../domain/claim-id.ts';
import { ClaimAlreadyExistsError } from '../../domain/ports.ts';
import { IdempotencyConflictError, UnknownServiceCentreError } from '../errors.ts';
import { loadPartner } from './claim-loader.ts';
import type { LifecycleDependencies } from './dependencies.ts';
import { assertServedHere } from './home-region.ts';

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Idempotency keys are kept a day (as payment APIs do): long enough for any client retry. */
const IDEMPOTENCY_DAYS = 1;

/**
 * Filing a claim (DESIGN §7), the one way in for the partner API and the local runtime alike.
 */
export function fileClaimAction(
  deps: Pick<
    LifecycleDependencies,
    'region' | 'clock' | 'claims' | 'partners' | 'owners' | 'idempotencyKeys' | 'workflows' | 'metrics'
  >,
) {
  /**
   * Files the partner's claim: refused outside the partner's home region before anything is written;
   * idempotent by the partner's Idempotency-Key (same key and body → the same claim, no second
   * execution; same key, other body → IdempotencyConflictError); written as RECEIVED, then its
   * ClaimLifecycle execution started by name.
   */
  return async function fileClaim(
    partnerId: string,
    submission: ClaimSubmission,
    idempotencyKey: string,
    options: {
      /** A correction of a REJECTED claim: the link back and the first filing. */
      resubmission?: ReceiveClaim['resubmission'];
      /** Runs once the claim's id is known, before it is written (a correction links the original first). */
      beforeCreate?: (claimId: string) => Promise<void>;
    } = {},
  ): Promise<{ claim: Claim; replayed: boolean }> {
    const partner = await loadPartner(deps, partnerId);
    await assertServedHere(deps.owners, partner.homeRegion, deps.region);
    const named = submission.serviceCentreId;
    if (named !== undefined && !partner.serviceCentres.some((c) => c.centreId === named))
      throw new UnknownServiceCentreError(named);
    const bodyHash = sha256(canonical(submission));
    const keyHash = sha256(idempotencyKey);

    // Homed in the partner's region even when another region serves it after an evacuation: its
    // claims move back together on failback.
    const home = partner.homeRegion;
    let claimId = newClaimId(home, deps.clock.now(), Math.random);
    let replayed = false;
    // In the global table, not the regional one: the key moves with the partner's claims when its
    // region is evacuated, so a retry in the new home region replays the first filing.
    const use = { homeRegion: home, partnerId: partner.partnerId, keyHash };
    if (!(await deps.idempotencyKeys.recordFirst(use, { claimId, bodyHash }, IDEMPOTENCY_DAYS))) {
      const first = await deps.idempotencyKeys.readFirst(partner.partnerId, keyHash);
      if (first?.bodyHash !== bodyHash) throw new IdempotencyConflictError(String(first?.claimId));
      claimId = String(first.claimId);
      replayed = true;
    }

    // A first request minted a fresh id just now: nothing to read back (one read less per claim filed).
    let claim = replayed ? await deps.claims.get(claimId) : undefined;
    if (!claim) {
      await options.beforeCreate?.(claimId);
      claim = receiveClaim({
        claimId,
        partner,
        // A centre the partner named; otherwise Adjudicate picks one (functions/lifecycle/centre-choice.ts).
        ...(named === undefined ? {} : { centreId: named }),
        submission,
        ...(options.resubmission ? { resubmission: options.resubmission } : {}),
        region: home,
        at: deps.clock.now(),
      });
      try {
        await deps.claims.create(claim);
        deps.metrics.count('ClaimFiled');
      } catch (err) {
        if (!(err instanceof ClaimAlreadyExistsError)) throw err;
        claim = (await deps.claims.get(claimId))!;
      }
    }
    const { epoch } = await deps.owners.ownerOf(home);
    await deps.workflows.startLifecycle(claimId, epoch);
    return { claim, replayed };
  };
}
