import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config } from '../config.ts';
import { acknowledgeNagFinding } from '../nag.ts';

/**
 * The region's dead-letter queue: where an asynchronous path puts what it could not deliver after
 * its retries, so nothing is lost silently. Today: SES bounce and complaint events that EventBridge
 * could not hand to record-bounce (the rule's DLQ), and invocations of record-bounce that failed
 * every retry (its on-failure destination). Any message here raises an alarm (RegionOperations).
 */
export class DeadLetters extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: { config: Config }) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      queueName: `${props.config.appName}-dead-letters`,
      // The longest SQS keeps a message: two weeks to look at it and replay it.
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledgeNagFinding(
      this.queue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue (of an EventBridge rule target and a Lambda on-failure ' +
        'destination, which cdk-nag does not recognise as DLQ users); a DLQ of a DLQ would only move the problem.',
    );
  }
}
