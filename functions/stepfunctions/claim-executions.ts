import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { Claim } from '../../domain/claim.ts';
import type { RegionOwners } from '../../domain/ports.ts';
import { type ExecutionRef, executionRefs } from './execution-refs.ts';
import {
  type CurrentState,
  type ExecutionStep,
  executionStates,
  type FailedState,
} from './execution-states.ts';

/**
 * A claim's ClaimLifecycle executions, as the back office reads them: always from the Step
 * Functions of the claim's home region (executions, like task tokens, are regional). A claim has
 * one execution per ownership epoch (`-e<epoch>-r1`, started by intake) plus one per redrive
 * (`-e<epoch>-r<n>`, recorded on the claim's `redrives`); the latest is the one that counts.
 */

export type { ExecutionRef };

export interface ExecutionSummary extends ExecutionRef {
  readonly status: string;
  readonly startDate?: string;
  readonly stopDate?: string;
  readonly error?: string;
  readonly cause?: string;
}

export interface LatestExecution {
  /** The newest execution that exists (undefined: none was ever started). */
  readonly found?: ExecutionSummary;
  /** The run the claim says is the latest (its last redrive, or run 1 of the newest epoch). */
  readonly expected: ExecutionRef;
}

export interface ExecutionView extends ExecutionSummary {
  /** The states the execution is in now (names, as in the definition): none once it ended. */
  readonly currentStates: string[];
  /** The states whose last attempt failed (names). */
  readonly failedStates: string[];
  /** The same two with when, and for failures the error and cause. */
  readonly current: CurrentState[];
  readonly failures: FailedState[];
  readonly events: ExecutionStep[];
}

const isMissing = (err: unknown) =>
  err instanceof ExecutionDoesNotExist || (err as Error).name === 'ExecutionDoesNotExist';

const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined);

/** The error and cause a failure event carries (TaskFailed, ExecutionFailed, …). */
function failureOf(e: HistoryEvent): { error?: string; cause?: string } {
  for (const [key, value] of Object.entries(e)) {
    if (!key.endsWith('EventDetails') || !value || typeof value !== 'object') continue;
    const { error, cause } = value as { error?: unknown; cause?: unknown };
    if (typeof error === 'string' || typeof cause === 'string')
      return {
        ...(typeof error === 'string' && error ? { error } : {}),
        ...(typeof cause === 'string' && cause ? { cause: cause.slice(0, 2000) } : {}),
      };
  }
  return {};
}

export const stepOf = (e: HistoryEvent): ExecutionStep => {
  const state = e.stateEnteredEventDetails?.name ?? e.stateExitedEventDetails?.name;
  return {
    id: e.id ?? 0,
    ...(e.previousEventId ? { previousEventId: e.previousEventId } : {}),
    at: (e.timestamp ?? new Date(0)).toISOString(),
    type: e.type ?? 'Unknown',
    ...(state ? { state } : {}),
    ...failureOf(e),
  };
};

/** At most this many events (a claim's run has a few hundred at most; a console shows fewer). */
const MAX_HISTORY_EVENTS = 2000;

export class ClaimExecutions {
  constructor(
    private readonly sfnIn: (region: string) => SFNClient,
    private readonly owners: RegionOwners,
    /** This region, and the ARN of its ClaimLifecycle (read when first needed). */
    private readonly region: string,
    private readonly stateMachineArn: () => string,
  ) {
    const refs = executionRefs(region, stateMachineArn);
    this.stateMachineArnIn = refs.stateMachineArnIn;
    this.ref = (claim, epoch, run, region = this.region) => refs.ref(claim, epoch, run, region);
  }

  /** This region's ClaimLifecycle ARN, moved to another region (same account, same name). */
  readonly stateMachineArnIn: (region: string) => string;
  /**
   * The execution `run` of the claim under `epoch`, in the region that runs it: this one (the back
   * office acts on a claim where it is served), or `region`.
   */
  readonly ref: (
    claim: Pick<Claim, 'claimId' | 'homeRegion'>,
    epoch: number,
    run: number,
    region?: string,
  ) => ExecutionRef;

  /**
   * Newest first: the recorded redrives, then run 1 of each epoch down from the current one, in the
   * region that writes for the claim's home now, then (a claim evacuated and back) in its home region.
   */
  private async candidates(claim: Claim): Promise<ExecutionRef[]> {
    const { epoch, writerRegion } = await this.owners.ownerOf(claim.homeRegion);
    const regions = [...new Set([writerRegion, claim.homeRegion])];
    const redrives = [...(claim.redrives ?? [])]
      .reverse()
      .map((r) => this.ref(claim, r.epoch, r.run, writerRegion));
    const firstRuns = regions.flatMap((region) =>
      Array.from({ length: epoch }, (_, i) => this.ref(claim, epoch - i, 1, region)),
    );
    return [...redrives, ...firstRuns];
  }

  async latest(claim: Claim): Promise<LatestExecution> {
    const refs = await this.candidates(claim);
    for (const ref of refs) {
      try {
        const d = await this.sfnIn(regionOfArn(ref.executionArn)).send(
          new DescribeExecutionCommand({ executionArn: ref.executionArn }),
        );
        const found: ExecutionSummary = {
          ...ref,
          status: d.status ?? 'RUNNING',
          ...(d.startDate ? { startDate: iso(d.startDate) } : {}),
          ...(d.stopDate ? { stopDate: iso(d.stopDate) } : {}),
          ...(d.error ? { error: d.error } : {}),
          ...(d.cause ? { cause: d.cause } : {}),
        };
        return { found, expected: refs[0]! };
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    return { expected: refs[0]! };
  }

  async history(region: string, executionArn: string): Promise<ExecutionStep[]> {
    const client = this.sfnIn(region);
    const events: ExecutionStep[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetExecutionHistoryCommand({
          executionArn,
          nextToken,
          maxResults: 1000,
          includeExecutionData: false,
        }),
      );
      events.push(...(page.events ?? []).map(stepOf));
      nextToken = page.nextToken;
    } while (nextToken && events.length < MAX_HISTORY_EVENTS);
    return events;
  }

  /** The claim's latest execution with its history and where it stands, or undefined if none exists. */
  async view(claim: Claim): Promise<ExecutionView | undefined> {
    const { found } = await this.latest(claim);
    if (!found) return undefined;
    const events = await this.history(regionOfArn(found.executionArn), found.executionArn);
    const { currentStates, failedStates } = executionStates(events, found.status);
    return {
      ...found,
      currentStates: currentStates.map((s) => s.state),
      failedStates: failedStates.map((s) => s.state),
      current: currentStates,
      failures: failedStates,
      events,
    };
  }

  /** This region's ClaimLifecycle as deployed: its ASL, parsed (the console draws the graph from it). */
  async definition(): Promise<{ stateMachineArn: string; name: string; definition: unknown }> {
    const arn = this.stateMachineArn();
    const d = await this.sfnIn(this.region).send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    return {
      stateMachineArn: d.stateMachineArn ?? arn,
      name: d.name ?? '',
      definition: JSON.parse(d.definition ?? '{}'),
    };
  }
}

/** `arn:aws:states:<region>:…`: the region whose Step Functions runs the execution. */
const regionOfArn = (arn: string): string => arn.split(':')[3]!;
