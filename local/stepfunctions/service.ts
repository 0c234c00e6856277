import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import {
  type ApiRequest,
  epochSeconds,
  isJson,
  isValidName,
  MAX_PAYLOAD_BYTES,
  optionalString,
  sameJson,
} from './api-values.ts';
import { type CompiledStateMachine, compileForEngine, compileStateMachine } from './definition.ts';
import { apiError } from './errors.ts';
import type { Execution, InvokeFunction } from './execution-model.ts';
import {
  describeExecution,
  describeStateMachine,
  executionOf,
  getExecutionHistory,
  listExecutions,
  listStateMachines,
  machineOf,
} from './execution-queries.ts';
import { historyEvents } from './history.ts';
import { appendEvents, RegionRuntime } from './region-runtime.ts';
import { type ExecutionRecord, RegionStore } from './store.ts';
import { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess } from './task-callbacks.ts';

/**
 * The Step Functions API of one simulated AWS account, one independent set of state machines and
 * executions per region. Transport-free: server.ts carries it over HTTP.
 */

export const LOCAL_ACCOUNT_ID = '000000000000';

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
  async call(region: string, action: string, request: ApiRequest): Promise<unknown> {
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

  private async startExecution(runtime: RegionRuntime, request: ApiRequest): Promise<unknown> {
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

async function stopExecution(
  runtime: RegionRuntime,
  execution: Execution,
  request: ApiRequest,
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

function validTimeScale(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0)
    throw new Error(`timeScale must be a positive number, got ${scale}`);
  return scale;
}
