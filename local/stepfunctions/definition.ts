import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

/**
 * What the local service needs to know about an ASL document, and the copy of it that
 * aws-local-stepfunctions runs. The copy differs from the original only where the engine would
 * otherwise count time in real seconds or misread the document; DescribeStateMachine always returns
 * the original.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type TaskKind = 'lambda-invoke' | 'lambda-invoke-token' | 'lambda-function' | 'wait';

export interface StateInfo {
  name: string;
  /** The state's type in the original document (a rewritten Wait is still `Wait` here). */
  type: string;
  /** For Task states and rewritten Wait states: which local handler runs it. */
  kind?: TaskKind;
  resource?: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

export interface CompiledStateMachine {
  definition: JsonObject;
  /** Every state of the document, branches and iterators included (names are unique in ASL). */
  states: Map<string, StateInfo>;
  /** Top-level TimeoutSeconds of the execution, enforced by the service (scaled). */
  timeoutSeconds?: number;
}

/** The value in the Context Object's `Task.Token` that each waitForTaskToken handler replaces. */
export const TASK_TOKEN_SENTINEL = '__claimflow_local_sfn_task_token__';

/** Wrapped task input produced by the engine copy's Parameters (see compileForEngine). */
export interface WrappedTaskInput {
  input: Json;
  timeoutSeconds?: Json;
  heartbeatSeconds?: Json;
  seconds?: Json;
  timestamp?: Json;
}

// The engine's own task timer must never fire first; setTimeout caps at 2^31 - 1 ms.
const ENGINE_TASK_TIMEOUT_SECONDS = 2_147_483;
const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::local:wait';

const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;
const LAMBDA_INVOKE_TOKEN = /^arn:aws[a-z-]*:states:::lambda:invoke\.waitForTaskToken$/;
const LAMBDA_FUNCTION =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;

export function taskKindOf(resource: string): TaskKind | undefined {
  if (LAMBDA_INVOKE.test(resource)) return 'lambda-invoke';
  if (LAMBDA_INVOKE_TOKEN.test(resource)) return 'lambda-invoke-token';
  if (LAMBDA_FUNCTION.test(resource)) return 'lambda-function';
  return undefined;
}

/**
 * The function id behind a FunctionName: a name, a partial or full Lambda ARN (qualifier dropped).
 * The placeholders from workflows/render-asl.ts end in `:function:<id>`.
 */
export function functionIdOf(functionName: unknown): string {
  if (typeof functionName !== 'string' || functionName.length === 0) {
    throw new Error(`FunctionName must be a non-empty string, got ${JSON.stringify(functionName)}`);
  }
  const match = /(?:^|:)function:([^:]+)/.exec(functionName);
  return match?.[1] ?? functionName.split(':')[0]!;
}

/** Validates the document and indexes its states; throws with every reason it cannot run locally. */
export function compileStateMachine(name: string, source: object | string): CompiledStateMachine {
  const definition = (
    typeof source === 'string' ? JSON.parse(source) : structuredClone(source)
  ) as JsonObject;
  try {
    // The engine's constructor runs asl-validator (structure, JSONPaths, ARNs, reachability).
    new StateMachine(definition as unknown as StateMachineDefinition);
  } catch (error) {
    throw new Error(`state machine ${name}: ${(error as Error).message}`);
  }
  const states = new Map<string, StateInfo>();
  const problems: string[] = [];
  walkStates(definition, (stateName, state) => {
    if (states.has(stateName)) problems.push(`state name ${stateName} is used twice`);
    const info: StateInfo = { name: stateName, type: String(state.Type) };
    if (state.Type === 'Task') {
      const resource = String(state.Resource);
      const kind = taskKindOf(resource);
      if (!kind)
        problems.push(`state ${stateName}: resource ${resource} is not supported locally (Lambda only)`);
      Object.assign(info, { kind, resource });
      if (typeof state.TimeoutSeconds === 'number') info.timeoutSeconds = state.TimeoutSeconds;
      if (typeof state.HeartbeatSeconds === 'number') info.heartbeatSeconds = state.HeartbeatSeconds;
    } else if (state.Type === 'Wait') {
      info.kind = 'wait';
    } else if (state.Type === 'Map' && (state.ItemReader || state.ResultWriter)) {
      problems.push(`state ${stateName}: distributed Map is not supported locally`);
    }
    states.set(stateName, info);
  });
  if (problems.length > 0) throw new Error(`state machine ${name}:\n  ${problems.join('\n  ')}`);
  const compiled: CompiledStateMachine = { definition, states };
  if (typeof definition.TimeoutSeconds === 'number') compiled.timeoutSeconds = definition.TimeoutSeconds;
  return compiled;
}

