import {
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import type { RegionOwners, WaitKind, WorkflowWaits } from '../../domain/ports.ts';
import type { RegionalStore } from '../data/regional-store.ts';

/** The wait is over already (answered, timed out, or an older run's): its token is no use any more. */
const staleToken = (err: unknown) =>
  err instanceof TaskDoesNotExist || err instanceof TaskTimedOut || err instanceof InvalidToken;

/**
 * Task tokens of waiting executions: kept in the regional table of the region that runs the claim's
 * execution, the one its home region's owner record names (the home region itself, or the region
 * it was evacuated to); never replicated: a token is valid only in the region whose Step Functions
 * issued it, and answered to that region's Step Functions. After a move, the execution resumed in
 * the new region parks its own token there.
 */
export class StepFunctionsWaits implements WorkflowWaits {
  constructor(
    private readonly regionalIn: (region: string) => RegionalStore,
    private readonly sfnIn: (region: string) => SFNClient,
    private readonly owners: RegionOwners,
  ) {}

  private async runnerOf(claimId: string): Promise<string> {
    const home = homeRegionOfClaimId(claimId);
    if (!home) throw new Error(`not a claim id: ${claimId}`);
    return (await this.owners.ownerOf(home)).writerRegion;
  }

  async park(claimId: string, kind: WaitKind, taskToken: string, detail: Record<string, unknown> = {}) {
    await this.regionalIn(await this.runnerOf(claimId)).putTaskToken(claimId, kind, taskToken, detail);
  }

  /** Answers the token with `answer`; false when nothing waited (no token, or a stale one, now forgotten). */
  private async answer(
    claimId: string,
    kind: WaitKind,
    answer: (taskToken: string) => SendTaskSuccessCommand | SendTaskFailureCommand,
  ): Promise<boolean> {
    const region = await this.runnerOf(claimId);
    const store = this.regionalIn(region);
    const token = await store.taskToken(claimId, kind);
    if (!token) return false;
    let answered = true;
    try {
      await this.sfnIn(region).send(answer(token) as SendTaskSuccessCommand);
    } catch (err) {
      if (!staleToken(err)) throw err;
      answered = false;
    }
    await store.deleteTaskToken(claimId, kind);
    return answered;
  }

  resume(claimId: string, kind: WaitKind, output: unknown): Promise<boolean> {
    return this.answer(
      claimId,
      kind,
      (taskToken) => new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) }),
    );
  }

  fail(claimId: string, kind: WaitKind, error: string, cause: string): Promise<boolean> {
    return this.answer(claimId, kind, (taskToken) => new SendTaskFailureCommand({ taskToken, error, cause }));
  }
}
