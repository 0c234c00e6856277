import type { StateMachine } from 'aws-local-stepfunctions';
import type { CompiledStateMachine } from './definition.ts';
import type {
  Execution,
  InvokeFunction,
  Outcome,
  RegisteredStateMachine,
  RunHost,
  TokenWaiter,
} from './execution-model.ts';
import { type EventDraft, type HistoryEvent, historyEvents } from './history.ts';
import { ExecutionRun } from './run.ts';
import type { RegionStore } from './store.ts';

/** What every region shares from the service: the Lambda runner, the time scale and the engines. */
export interface ServiceShared {
  readonly invokeFunction: InvokeFunction;
  readonly timeScale: number;
  engineFor(compiled: CompiledStateMachine): StateMachine;
}

/** One simulated region's state machines, executions and task-token waiters, and its store. */
export class RegionRuntime implements RunHost {
  readonly machines = new Map<string, RegisteredStateMachine>();
  readonly executions = new Map<string, Execution>();
  /** Executions of each machine, in start order. */
  readonly executionsByMachine = new Map<string, Execution[]>();
  readonly waiters = new Map<string, TokenWaiter>();

  constructor(
    readonly region: string,
    readonly store: RegionStore,
    private readonly service: ServiceShared,
  ) {}

  get invokeFunction(): InvokeFunction {
    return this.service.invokeFunction;
  }

  timeScale(): number {
    return this.service.timeScale;
  }

  engineFor(machine: RegisteredStateMachine): StateMachine {
    return this.service.engineFor(machine.compiled);
  }

  record(execution: Execution, drafts: EventDraft[]): void {
    void this.store.appendHistory(execution.record, appendEvents(execution, drafts));
  }

  persist(execution: Execution): Promise<void> {
    return this.store.save(execution.record);
  }

  finish(execution: Execution, outcome: Outcome): void {
    void this.complete(execution, outcome);
  }

  /** Moves a RUNNING execution to its end state, once; resolves when that is on disk. */
  async complete(execution: Execution, outcome: Outcome): Promise<void> {
    const { record } = execution;
    if (record.status !== 'RUNNING') return;
    record.status = outcome.status;
    record.stopDate = Date.now();
    let event: EventDraft;
    if (outcome.status === 'SUCCEEDED') {
      record.output = outcome.output;
      event = historyEvents.executionSucceeded(outcome.output);
    } else {
      if (outcome.error !== undefined) record.error = outcome.error;
      if (outcome.cause !== undefined) record.cause = outcome.cause;
      event =
        outcome.status === 'ABORTED'
          ? historyEvents.executionAborted(outcome.error, outcome.cause)
          : outcome.status === 'TIMED_OUT'
            ? historyEvents.executionTimedOut()
            : historyEvents.executionFailed(outcome.error, outcome.cause);
    }
    for (const token of Object.values(record.tokens))
      if (token.status === 'PENDING') token.status = 'CANCELLED';
    execution.run = undefined;
    await this.store.save(record, appendEvents(execution, [event]));
  }

  startRun(execution: Execution): void {
    const run = new ExecutionRun(this, execution);
    execution.run = run;
    run.start();
  }
}

/** Numbers and timestamps history events and adds them to the execution's history. */
export function appendEvents(execution: Execution, drafts: EventDraft[]): HistoryEvent[] {
  const { history } = execution;
  return drafts.map((draft) => {
    const id = history.length + 1;
    const event = { ...draft, id, previousEventId: id - 1, timestamp: Date.now() / 1000 } as HistoryEvent;
    history.push(event);
    return event;
  });
}
