import {
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import type { WaitKind, WorkflowWaits } from '../../domain/ports.ts';
import type { RegionalStore } from '../data/regional-store.ts';

/** The wait is over already (answered, timed out, or an older run's): its token is no use any more. */
const staleToken = (err: unknown) =>
  err instanceof TaskDoesNotExist || err instanceof TaskTimedOut || err instanceof InvalidToken;

/**
 * Task tokens of waiting executions: kept in the regional table of the claim's home region (never
 * replicated: a token is valid only in the region whose Step Functions issued it) and answered to
 * that region's Step Functions.
 */
export class StepFunctionsWaits implements WorkflowWaits {
  constructor(
    private readonly regionalIn: (region: string) => RegionalStore,
    private readonly sfnIn: (region: string) => SFNClient,
  ) {}

  private homeOf(claimId: string): string {
    const region = homeRegionOfClaimId(claimId);
    if (!region) throw new Error(`not a claim id: ${claimId}`);
    return region;
  }

  async park(claimId: string, kind: WaitKind, taskToken: string, detail: Record<string, unknown> = {}) {
    await this.regionalIn(this.homeOf(claimId)).putTaskToken(claimId, kind, taskToken, detail);
  }

  /** Answers the token with `answer`; false when nothing waited (no token, or a stale one, now forgotten). */
  private async answer(
    claimId: string,
    kind: WaitKind,
    answer: (taskToken: string) => SendTaskSuccessCommand | SendTaskFailureCommand,
  ): Promise<boolean> {
    const region = this.homeOf(claimId);
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
