import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';

/** The name a task fails with while its region's database does not answer (functions/shared/region-unavailable.ts). */
export const REGION_UNAVAILABLE_ERROR = 'RegionUnavailable';
/** The name a notify task fails with when the mail service refused the email (certainly not sent). */
export const EMAIL_NOT_SENT_ERROR = 'EmailNotSent';
/** The name a task fails with when its execution's ownership epoch is no longer current (a handed-over claim). */
export const CLAIM_FENCED_ERROR = 'ClaimFenced';

/**
 * An outage is ridden out, not redriven: 30 s, doubling, capped at an hour between attempts, for 20
 * attempts, so a task keeps trying for about 14 hours of workflow time (a Standard execution may
 * wait up to a year). Tasks are idempotent, so every attempt is safe.
 */
const OUTAGE_RETRY: Omit<sfn.RetryProps, 'errors'> = {
  interval: Duration.seconds(30),
  backoffRate: 2,
  maxDelay: Duration.hours(1),
  maxAttempts: 20,
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * The retriers of every Lambda task of the claimflow state machines, in the order they are matched
 * (each after CDK's own retrier for Lambda service errors): an outage, long; a refused email, long
 * (the record stays `failed` if the workflow gives up: parked for the back office); a fenced claim,
 * never (its work belongs to the region that took it over); any other failure, three times.
 */
export function withTaskRetry<T extends tasks.LambdaInvoke>(task: T): T {
  task.addRetry({ errors: [REGION_UNAVAILABLE_ERROR, EMAIL_NOT_SENT_ERROR], ...OUTAGE_RETRY });
  task.addRetry({ errors: [CLAIM_FENCED_ERROR], maxAttempts: 0 });
  task.addRetry({
    errors: [sfn.Errors.TASKS_FAILED],
    interval: Duration.seconds(2),
    maxAttempts: 3,
    backoffRate: 2,
  });
  return task;
}
