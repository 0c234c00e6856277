import type { StateInfo } from './definition.ts';

/**
 * Execution history in the shape GetExecutionHistory returns (HistoryEvent of @aws-sdk/client-sfn):
 * `id` from 1, `previousEventId`, `timestamp` (epoch seconds on the wire), `type` and the one
 * `<camelCaseType>EventDetails` member that type carries.
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** Epoch seconds, as the AWS JSON protocol carries timestamps. */
  timestamp: number;
  type: string;
  [details: `${string}EventDetails`]: Record<string, unknown>;
}

export type EventDraft = { type: string } & Partial<Record<`${string}EventDetails`, Record<string, unknown>>>;

const NOT_TRUNCATED = { truncated: false } as const;

export const historyEvents = {
  executionStarted: (input: string, roleArn: string): EventDraft => ({
    type: 'ExecutionStarted',
    executionStartedEventDetails: { input, inputDetails: NOT_TRUNCATED, roleArn },
  }),
  executionSucceeded: (output: string): EventDraft => ({
    type: 'ExecutionSucceeded',
    executionSucceededEventDetails: { output, outputDetails: NOT_TRUNCATED },
  }),
  executionFailed: (error?: string, cause?: string): EventDraft => ({
    type: 'ExecutionFailed',
    executionFailedEventDetails: definedOnly({ error, cause }),
  }),
  executionAborted: (error?: string, cause?: string): EventDraft => ({
    type: 'ExecutionAborted',
    executionAbortedEventDetails: definedOnly({ error, cause }),
  }),
  executionTimedOut: (): EventDraft => ({
    type: 'ExecutionTimedOut',
    executionTimedOutEventDetails: { error: 'States.Timeout' },
  }),
  taskScheduled: (
    task: TaskRef,
    parameters: unknown,
    timeoutInSeconds?: number,
    heartbeatInSeconds?: number,
  ) => ({
    type: 'TaskScheduled',
    taskScheduledEventDetails: definedOnly({
      resourceType: task.resourceType,
      resource: task.resource,
      region: task.region,
      parameters: JSON.stringify(parameters),
      timeoutInSeconds,
      heartbeatInSeconds,
    }),
  }),
  taskStarted: (task: TaskRef): EventDraft => ({
    type: 'TaskStarted',
    taskStartedEventDetails: { resourceType: task.resourceType, resource: task.resource },
  }),
  taskSubmitted: (task: TaskRef, output: unknown): EventDraft => ({
    type: 'TaskSubmitted',
    taskSubmittedEventDetails: {
      resourceType: task.resourceType,
      resource: task.resource,
      output: JSON.stringify(output),
      outputDetails: NOT_TRUNCATED,
    },
  }),
  taskSucceeded: (task: TaskRef, output: unknown): EventDraft => ({
    type: 'TaskSucceeded',
    taskSucceededEventDetails: {
      resourceType: task.resourceType,
      resource: task.resource,
      output: JSON.stringify(output),
      outputDetails: NOT_TRUNCATED,
    },
  }),
  taskFailed: (task: TaskRef, error: string, cause: string): EventDraft => ({
    type: 'TaskFailed',
    taskFailedEventDetails: { resourceType: task.resourceType, resource: task.resource, error, cause },
  }),
  taskTimedOut: (task: TaskRef, error: string, cause = ''): EventDraft => ({
    type: 'TaskTimedOut',
    taskTimedOutEventDetails: { resourceType: task.resourceType, resource: task.resource, error, cause },
  }),
  lambdaScheduled: (resource: string, input: unknown, timeoutInSeconds?: number): EventDraft => ({
    type: 'LambdaFunctionScheduled',
    lambdaFunctionScheduledEventDetails: definedOnly({
      resource,
      input: JSON.stringify(input),
      inputDetails: NOT_TRUNCATED,
      timeoutInSeconds,
    }),
  }),
  lambdaStarted: (): EventDraft => ({ type: 'LambdaFunctionStarted' }),
  lambdaSucceeded: (output: unknown): EventDraft => ({
    type: 'LambdaFunctionSucceeded',
    lambdaFunctionSucceededEventDetails: { output: JSON.stringify(output), outputDetails: NOT_TRUNCATED },
  }),
  lambdaFailed: (error: string, cause: string): EventDraft => ({
    type: 'LambdaFunctionFailed',
    lambdaFunctionFailedEventDetails: { error, cause },
  }),
  lambdaTimedOut: (error: string, cause = ''): EventDraft => ({
    type: 'LambdaFunctionTimedOut',
    lambdaFunctionTimedOutEventDetails: { error, cause },
  }),
};

/** How a task appears in Task* events: `resourceType: "lambda"`, `resource: "invoke"` etc. */
export interface TaskRef {
  resourceType: string;
  resource: string;
  region: string;
}

export function taskRefOf(resourceArn: string, region: string): TaskRef {
  // arn:aws:states:::lambda:invoke.waitForTaskToken → lambda / invoke.waitForTaskToken
  const [, , , , , resourceType = 'unknown', ...rest] = resourceArn.split(':');
  return { resourceType, resource: rest.join(':'), region };
}

/**
 * Maps one event of aws-local-stepfunctions' event log to the AWS history events it stands for.
 * Execution-level events and task events are written by the service itself, so only state and
 * iteration events come from here. `states` knows each state's original type (a Wait runs as a
 * Task in the engine's copy of the definition).
 */
export function historyEventsFromEngine(event: EngineEvent, states: Map<string, StateInfo>): EventDraft[] {
  switch (event.type) {
    case 'StateEntered': {
      if (!event.state) return [];
      const type = states.get(event.state.name)?.type ?? event.state.type;
      const entered: EventDraft = {
        type: `${type}StateEntered`,
        stateEnteredEventDetails: {
          name: event.state.name,
          input: JSON.stringify(event.state.input ?? null),
          inputDetails: NOT_TRUNCATED,
        },
      };
      if (type === 'Parallel') return [entered, { type: 'ParallelStateStarted' }];
      return [entered];
    }
    case 'StateExited': {
      if (!event.state) return [];
      const type = states.get(event.state.name)?.type ?? event.state.type;
      const exited: EventDraft = {
        type: `${type}StateExited`,
        stateExitedEventDetails: {
          name: event.state.name,
          output: JSON.stringify(event.state.output ?? null),
          outputDetails: NOT_TRUNCATED,
        },
      };
      if (type === 'Parallel' || type === 'Map') return [{ type: `${type}StateSucceeded` }, exited];
      return [exited];
    }
    case 'StateFailed': {
      if (!event.state) return [];
      const type = states.get(event.state.name)?.type ?? event.state.type;
      return type === 'Parallel' || type === 'Map' ? [{ type: `${type}StateFailed` }] : [];
    }
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const key: `${string}EventDetails` = `${event.type.charAt(0).toLowerCase()}${event.type.slice(1)}EventDetails`;
      const draft: EventDraft = { type: event.type };
      draft[key] = { name: event.parentState?.name, index: event.index };
      return [draft];
    }
    default:
      return [];
  }
}

/** The part of aws-local-stepfunctions' EventLog (its typings do not export it) read here. */
export interface EngineEvent {
  type: string;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  parentState?: { name: string };
  index?: number;
}

function definedOnly(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
}
