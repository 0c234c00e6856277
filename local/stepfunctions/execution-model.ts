import type { StateMachine } from 'aws-local-stepfunctions';
import type { CompiledStateMachine, Json } from './definition.ts';
import type { EventDraft, HistoryEvent } from './history.ts';
import type { ExecutionRecord, ExecutionStatus } from './store.ts';

/**
 * What the local Step Functions service knows of state machines and executions in memory, and what
 * a run of an execution (run.ts) needs from the service that owns it.
 */

export interface InvokeFunctionRequest {
  region: string;
  /** The function's id: the last part of the placeholder ARN, i.e. its name in functions/catalog.ts. */
  functionName: string;
  payload: unknown;
}

/** Runs a Lambda handler; a throw is the Lambda's error (`name` → Error, `message` → Cause). */
export type InvokeFunction = (request: InvokeFunctionRequest) => Promise<unknown>;

export interface RegisteredStateMachine {
  arn: string;
  name: string;
  roleArn: string;
  /** The definition exactly as registered: what DescribeStateMachine returns. */
  definitionText: string;
  compiled: CompiledStateMachine;
  creationDate: number;
}

/** The run under way of an execution, as its owner controls it (run.ts). */
export interface RunControl {
  /** Stops the run where it is; nothing it does afterwards reaches the history or the disk. */
  interrupt(reason: string): void;
}

export interface Execution {
  record: ExecutionRecord;
  history: HistoryEvent[];
  machine: RegisteredStateMachine;
  run?: RunControl;
}

export type Outcome =
  | { status: 'SUCCEEDED'; output: string }
  | { status: Exclude<ExecutionStatus, 'RUNNING' | 'SUCCEEDED'>; error?: string; cause?: string };

/** Someone waiting on a task token: the run that issued it. */
export interface TokenWaiter {
  succeed(output: Json): void;
  fail(error: Error): void;
  heartbeat(nextDeadline: number): void;
}

/** What a run needs from the service that owns it. */
export interface RunHost {
  readonly region: string;
  readonly invokeFunction: InvokeFunction;
  readonly waiters: Map<string, TokenWaiter>;
  timeScale(): number;
  engineFor(machine: RegisteredStateMachine): StateMachine;
  record(execution: Execution, drafts: EventDraft[]): void;
  persist(execution: Execution): Promise<void>;
  finish(execution: Execution, outcome: Outcome): void;
}
