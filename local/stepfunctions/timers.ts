import { StateMachine } from 'aws-local-stepfunctions';

/** setTimeout fires at once for delays above 2^31 - 1 ms (24.8 days); longer waits sleep in chunks. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Resolves at `dueAt` (epoch ms, real time), or rejects with the signal's reason when it aborts.
 * The timer is unref'd: a pending wait never keeps the process alive by itself.
 */
export function sleepUntil(dueAt: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const arm = () => {
      const remaining = dueAt - Date.now();
      if (remaining <= 0) {
        signal.removeEventListener('abort', onAbort);
        return resolve();
      }
      timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
      timer.unref();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    arm();
  });
}

/** A timer that can be pushed back (heartbeats) and cancelled; fires `onDue` once. */
export class Deadline {
  private timer: NodeJS.Timeout | undefined;
  private dueAt: number;

  constructor(
    dueAt: number,
    private readonly onDue: () => void,
  ) {
    this.dueAt = dueAt;
    this.arm();
  }

  moveTo(dueAt: number): void {
    this.dueAt = dueAt;
    this.arm();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    clearTimeout(this.timer);
    const remaining = this.dueAt - Date.now();
    if (remaining <= 0) {
      this.timer = undefined;
      queueMicrotask(this.onDue);
      return;
    }
    this.timer = setTimeout(() => this.arm(), Math.min(remaining, MAX_TIMER_MS));
    this.timer.unref();
  }
}

/** Resolves on the next turn of the event loop, after every pending microtask has run. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type ErrorConstructorOf = new () => Error;
let statesTimeoutError: ErrorConstructorOf | undefined;

/**
 * aws-local-stepfunctions treats `States.TaskFailed` as "any error except a timeout", and tells a
 * timeout by `instanceof` its own, unexported `StatesTimeoutError`. Our task timeouts are scaled by
 * the service's time scale and so raised by us; to keep `States.TaskFailed` from catching them we
 * raise an instance of the engine's class, obtained once by letting a 1 ms task time out.
 */
export async function loadStatesTimeoutError(): Promise<void> {
  if (statesTimeoutError) return;
  const probe = new StateMachine(
    {
      StartAt: 'Probe',
      States: {
        Probe: { Type: 'Task', Resource: 'arn:aws:states:::local:probe', TimeoutSeconds: 0.001, End: true },
      },
    },
    { validationOptions: { noValidate: true } },
  );
  const run = probe.run(null, {
    overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => {}) } },
  });
  const failure = await run.result.then(
    () => undefined,
    (error: unknown) => error,
  );
  const cause = failure instanceof Error ? failure.cause : undefined;
  if (!(cause instanceof Error) || cause.name !== 'States.Timeout') {
    throw new Error('aws-local-stepfunctions: could not obtain its States.Timeout error class');
  }
  statesTimeoutError = cause.constructor as ErrorConstructorOf;
}

export function statesTimeout(): Error {
  if (!statesTimeoutError) throw new Error('loadStatesTimeoutError() must run first');
  return new statesTimeoutError();
}
