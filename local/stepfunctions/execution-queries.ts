import {
  type ApiRequest,
  compareText,
  decodePageToken,
  definedOnly,
  encodePageToken,
  epochSeconds,
  invalidPageToken,
  pageSize,
} from './api-values.ts';
import { apiError } from './errors.ts';
import type { Execution, RegisteredStateMachine } from './execution-model.ts';
import type { HistoryEvent } from './history.ts';
import type { RegionRuntime } from './region-runtime.ts';
import type { ExecutionRecord, ExecutionStatus } from './store.ts';

/** The read actions of the Step Functions API: describe and list executions, history, state machines. */

const EXECUTION_STATUSES: ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** What ListExecutions says of an execution; DescribeExecution says this and more. */
function executionSummary(record: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    stopDate: record.stopDate === undefined ? undefined : epochSeconds(record.stopDate),
    redriveCount: 0,
  };
}

export function describeExecution(execution: Execution): unknown {
  const { record } = execution;
  return definedOnly({
    ...executionSummary(record),
    input: record.input,
    inputDetails: { included: true },
    output: record.output,
    outputDetails: record.output === undefined ? undefined : { included: true },
    error: record.error,
    cause: record.cause,
    redriveStatus: 'NOT_REDRIVABLE',
  });
}

export function listExecutions(runtime: RegionRuntime, request: ApiRequest): unknown {
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
    executions: page.map(({ record }) => definedOnly(executionSummary(record))),
    nextToken:
      last && from + limit < sorted.length
        ? encodePageToken({ d: last.record.startDate, n: last.record.name })
        : undefined,
  });
}

export function getExecutionHistory(execution: Execution, request: ApiRequest): unknown {
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

export function describeStateMachine(machine: RegisteredStateMachine): unknown {
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

export function listStateMachines(runtime: RegionRuntime, request: ApiRequest): unknown {
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

export function machineOf(runtime: RegionRuntime, arn: unknown): RegisteredStateMachine {
  if (typeof arn !== 'string' || !/^arn:aws:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/.test(arn)) {
    throw apiError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
  }
  const machine = runtime.machines.get(arn);
  if (!machine) throw apiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  return machine;
}

export function executionOf(runtime: RegionRuntime, arn: unknown): Execution {
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
