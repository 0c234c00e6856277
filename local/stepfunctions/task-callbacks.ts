import { type ApiRequest, isJson, MAX_PAYLOAD_BYTES, optionalString } from './api-values.ts';
import type { Json } from './definition.ts';
import { apiError, StateError } from './errors.ts';
import type { Execution } from './execution-model.ts';
import type { RegionRuntime } from './region-runtime.ts';
import type { TaskTokenRecord } from './store.ts';
import { isTaskTokenSignedBy, readTaskToken, taskKey } from './task-tokens.ts';

/**
 * SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: the answers to a waitForTaskToken task,
 * handed to the run that waits for them (run.ts) once they are on disk.
 */

export async function sendTaskSuccess(runtime: RegionRuntime, request: ApiRequest): Promise<unknown> {
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

export async function sendTaskFailure(runtime: RegionRuntime, request: ApiRequest): Promise<unknown> {
  const { execution, token } = openTask(runtime, request.taskToken);
  const error = optionalString(request.error, 'error') ?? '';
  const cause = optionalString(request.cause, 'cause') ?? '';
  Object.assign(token, { status: 'FAILED', error, cause });
  await runtime.persist(execution);
  runtime.waiters.get(token.token)?.fail(new StateError(error, cause));
  return {};
}

export async function sendTaskHeartbeat(runtime: RegionRuntime, request: ApiRequest): Promise<unknown> {
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
