import '../node20-support.ts';
import type { RunOptions } from 'aws-local-stepfunctions';
import type { Json, StateInfo, WrappedTaskInput } from './definition.ts';
import { functionIdOf, TASK_TOKEN_SENTINEL } from './definition.ts';
import { RunInterrupted, StateError } from './errors.ts';
import type { Execution, Outcome, RunControl, RunHost } from './execution-model.ts';
import {
  type EngineEvent,
  type EventDraft,
  historyEvents,
  historyEventsFromEngine,
  type TaskRef,
  taskRefOf,
} from './history.ts';
import {
  asObject,
  errorAndCause,
  functionNameOf,
  isTimeout,
  lambdaInvokeResponse,
  secondsOf,
  throughJson,
  waitMs,
  withTaskToken,
} from './state-io.ts';
import type { TaskTokenRecord } from './store.ts';
import { issueTaskToken, taskKey } from './task-tokens.ts';
import { Deadline, nextTurn, sleepUntil, statesTimeout } from './timers.ts';

type TaskHandler = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>[string];

/**
 * One run of an execution on aws-local-stepfunctions: from its start with its original input (a
 * resumed execution runs again from the start; its tasks are idempotent and its task tokens and
 * waits are keyed by state and entry, so the replay meets the same tokens and the remaining part
 * of its waits).
 */
