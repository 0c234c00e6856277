import { randomUUID } from 'node:crypto';
import {
  functionIdOf,
  type Json,
  type StateInfo,
  TASK_TOKEN_SENTINEL,
  type WrappedTaskInput,
} from './definition.ts';
import { StateError } from './errors.ts';

/**
 * What the states the service runs read from their input (the function, timeouts, a wait's
 * length) and what a Task makes of its Lambda's answer or failure.
 */

/** What `arn:aws:states:::lambda:invoke` returns (CDK's LambdaInvoke default, payloadResponseOnly false). */
export function lambdaInvokeResponse(payload: Json): Json {
  const requestId = randomUUID();
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      HttpHeaders: {
        'Content-Type': 'application/json',
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-RequestId': requestId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** The input with every occurrence of the Context Object's token sentinel replaced by the real token. */
export function withTaskToken(value: Json, token: string): Json {
  if (typeof value === 'string') return value.split(TASK_TOKEN_SENTINEL).join(token);
  if (Array.isArray(value)) return value.map((item) => withTaskToken(item, token));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withTaskToken(item, token)]));
  }
  return value;
}

export function asObject(value: Json, stateName: string): { [key: string]: Json } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw runtimeError(`state ${stateName}: Parameters must be an object with FunctionName and Payload`);
  }
  return value;
}

export const throughJson = (value: unknown): Json =>
  value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json);

export const runtimeError = (message: string): StateError =>
  new StateError('States.Runtime', message, { retryable: false, catchable: false });

export const isTimeout = (error: unknown): boolean =>
  error instanceof Error && error.name === 'States.Timeout';

/** Error and Cause of a failure as Step Functions reports them. */
export function errorAndCause(failure: unknown): { error?: string; cause?: string } {
  // The engine wraps what failed the execution in ExecutionError { cause }.
  const error = failure instanceof Error && failure.name === 'ExecutionError' ? failure.cause : failure;
  if (!(error instanceof Error)) return { error: 'Error', cause: String(error) };
  if (error.name === 'FailStateError' || error.message === 'Execution failed because of a Fail state') {
    // A Fail state without Error or Cause: the engine fills in its own names.
    return {
      error: error.name === 'FailStateError' ? undefined : error.name,
      cause: error.message === 'Execution failed because of a Fail state' ? undefined : error.message,
    };
  }
  return { error: error.name, cause: error.message };
}

export function functionNameOf(value: unknown): string {
  try {
    return functionIdOf(value);
  } catch (error) {
    throw runtimeError((error as Error).message);
  }
}

/** TimeoutSeconds/HeartbeatSeconds, or the value their *Path gave. */
export function secondsOf(
  fromPath: Json | undefined,
  fixed: number | undefined,
  field: string,
): number | undefined {
  if (fromPath === undefined) return fixed;
  if (typeof fromPath !== 'number' || !Number.isInteger(fromPath) || fromPath < 1) {
    throw runtimeError(`${field} must point to a positive integer, got ${JSON.stringify(fromPath)}`);
  }
  return fromPath;
}

/** How long a Wait state waits, in real ms at the given time scale. */
export function waitMs(state: StateInfo, wrapped: WrappedTaskInput, timeScale: number): number {
  if (wrapped.seconds !== undefined) {
    const seconds = wrapped.seconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw runtimeError(
        `state ${state.name}: wait seconds must be a non-negative integer, got ${JSON.stringify(seconds)}`,
      );
    }
    return seconds * 1000 * timeScale;
  }
  const timestamp = wrapped.timestamp;
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(at)) {
    throw runtimeError(
      `state ${state.name}: wait timestamp is not an ISO 8601 time: ${JSON.stringify(timestamp)}`,
    );
  }
  // A timestamp is "this long from now" compressed like any other duration.
  return Math.max(0, at - Date.now()) * timeScale;
}
