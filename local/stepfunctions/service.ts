import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import { type CompiledStateMachine, compileForEngine, compileStateMachine, type Json } from './definition.ts';
import { apiError, StateError } from './errors.ts';
import { type EventDraft, type HistoryEvent, historyEvents } from './history.ts';
import {
  type Execution,
  ExecutionRun,
  type InvokeFunction,
  type Outcome,
  type RegisteredStateMachine,
  type RunHost,
  type TokenWaiter,
} from './run.ts';
import { type ExecutionRecord, type ExecutionStatus, RegionStore, type TaskTokenRecord } from './store.ts';
import { isTaskTokenSignedBy, readTaskToken, taskKey } from './task-tokens.ts';

/**
 * The Step Functions API of one simulated AWS account, one independent set of state machines and
 * executions per region. Transport-free: server.ts carries it over HTTP.
 */

export const LOCAL_ACCOUNT_ID = '000000000000';
const MAX_PAYLOAD_BYTES = 256 * 1024;
const EXECUTION_STATUSES: ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
// Names: 1-80 characters, none of whitespace, brackets, wildcards, "#%\^|~`$&,;:/ or control characters.
const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,80}$/;
const isValidName = (name: string): boolean =>
  NAME_PATTERN.test(name) &&
  [...name].every((char) => {
    const code = char.codePointAt(0)!;
    return code > 0x1f && (code < 0x7f || code > 0x9f);
  });

export interface StateMachineSource {
  name: string;
  /** ASL, as an object or JSON text (e.g. `renderAsl(...).definition`). */
  definition: object | string;
}

export interface LocalStepFunctionsOptions {
  dataDir: string;
  regions: string[];
  stateMachines: StateMachineSource[];
  invokeFunction: InvokeFunction;
  /** 1 = real time; 0.001 = a day takes 86.4 s. Applies to waits, task timeouts and retry intervals. */
  timeScale?: number;
  /** Where the service reports what it cannot do otherwise (a failed write). Default: console.error. */
  onError?: (error: unknown) => void;
  /** Size past which a region's journal is checkpointed and started afresh (store.ts). Default 32 MiB. */
  journalLimitBytes?: number;
}

type Request = Record<string, unknown>;

class RegionRuntime implements RunHost {
  readonly machines = new Map<string, RegisteredStateMachine>();
  readonly executions = new Map<string, Execution>();
  /** Executions of each machine, in start order. */
  readonly executionsByMachine = new Map<string, Execution[]>();
  readonly waiters = new Map<string, TokenWaiter>();

