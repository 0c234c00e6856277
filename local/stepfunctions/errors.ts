/**
 * Errors of the Step Functions API, as the AWS JSON 1.0 protocol carries them: HTTP 400 with
 * `{ "__type": "<Code>", "message": "…" }`. The SDK's deserializer reads the code from `__type`
 * (then `code`, then the `x-amzn-ErrorType` header) and throws the modelled exception class of that
 * name, e.g. `ExecutionDoesNotExist`.
 */
export class SfnApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export const apiError = (code: string, message: string): SfnApiError => new SfnApiError(code, message);

/**
 * An error raised inside a running state, shaped the way aws-local-stepfunctions matches `Retry` and
 * `Catch`: `name` is the ASL error name and `message` the cause. `isRetryable`/`isCatchable` are the
 * properties the engine reads (`error.isRetryable ?? true`).
 */
export class StateError extends Error {
  readonly isRetryable: boolean;
  readonly isCatchable: boolean;

  constructor(error: string, cause: string, { retryable = true, catchable = true } = {}) {
    super(cause);
    this.name = error;
    this.isRetryable = retryable;
    this.isCatchable = catchable;
  }
}

/** Thrown into a state whose execution was stopped or whose service shut down: nothing may catch it. */
export class RunInterrupted extends StateError {
  constructor(reason: string) {
    super('States.Runtime', reason, { retryable: false, catchable: false });
  }
}