/**
 * The copy of the document that the engine runs, for one time scale:
 * - Task states get Parameters wrapped as `{ input: <original Parameters or $>, timeoutSeconds.$?,
 *   heartbeatSeconds.$? }` so the local handler also receives the *Path values, and a TimeoutSeconds
 *   the engine's real-time timer never reaches: the service enforces the scaled timeouts itself.
 * - Wait states become Tasks run by a local handler (Parameters `{ input.$: $, seconds|timestamp }`),
 *   because waitTimeOverrides is one fixed number per state name: it cannot honour SecondsPath or
 *   TimestampPath, nor resume the remainder of a wait after a restart.
 * - Retry intervals are multiplied by the scale here rather than through retryIntervalOverrides,
 *   which replaces the whole interval with a constant and so loses BackoffRate and jitter.
 * - ResultPath "$" is dropped (same meaning): the engine writes it to a key named "$".
 * - The top-level TimeoutSeconds is dropped: the service times executions out (scaled).
 */
export function compileForEngine(compiled: CompiledStateMachine, timeScale: number): StateMachineDefinition {
  const copy = structuredClone(compiled.definition);
  delete copy.TimeoutSeconds;
  walkStates(copy, (stateName, state, states) => {
    scaleRetriers(state, timeScale);
    if (state.ResultPath === '$') delete state.ResultPath;
    if (Array.isArray(state.Catch)) {
      for (const catcher of state.Catch as JsonObject[])
        if (catcher.ResultPath === '$') delete catcher.ResultPath;
    }
    if (state.Type === 'Task') {
      const parameters: JsonObject =
        'Parameters' in state ? { input: state.Parameters! } : { 'input.$': '$' };
      if (typeof state.TimeoutSecondsPath === 'string')
        parameters['timeoutSeconds.$'] = state.TimeoutSecondsPath;
      if (typeof state.HeartbeatSecondsPath === 'string')
        parameters['heartbeatSeconds.$'] = state.HeartbeatSecondsPath;
      for (const key of ['TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath']) delete state[key];
      state.Parameters = parameters;
      state.TimeoutSeconds = ENGINE_TASK_TIMEOUT_SECONDS;
    } else if (state.Type === 'Wait') {
      const parameters: JsonObject = { 'input.$': '$' };
      if ('Seconds' in state) parameters.seconds = state.Seconds!;
      if ('SecondsPath' in state) parameters['seconds.$'] = state.SecondsPath!;
      if ('Timestamp' in state) parameters.timestamp = state.Timestamp!;
      if ('TimestampPath' in state) parameters['timestamp.$'] = state.TimestampPath!;
      const task: JsonObject = {
        Type: 'Task',
        Resource: LOCAL_WAIT_RESOURCE,
        Parameters: parameters,
        TimeoutSeconds: ENGINE_TASK_TIMEOUT_SECONDS,
      };
      for (const key of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End'])
        if (key in state) task[key] = state[key]!;
      states[stateName] = task;
    }
  });
  return copy as unknown as StateMachineDefinition;
}

function scaleRetriers(state: JsonObject, timeScale: number): void {
  if (!Array.isArray(state.Retry)) return;
  for (const retrier of state.Retry as JsonObject[]) {
    // 1 s is the ASL default interval.
    retrier.IntervalSeconds =
      (typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1) * timeScale;
    if (typeof retrier.MaxDelaySeconds === 'number') retrier.MaxDelaySeconds *= timeScale;
  }
}

type StateVisitor = (name: string, state: JsonObject, states: JsonObject) => void;

function walkStates(machine: JsonObject, visit: StateVisitor): void {
  const states = machine.States as JsonObject | undefined;
  if (!states || typeof states !== 'object') return;
  for (const [name, raw] of Object.entries(states)) {
    const state = raw as JsonObject;
    if (Array.isArray(state.Branches))
      for (const branch of state.Branches) walkStates(branch as JsonObject, visit);
    const iterator = (state.ItemProcessor ?? state.Iterator) as JsonObject | undefined;
    if (iterator) walkStates(iterator, visit);
    visit(name, state, states);
  }
}