  constructor(
    readonly region: string,
    readonly store: RegionStore,
    private readonly service: LocalStepFunctions,
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

function appendEvents(execution: Execution, drafts: EventDraft[]): HistoryEvent[] {
  const { history } = execution;
  return drafts.map((draft) => {
    const id = history.length + 1;
    const event = { ...draft, id, previousEventId: id - 1, timestamp: Date.now() / 1000 } as HistoryEvent;
    history.push(event);
    return event;
  });
}

export class LocalStepFunctions {
  readonly invokeFunction: InvokeFunction;
  private scale: number;
  private readonly regions = new Map<string, RegionRuntime>();
  private readonly engines = new WeakMap<CompiledStateMachine, Map<number, StateMachine>>();
  private closed = false;

  private constructor(options: LocalStepFunctionsOptions) {
    this.invokeFunction = options.invokeFunction;
    this.scale = validTimeScale(options.timeScale ?? 1);
  }

  /** Registers the state machines in every region, loads what dataDir holds and resumes what was running. */
  static async open(options: LocalStepFunctionsOptions): Promise<LocalStepFunctions> {
    const service = new LocalStepFunctions(options);
    const onError = options.onError ?? ((error: unknown) => console.error('[local-sfn]', error));
    const compiled = options.stateMachines.map((source) => {
      if (!isValidName(source.name)) throw new Error(`invalid state machine name: ${source.name}`);
      const definitionText =
        typeof source.definition === 'string' ? source.definition : JSON.stringify(source.definition);
      return {
        name: source.name,
        definitionText,
        compiled: compileStateMachine(source.name, source.definition),
      };
    });
    const creationDate = Date.now();
    for (const region of new Set(options.regions)) {
      const runtime = new RegionRuntime(
        region,
        new RegionStore(join(options.dataDir, region), onError, {
          journalLimitBytes: options.journalLimitBytes,
        }),
        service,
      );
      for (const { name, definitionText, compiled: machine } of compiled) {
        const arn = `arn:aws:states:${region}:${LOCAL_ACCOUNT_ID}:stateMachine:${name}`;
        runtime.machines.set(arn, {
          arn,
          name,
          roleArn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${name}-role`,
          definitionText,
          compiled: machine,
          creationDate,
        });
        runtime.executionsByMachine.set(arn, []);
      }
      service.regions.set(region, runtime);
    }
    for (const runtime of service.regions.values()) await service.restore(runtime);
    return service;
  }

  get timeScale(): number {
    return this.scale;
  }

  /** Applies to timers started from now on (running waits and deadlines keep theirs). */
  setTimeScale(scale: number): void {
    this.scale = validTimeScale(scale);
  }

  hasRegion(region: string): boolean {
    return this.regions.has(region);
  }

  engineFor(compiled: CompiledStateMachine): StateMachine {
    let byScale = this.engines.get(compiled);
    if (!byScale) {
      byScale = new Map();
      this.engines.set(compiled, byScale);
    }
    let engine = byScale.get(this.scale);
    if (!engine) {
      engine = new StateMachine(compileForEngine(compiled, this.scale), {
        validationOptions: { noValidate: true },
      });
      byScale.set(this.scale, engine);
    }
    return engine;
  }

  /** Stops every run where it is (executions stay RUNNING on disk) and waits for pending writes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const runtime of this.regions.values()) {
      for (const execution of runtime.executions.values())
        execution.run?.interrupt('the service is stopping');
    }
    for (const runtime of this.regions.values()) {
      await runtime.store.flush();
      await runtime.store.close();
    }
  }

  /** One API call. Throws SfnApiError for what AWS answers with a 4xx. */
  async call(region: string, action: string, request: Request): Promise<unknown> {
    const runtime = this.regions.get(region);
    if (!runtime) throw apiError('UnrecognizedClientException', `region ${region} is not simulated here`);
    switch (action) {
      case 'StartExecution':
        return this.startExecution(runtime, request);
      case 'DescribeExecution':
        return describeExecution(executionOf(runtime, request.executionArn));
      case 'ListExecutions':
        return listExecutions(runtime, request);
      case 'GetExecutionHistory':
        return getExecutionHistory(executionOf(runtime, request.executionArn), request);
      case 'StopExecution':
        return stopExecution(runtime, executionOf(runtime, request.executionArn), request);
      case 'SendTaskSuccess':
        return sendTaskSuccess(runtime, request);
      case 'SendTaskFailure':
        return sendTaskFailure(runtime, request);
      case 'SendTaskHeartbeat':
        return sendTaskHeartbeat(runtime, request);
      case 'DescribeStateMachine':
        return describeStateMachine(machineOf(runtime, request.stateMachineArn));
      case 'DescribeStateMachineForExecution':
        return describeStateMachine(executionOf(runtime, request.executionArn).machine);
      case 'ListStateMachines':
        return listStateMachines(runtime, request);
      default:
        throw apiError(
          'UnknownOperationException',
          `operation ${action} is not supported by the local Step Functions`,
        );
    }
  }

  private async startExecution(runtime: RegionRuntime, request: Request): Promise<unknown> {
    const machine = machineOf(runtime, request.stateMachineArn);
    const name = request.name === undefined ? randomUUID() : request.name;
    if (typeof name !== 'string' || !isValidName(name)) {
      throw apiError('InvalidName', `Invalid Name: '${String(name)}'`);
    }
    const input = request.input === undefined ? '{}' : request.input;
    if (typeof input !== 'string' || Buffer.byteLength(input) > MAX_PAYLOAD_BYTES || !isJson(input)) {
      throw apiError(
        'InvalidExecutionInput',
        'Invalid State Machine Execution Input: input must be JSON of at most 256 KiB',
      );
    }
    const executionArn = `arn:aws:states:${runtime.region}:${LOCAL_ACCOUNT_ID}:execution:${machine.name}:${name}`;
    const existing = runtime.executions.get(executionArn);
    if (existing) {
      // As in AWS (Standard): the same name and input as a RUNNING execution returns it; anything else is refused.
      if (existing.record.status === 'RUNNING' && sameJson(existing.record.input, input)) {
        return { executionArn, startDate: epochSeconds(existing.record.startDate) };
      }
      throw apiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    if (this.closed) throw apiError('ServiceUnavailable', 'the local Step Functions service is stopping');
    const startDate = Date.now();
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      input,
      status: 'RUNNING',
      startDate,
      tokenSecret: randomBytes(16).toString('hex'),
      runs: 1,
      tokens: {},
      waits: {},
    };
    if (machine.compiled.timeoutSeconds !== undefined) {
      record.timeoutAt = startDate + machine.compiled.timeoutSeconds * 1000 * this.scale;
    }
    const execution: Execution = { record, history: [], machine };
    runtime.executions.set(executionArn, execution);
    runtime.executionsByMachine.get(machine.arn)!.push(execution);
    const started = appendEvents(execution, [historyEvents.executionStarted(input, machine.roleArn)]);
    await runtime.store.save(record, started);
    if (!this.closed) runtime.startRun(execution);
    return { executionArn, startDate: epochSeconds(startDate) };
  }

  private async restore(runtime: RegionRuntime): Promise<void> {
    const stored = await runtime.store.load();
    stored.sort((a, b) => a.record.startDate - b.record.startDate);
    for (const { record, history } of stored) {
      const machine = runtime.machines.get(record.stateMachineArn);
      // A machine no longer registered: keep its executions out of sight rather than fail the start.
      if (!machine) continue;
      const execution: Execution = { record, history, machine };
      runtime.executions.set(record.executionArn, execution);
      runtime.executionsByMachine.get(machine.arn)!.push(execution);
    }
    for (const execution of runtime.executions.values()) {
      if (execution.record.status !== 'RUNNING') continue;
      // Resume by running again from the start with the same input (see run.ts).
      execution.record.runs += 1;
      await runtime.persist(execution);
      runtime.startRun(execution);
    }
  }
}

function describeExecution(execution: Execution): unknown {
  const { record } = execution;
  return definedOnly({
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    stopDate: record.stopDate === undefined ? undefined : epochSeconds(record.stopDate),
    input: record.input,
    inputDetails: { included: true },
    output: record.output,
    outputDetails: record.output === undefined ? undefined : { included: true },
    error: record.error,
    cause: record.cause,
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  });
}

function listExecutions(runtime: RegionRuntime, request: Request): unknown {
  const machine = machineOf(runtime, request.stateMachineArn);
  const statusFilter = request.statusFilter;
  if (statusFilter !== undefined && !EXECUTION_STATUSES.includes(statusFilter as ExecutionStatus)) {
    throw apiError('ValidationException', `statusFilter must be one of ${EXECUTION_STATUSES.join(', ')}`);
  }
  const limit = pageSize(request.maxResults);
  // Newest first, as AWS lists them; the page token is the last item returned, so new starts do not shift pages.
  const sorted = [...runtime.executionsByMachine.get(machine.arn)!]
    .filter((execution) => statusFilter === undefined || execution.record.status === statusFilter)
    .sort((a, b) => b.record.startDate - a.record.startDate || compareText(b.record.name, a.record.name));
  let from = 0;
  if (request.nextToken !== undefined) {
    const cursor = decodePageToken(request.nextToken) as { d?: unknown; n?: unknown };
    if (typeof cursor.d !== 'number' || typeof cursor.n !== 'string') throw invalidPageToken();
    const { d, n } = cursor;
    from = sorted.findIndex(
      (e) => e.record.startDate < d || (e.record.startDate === d && compareText(e.record.name, n) < 0),
    );
    if (from < 0) from = sorted.length;
  }
  const page = sorted.slice(from, from + limit);
  const last = page.at(-1);
  return definedOnly({
    executions: page.map(({ record }) =>
      definedOnly({
        executionArn: record.executionArn,
        stateMachineArn: record.stateMachineArn,
        name: record.name,
        status: record.status,
        startDate: epochSeconds(record.startDate),
        stopDate: record.stopDate === undefined ? undefined : epochSeconds(record.stopDate),
        redriveCount: 0,
      }),
    ),
    nextToken:
      last && from + limit < sorted.length
        ? encodePageToken({ d: last.record.startDate, n: last.record.name })
        : undefined,
  });
}

function getExecutionHistory(execution: Execution, request: Request): unknown {
  const limit = pageSize(request.maxResults);
  const events = request.reverseOrder === true ? [...execution.history].reverse() : execution.history;
  let from = 0;
  if (request.nextToken !== undefined) {
    const cursor = decodePageToken(request.nextToken) as { i?: unknown };
    if (typeof cursor.i !== 'number') throw invalidPageToken();
    from = cursor.i;
  }
  const includeData = request.includeExecutionData !== false;
  const page = events.slice(from, from + limit).map((event) => (includeData ? event : withoutData(event)));
  return definedOnly({
    events: page,
    nextToken: from + limit < events.length ? encodePageToken({ i: from + limit }) : undefined,
  });
}

async function stopExecution(
  runtime: RegionRuntime,
  execution: Execution,
  request: Request,
): Promise<unknown> {
  const { record } = execution;
  if (record.status === 'RUNNING') {
    const run = execution.run;
    const saved = runtime.complete(execution, {
      status: 'ABORTED',
      error: optionalString(request.error, 'error'),
      cause: optionalString(request.cause, 'cause'),
    });
    // complete() has already marked it ABORTED: interrupt before its write so the run records nothing more.
    run?.interrupt('the execution was stopped');
    await saved;
  }
  return { stopDate: epochSeconds(record.stopDate ?? Date.now()) };
}

async function sendTaskSuccess(runtime: RegionRuntime, request: Request): Promise<unknown> {
  const { execution, token } = openTask(runtime, request.taskToken);
  const output = request.output;
  if (typeof output !== 'string' || Buffer.byteLength(output) > MAX_PAYLOAD_BYTES || !isJson(output)) {
    throw apiError('InvalidOutput', 'Invalid Output: output must be JSON of at most 256 KiB');
  }
  token.status = 'SUCCEEDED';
  token.output = output;
  await runtime.persist(execution);
  runtime.waiters.get(token.token)?.succeed(JSON.parse(output) as Json);
  return {};
}

async function sendTaskFailure(runtime: RegionRuntime, request: Request): Promise<unknown> {
  const { execution, token } = openTask(runtime, request.taskToken);
  const error = optionalString(request.error, 'error') ?? '';
  const cause = optionalString(request.cause, 'cause') ?? '';
  Object.assign(token, { status: 'FAILED', error, cause });
  await runtime.persist(execution);
  runtime.waiters.get(token.token)?.fail(new StateError(error, cause));
  return {};
}

async function sendTaskHeartbeat(runtime: RegionRuntime, request: Request): Promise<unknown> {
  const { execution, token } = openTask(runtime, request.taskToken);
  if (token.heartbeatSeconds !== undefined) {
    token.heartbeatAt = Date.now() + token.heartbeatSeconds * 1000 * runtime.timeScale();
    await runtime.persist(execution);
    runtime.waiters.get(token.token)?.heartbeat(token.heartbeatAt);
  }
  return {};
}

/** The pending task a token names, or the error AWS gives for that token. */
function openTask(
  runtime: RegionRuntime,
  taskToken: unknown,
): { execution: Execution; token: TaskTokenRecord } {
  if (typeof taskToken !== 'string' || taskToken.length === 0)
    throw apiError('InvalidToken', 'Invalid Token: missing taskToken');
  const address = readTaskToken(taskToken);
  if (!address) throw apiError('InvalidToken', "Invalid Token: 'Invalid token'");
  const execution = runtime.executions.get(address.executionArn);
  if (!execution) throw apiError('TaskDoesNotExist', 'Task Does Not Exist');
  if (!isTaskTokenSignedBy(execution.record.tokenSecret, taskToken)) {
    throw apiError('InvalidToken', "Invalid Token: 'Invalid token'");
  }
  const token = execution.record.tokens[taskKey(address.stateName, address.entry)];
  if (!token) throw apiError('TaskDoesNotExist', 'Task Does Not Exist');
  const now = Date.now();
  const expired =
    (token.timeoutAt !== undefined && token.timeoutAt <= now) ||
    (token.heartbeatAt !== undefined && token.heartbeatAt <= now);
  if (token.status === 'PENDING' && expired && execution.record.status === 'RUNNING') {
    // Its run is not waiting on it yet (resumed replay); the run will find it timed out.
    token.status = 'TIMED_OUT';
    void runtime.persist(execution);
  }
  if (execution.record.status !== 'RUNNING' || token.status !== 'PENDING') {
    throw apiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
  }
  return { execution, token };
}

function describeStateMachine(machine: RegisteredStateMachine): unknown {
  return {
    stateMachineArn: machine.arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: machine.definitionText,
    roleArn: machine.roleArn,
    type: 'STANDARD',
    creationDate: epochSeconds(machine.creationDate),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  };
}

function listStateMachines(runtime: RegionRuntime, request: Request): unknown {
  const limit = pageSize(request.maxResults);
  const machines = [...runtime.machines.values()].sort((a, b) => compareText(a.name, b.name));
  let from = 0;
  if (request.nextToken !== undefined) {
    const cursor = decodePageToken(request.nextToken) as { i?: unknown };
    if (typeof cursor.i !== 'number') throw invalidPageToken();
    from = cursor.i;
  }
  return definedOnly({
    stateMachines: machines.slice(from, from + limit).map((machine) => ({
      stateMachineArn: machine.arn,
      name: machine.name,
      type: 'STANDARD',
      creationDate: epochSeconds(machine.creationDate),
    })),
    nextToken: from + limit < machines.length ? encodePageToken({ i: from + limit }) : undefined,
  });
}

function machineOf(runtime: RegionRuntime, arn: unknown): RegisteredStateMachine {
  if (typeof arn !== 'string' || !/^arn:aws:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/.test(arn)) {
    throw apiError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
  }
  const machine = runtime.machines.get(arn);
  if (!machine) throw apiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  return machine;
}

function executionOf(runtime: RegionRuntime, arn: unknown): Execution {
  if (typeof arn !== 'string' || !/^arn:aws:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/.test(arn)) {
    throw apiError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
  }
  const execution = runtime.executions.get(arn);
  if (!execution) throw apiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  return execution;
}

/** Without input/output (GetExecutionHistory with includeExecutionData: false). */
function withoutData(event: HistoryEvent): HistoryEvent {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith('EventDetails') || value === null || typeof value !== 'object') continue;
    const {
      input: _input,
      output: _output,
      inputDetails: _inputDetails,
      outputDetails: _outputDetails,
      ...rest
    } = value as Record<string, unknown>;
    copy[key] = rest;
  }
  return copy as unknown as HistoryEvent;
}

function pageSize(maxResults: unknown): number {
  if (maxResults === undefined || maxResults === 0) return 100;
  if (
    typeof maxResults !== 'number' ||
    !Number.isInteger(maxResults) ||
    maxResults < 0 ||
    maxResults > 1000
  ) {
    throw apiError('ValidationException', 'maxResults must be an integer from 0 to 1000');
  }
  return maxResults;
}

const encodePageToken = (cursor: object): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodePageToken(token: unknown): unknown {
  if (typeof token !== 'string') throw invalidPageToken();
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidPageToken();
  }
}

const invalidPageToken = () =>
  apiError('InvalidToken', 'Invalid Token: the nextToken is not one this service issued');

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw apiError('ValidationException', `${field} must be a string`);
  return value;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Same JSON value, whatever the key order or spacing. */
function sameJson(a: string, b: string): boolean {
  return canonical(JSON.parse(a)) === canonical(JSON.parse(b));
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Timestamps travel as epoch seconds in the AWS JSON protocols. */
const epochSeconds = (ms: number): number => ms / 1000;

function definedOnly(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}

function validTimeScale(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0)
    throw new Error(`timeScale must be a positive number, got ${scale}`);
  return scale;
}