export class ExecutionRun implements RunControl {
  private readonly controller = new AbortController();
  /** How many times each state has been entered in this run (1-based), the key of tokens and waits. */
  private readonly entries = new Map<string, number>();
  private abortEngine: (() => void) | undefined;
  private executionDeadline: Deadline | undefined;
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: RunHost,
    private readonly execution: Execution,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  start(): void {
    const { record, machine } = this.execution;
    const handlers: Record<string, TaskHandler> = {};
    for (const state of machine.compiled.states.values()) {
      const handler = this.handlerFor(state);
      if (handler) handlers[state.name] = handler;
    }
    const engineRun = this.host.engineFor(machine).run(JSON.parse(record.input), {
      overrides: { taskResourceLocalHandlers: handlers },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: record.executionArn, Name: record.name, RoleArn: machine.roleArn },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: TASK_TOKEN_SENTINEL },
      },
    });
    this.abortEngine = engineRun.abort;
    if (record.timeoutAt !== undefined) {
      this.executionDeadline = new Deadline(record.timeoutAt, () => {
        this.host.finish(this.execution, { status: 'TIMED_OUT', error: 'States.Timeout' });
        this.interrupt('execution timed out');
      });
    }
    const logged = this.recordEngineEvents(engineRun.eventLogs as AsyncGenerator<EngineEvent>);
    this.done = (async () => {
      let outcome: Outcome;
      try {
        outcome = { status: 'SUCCEEDED', output: JSON.stringify((await engineRun.result) ?? null) };
      } catch (error) {
        outcome = { status: 'FAILED', ...errorAndCause(error) };
      }
      await logged;
      this.executionDeadline?.cancel();
      // Stopped, timed out or shut down: whoever interrupted the run has recorded the outcome.
      if (!this.signal.aborted) this.host.finish(this.execution, outcome);
    })();
  }

  /** Stops the run where it is; nothing it does afterwards reaches the history or the disk. */
  interrupt(reason: string): void {
    if (this.signal.aborted) return;
    this.executionDeadline?.cancel();
    this.controller.abort(new RunInterrupted(reason));
    this.abortEngine?.();
  }

  private async recordEngineEvents(events: AsyncGenerator<EngineEvent>): Promise<void> {
    const { states } = this.execution.machine.compiled;
    for await (const event of events) {
      const drafts = historyEventsFromEngine(event, states);
      if (drafts.length > 0) this.record(drafts);
    }
  }

  private record(drafts: EventDraft[]): void {
    if (!this.signal.aborted) this.host.record(this.execution, drafts);
  }

  private handlerFor(state: StateInfo): TaskHandler | undefined {
    switch (state.kind) {
      case 'lambda-invoke':
        return (input) => this.runLambdaInvoke(state, input as unknown as WrappedTaskInput);
      case 'lambda-invoke-token':
        return (input) => this.runWaitForTaskToken(state, input as unknown as WrappedTaskInput);
      case 'lambda-function':
        return (input) => this.runLambdaFunction(state, input as unknown as WrappedTaskInput);
      case 'wait':
        return (input) => this.runWait(state, input as unknown as WrappedTaskInput);
      default:
        return undefined;
    }
  }

  /** Common start of every state the service runs; returns which entry into the state this is. */
  private async enter(state: StateInfo): Promise<number> {
    // The engine logs StateEntered just before calling us and its log is read asynchronously:
    // let the reader catch up so that our task events follow the state's entry in the history.
    await nextTurn();
    this.throwIfInterrupted();
    const entry = (this.entries.get(state.name) ?? 0) + 1;
    this.entries.set(state.name, entry);
    return entry;
  }

  private throwIfInterrupted(): void {
    if (this.signal.aborted) throw this.signal.reason;
  }

  /** `arn:aws:states:::lambda:invoke`: the handler's result in the Lambda Invoke response envelope. */
  private async runLambdaInvoke(state: StateInfo, wrapped: WrappedTaskInput): Promise<Json> {
    await this.enter(state);
    const task = taskRefOf(state.resource!, this.host.region);
    const parameters = asObject(wrapped.input, state.name);
    const timeoutSeconds = secondsOf(wrapped.timeoutSeconds, state.timeoutSeconds, 'TimeoutSecondsPath');
    const functionName = functionNameOf(parameters.FunctionName);
    this.record([
      historyEvents.taskScheduled(task, parameters, timeoutSeconds),
      historyEvents.taskStarted(task),
    ]);
    try {
      const payload = await this.invoke(functionName, parameters.Payload ?? {}, timeoutSeconds);
      const response = lambdaInvokeResponse(payload);
      this.record([historyEvents.taskSucceeded(task, response)]);
      return response;
    } catch (error) {
      throw this.taskError(error, task);
    }
  }

  /** A Lambda ARN as Resource (`payloadResponseOnly`): the handler's result as is. */
  private async runLambdaFunction(state: StateInfo, wrapped: WrappedTaskInput): Promise<Json> {
    await this.enter(state);
    const resource = state.resource!;
    const timeoutSeconds = secondsOf(wrapped.timeoutSeconds, state.timeoutSeconds, 'TimeoutSecondsPath');
    this.record([
      historyEvents.lambdaScheduled(resource, wrapped.input, timeoutSeconds),
      historyEvents.lambdaStarted(),
    ]);
    try {
      const output = await this.invoke(functionIdOf(resource), wrapped.input, timeoutSeconds);
      this.record([historyEvents.lambdaSucceeded(output)]);
      return output;
    } catch (error) {
      if (this.signal.aborted) throw this.signal.reason;
      const { error: name, cause } = errorAndCause(error);
      if (isTimeout(error)) {
        this.record([historyEvents.lambdaTimedOut(name!, cause)]);
        throw error;
      }
      this.record([historyEvents.lambdaFailed(name!, cause ?? '')]);
      throw new StateError(name!, cause ?? '');
    }
  }

  /**
   * `arn:aws:states:::lambda:invoke.waitForTaskToken`: issue the token of this entry (the same one a
   * run before a restart issued), hand it to the Lambda, then wait for SendTaskSuccess/Failure, the
   * task's TimeoutSeconds or its HeartbeatSeconds (both scaled, both counted from the first issue).
   */
  private async runWaitForTaskToken(state: StateInfo, wrapped: WrappedTaskInput): Promise<Json> {
    const entry = await this.enter(state);
    const { record } = this.execution;
    const task = taskRefOf(state.resource!, this.host.region);
    const key = taskKey(state.name, entry);
    const timeoutSeconds = secondsOf(wrapped.timeoutSeconds, state.timeoutSeconds, 'TimeoutSecondsPath');
    const heartbeatSeconds = secondsOf(
      wrapped.heartbeatSeconds,
      state.heartbeatSeconds,
      'HeartbeatSecondsPath',
    );
    let token = record.tokens[key];
    if (!token) {
      const now = Date.now();
      token = {
        token: issueTaskToken(record.tokenSecret, {
          executionArn: record.executionArn,
          stateName: state.name,
          entry,
        }),
        stateName: state.name,
        entry,
        issuedAt: now,
        submitted: false,
        status: 'PENDING',
      };
      if (timeoutSeconds !== undefined) token.timeoutAt = now + this.scaledMs(timeoutSeconds);
      if (heartbeatSeconds !== undefined) {
        token.heartbeatSeconds = heartbeatSeconds;
        token.heartbeatAt = now + this.scaledMs(heartbeatSeconds);
      }
      record.tokens[key] = token;
      // On disk before the Lambda sees it, so the token stays answerable if the service stops right after.
      await this.host.persist(this.execution);
      this.throwIfInterrupted();
    }
    const parameters = asObject(withTaskToken(wrapped.input, token.token), state.name);
    const functionName = functionNameOf(parameters.FunctionName);
    this.record([
      historyEvents.taskScheduled(task, parameters, timeoutSeconds, heartbeatSeconds),
      historyEvents.taskStarted(task),
    ]);
    // Answered while no run was waiting for it: before a restart, or before this replay got here.
    if (token.status !== 'PENDING') return this.answeredToken(task, token);

    const { promise, resolve, reject } = Promise.withResolvers<Json>();
    const tokenRecord = token;
    let settled = false;
    const expire = () => {
      if (tokenRecord.status !== 'PENDING') return;
      tokenRecord.status = 'TIMED_OUT';
      void this.host.persist(this.execution);
      reject(statesTimeout());
    };
    const timeout =
      tokenRecord.timeoutAt !== undefined ? new Deadline(tokenRecord.timeoutAt, expire) : undefined;
    const heartbeat =
      tokenRecord.heartbeatAt !== undefined ? new Deadline(tokenRecord.heartbeatAt, expire) : undefined;
    const onInterrupt = () => reject(this.signal.reason);
    this.signal.addEventListener('abort', onInterrupt, { once: true });
    this.host.waiters.set(tokenRecord.token, {
      succeed: resolve,
      fail: reject,
      heartbeat: (nextDeadline) => heartbeat?.moveTo(nextDeadline),
    });
    try {
      if (!tokenRecord.submitted) {
        this.invoke(functionName, parameters.Payload ?? {}, undefined).then(
          (payload) => {
            if (tokenRecord.status === 'CANCELLED' || this.signal.aborted) return;
            tokenRecord.submitted = true;
            void this.host.persist(this.execution);
            // Not after the task's end: the Lambda may have answered its own token before returning.
            if (!settled) this.record([historyEvents.taskSubmitted(task, lambdaInvokeResponse(payload))]);
          },
          (error: unknown) => {
            if (tokenRecord.status !== 'PENDING') return;
            const { error: name, cause } = errorAndCause(error);
            Object.assign(tokenRecord, { status: 'FAILED', error: name, cause });
            void this.host.persist(this.execution);
            reject(new StateError(name ?? 'Error', cause ?? ''));
          },
        );
      }
      const output = await promise;
      this.record([historyEvents.taskSucceeded(task, output)]);
      return output;
    } catch (error) {
      throw this.taskError(error, task);
    } finally {
      settled = true;
      timeout?.cancel();
      heartbeat?.cancel();
      this.signal.removeEventListener('abort', onInterrupt);
      this.host.waiters.delete(tokenRecord.token);
    }
  }

  private answeredToken(task: TaskRef, token: TaskTokenRecord): Json {
    switch (token.status) {
      case 'SUCCEEDED': {
        const output = JSON.parse(token.output ?? 'null') as Json;
        this.record([historyEvents.taskSucceeded(task, output)]);
        return output;
      }
      case 'FAILED':
        this.record([historyEvents.taskFailed(task, token.error ?? '', token.cause ?? '')]);
        throw new StateError(token.error ?? '', token.cause ?? '');
      case 'TIMED_OUT':
        this.record([historyEvents.taskTimedOut(task, 'States.Timeout')]);
        throw statesTimeout();
      default:
        throw new RunInterrupted(`task token ${token.stateName}#${token.entry} was cancelled`);
    }
  }

  /** A Wait state (run as a Task by the engine's copy): its duration scaled, its end kept across restarts. */
  private async runWait(state: StateInfo, wrapped: WrappedTaskInput): Promise<Json> {
    const entry = await this.enter(state);
    const { record } = this.execution;
    const key = taskKey(state.name, entry);
    let dueAt = record.waits[key];
    if (dueAt === undefined) {
      dueAt = Date.now() + waitMs(state, wrapped, this.host.timeScale());
      record.waits[key] = dueAt;
      void this.host.persist(this.execution);
    }
    await sleepUntil(dueAt, this.signal);
    return wrapped.input;
  }

  /**
   * The handler's result, through JSON as over the wire, or a timeout / interruption. A Lambda
   * task's timeout bounds real computation, so it is NOT scaled: a handler takes as long as it
   * takes on this machine. (Timeouts of waitForTaskToken tasks are waits for people: scaled.)
   */
  private invoke(functionName: string, payload: unknown, timeoutSeconds: number | undefined): Promise<Json> {
    const { promise, resolve, reject } = Promise.withResolvers<Json>();
    const deadline =
      timeoutSeconds !== undefined
        ? new Deadline(Date.now() + timeoutSeconds * 1000, () => reject(statesTimeout()))
        : undefined;
    const onInterrupt = () => reject(this.signal.reason);
    this.signal.addEventListener('abort', onInterrupt, { once: true });
    Promise.resolve()
      .then(() =>
        this.host.invokeFunction({ region: this.host.region, functionName, payload: throughJson(payload) }),
      )
      .then((result) => resolve(throughJson(result)), reject);
    return promise.finally(() => {
      deadline?.cancel();
      this.signal.removeEventListener('abort', onInterrupt);
    });
  }

  /** Records a failed task and returns the error the engine matches against Retry and Catch. */
  private taskError(error: unknown, task: TaskRef): Error {
    if (this.signal.aborted) return this.signal.reason as Error;
    if (isTimeout(error)) {
      this.record([historyEvents.taskTimedOut(task, 'States.Timeout')]);
      return error as Error;
    }
    const { error: name = 'Error', cause = '' } = errorAndCause(error);
    this.record([historyEvents.taskFailed(task, name, cause)]);
    return error instanceof StateError ? error : new StateError(name, cause);
  }

  private scaledMs(seconds: number): number {
    return seconds * 1000 * this.host.timeScale();
  }
}
