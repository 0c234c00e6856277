import type { Claim } from '../../domain/claim.ts';

/**
 * Names and ARNs of a claim's executions: plain strings, no Step Functions client, so the code that
 * only needs a name (a redrive choosing its run) does not load the client (on-first-use.ts).
 */

/** The execution name of a claim's workflow: a retried start under the same epoch is the same execution. */
export const executionName = (claimId: string, epoch: number, run = 1) => `${claimId}-e${epoch}-r${run}`;

export const maintenanceExecutionName = (claimId: string, epoch: number) =>
  `${claimId}-maintenance-e${epoch}`;

/** A state machine's execution of a given name (same account, region and state machine). */
export const executionArnIn = (stateMachineArn: string, name: string) =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

export interface ExecutionRef {
  readonly executionArn: string;
  readonly name: string;
  readonly epoch: number;
  readonly run: number;
}

/** The refs of this region's ClaimLifecycle (`stateMachineArn`, read when first needed) and its namesakes. */
export function executionRefs(region: string, stateMachineArn: () => string) {
  /** This region's ClaimLifecycle ARN, moved to another region (same account, same name). */
  const stateMachineArnIn = (other: string): string =>
    stateMachineArn().replace(`:states:${region}:`, `:states:${other}:`);
  return {
    stateMachineArnIn,
    /**
     * The execution `run` of the claim under `epoch`, in the region that runs it: this one (the back
     * office acts on a claim where it is served), or `runningIn`.
     */
    ref(
      claim: Pick<Claim, 'claimId' | 'homeRegion'>,
      epoch: number,
      run: number,
      runningIn = region,
    ): ExecutionRef {
      const name = executionName(claim.claimId, epoch, run);
      return { executionArn: executionArnIn(stateMachineArnIn(runningIn), name), name, epoch, run };
    },
  };
}
