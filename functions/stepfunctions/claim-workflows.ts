import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ClaimWorkflows } from '../../domain/ports.ts';
import { executionArnIn, executionName, maintenanceExecutionName } from './execution-refs.ts';

/**
 * Starts this region's workflows by name, so a start repeated after a lost answer (or by a second
 * caller) finds the same execution: exactly one per claim, epoch and run.
 */
export class StepFunctionsClaimWorkflows implements ClaimWorkflows {
  constructor(
    private readonly sfn: SFNClient,
    /** ARNs of this region's state machines, read when first needed (CDK sets them in the environment). */
    private readonly arns: { lifecycle: () => string; maintenanceReminder: () => string },
  ) {}

  private async start(stateMachineArn: string, name: string, input: unknown): Promise<string> {
    try {
      const res = await this.sfn.send(
        new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
      );
      return res.executionArn!;
    } catch (err) {
      // Already started (and maybe finished) under this name.
      if (err instanceof ExecutionAlreadyExists) return executionArnIn(stateMachineArn, name);
      throw err;
    }
  }

  startLifecycle(claimId: string, epoch: number, run = 1): Promise<string> {
    return this.start(this.arns.lifecycle(), executionName(claimId, epoch, run), { claimId, epoch });
  }

  async startMaintenanceReminder(claimId: string, epoch: number, remindAt: string): Promise<void> {
    await this.start(this.arns.maintenanceReminder(), maintenanceExecutionName(claimId, epoch), {
      claimId,
      epoch,
      remindAt,
    });
  }
}
