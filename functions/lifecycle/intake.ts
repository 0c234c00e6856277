import { createHash } from 'node:crypto';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { type Claim, type ClaimSubmission, type ReceiveClaim, receiveClaim } from '../../domain/claim.ts';
import { newClaimId } from '../../domain/claim-id.ts';
import type { Partner } from '../../domain/partner.ts';
import { ClaimAlreadyExistsError } from '../../domain/ports.ts';
import { sfn } from '../shared/clients.ts';
import { claimsRepo, clock, globalTable, regional, settings } from '../shared/context.ts';

/** The partner called an export region that is not its home: nothing is written here. */
export class WrongRegionError extends Error {
  constructor(readonly homeRegion: string) {
    super(`this partner's claims live in ${homeRegion}; call that region's API`);
    this.name = 'WrongRegionError';
  }
}

/** The Idempotency-Key was used before with a different body. */
export class IdempotencyConflictError extends Error {
  constructor(readonly claimId: string) {
    super(`this Idempotency-Key was already used for another request (claim ${claimId})`);
    this.name = 'IdempotencyConflictError';
  }
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** The execution name for a claim's workflow: a retried start under the same epoch is the same execution. */
export const executionName = (claimId: string, epoch: number, run = 1) => `${claimId}-e${epoch}-r${run}`;

export const stateMachineArn = () => {
  const arn = process.env.CLAIMFLOW_STATE_MACHINE_ARN;
  if (!arn) throw new Error('CLAIMFLOW_STATE_MACHINE_ARN is not set');
  return arn;
};

/**
 * Files a claim (DESIGN §7): idempotent by the partner's Idempotency-Key (same key and body → the
 * same claim, no second execution; same key, other body → IdempotencyConflictError), written in
 * the partner's home region as RECEIVED, then its ClaimLifecycle execution started by name.
 */
export async function submitClaim(
  partner: Partner,
  submission: ClaimSubmission,
  idempotencyKey: string,
  options: {
    /** A correction of a REJECTED claim: the link back and the first filing. */
    resubmission?: ReceiveClaim['resubmission'];
    /** Runs once the claim's id is known, before it is written (a correction links the original first). */
    beforeCreate?: (claimId: string) => Promise<void>;
  } = {},
): Promise<{ claim: Claim; replayed: boolean }> {
  if (partner.homeRegion !== settings.region) throw new WrongRegionError(partner.homeRegion);
  const bodyHash = createHash('sha256').update(canonical(submission)).digest('hex');
  const onceKey = `idempotency#${partner.partnerId}#${createHash('sha256').update(idempotencyKey).digest('hex')}`;

  let claimId = newClaimId(settings.region, clock.now(), Math.random);
  let replayed = false;
  // Idempotency keys are kept a day (as payment APIs do): long enough for any client retry.
  if (!(await regional.claimOnce(onceKey, { claimId, bodyHash }, 1))) {
    const first = await regional.once(onceKey);
    if (first?.bodyHash !== bodyHash) throw new IdempotencyConflictError(String(first?.claimId));
    claimId = String(first.claimId);
    replayed = true;
  }

  const repo = claimsRepo();
  // A first request minted a fresh id just now: nothing to read back (one read less per claim filed).
  let claim = replayed ? await repo.get(claimId) : undefined;
  if (!claim) {
    await options.beforeCreate?.(claimId);
    const centreId = partner.serviceCentres[0]?.centreId;
    claim = receiveClaim({
      claimId,
      partner,
      centreId,
      submission,
      ...(options.resubmission ? { resubmission: options.resubmission } : {}),
      region: settings.region,
      at: clock.now(),
    });
    try {
      await repo.create(claim);
    } catch (err) {
      if (!(err instanceof ClaimAlreadyExistsError)) throw err;
      claim = (await repo.get(claimId))!;
    }
  }
  await startLifecycle(claimId);
  return { claim, replayed };
}

/** Starts (or finds already started) the claim's execution for the current ownership epoch. */
export async function startLifecycle(claimId: string): Promise<string> {
  const { epoch } = await globalTable.ownerOf(settings.region);
  const name = executionName(claimId, epoch);
  try {
    const res = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: stateMachineArn(),
        name,
        input: JSON.stringify({ claimId, epoch }),
      }),
    );
    return res.executionArn!;
  } catch (err) {
    // Already started (and maybe finished) under this name: exactly one execution per claim and epoch.
    if (err instanceof ExecutionAlreadyExists)
      return `${stateMachineArn().replace(':stateMachine:', ':execution:')}:${name}`;
    throw err;
  }
}
