import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { partnerWebhooks } from '../../functions/catalog.ts';
import { acknowledgeNagFinding, nagResourceId } from '../nag.ts';
import { CatalogFunction, type RegionFunctionResources } from './catalog-function.ts';

export interface PartnerWebhooksProps {
  /** The tables of this region (partner events and endpoints live in the global table's replica). */
  readonly resources: RegionFunctionResources;
}

/**
 * Webhook delivery of one export region: the dispatcher (`deliver-webhooks`) run every minute by
 * EventBridge Scheduler. Partner events are written with the claim changes they report (an outbox
 * in the global table); the dispatcher sends the due ones with their own retries, so no claim ever
 * waits for a partner's endpoint. Its network access is the Lambda service's own (no VPC): the
 * endpoints are on the internet, and the dispatcher refuses private and link-local addresses itself.
 */
export class PartnerWebhooks extends Construct {
  readonly dispatcher: CatalogFunction;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: PartnerWebhooksProps) {
    super(scope, id);
    const spec = partnerWebhooks.deliverWebhooks;
    this.dispatcher = new CatalogFunction(this, spec.name, { spec, resources: props.resources });
    // Our own role for the schedule (not the stack-wide singleton the target would make), so the
    // acknowledgement below covers this grant only.
    const role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: `Lets EventBridge Scheduler invoke ${spec.name}`,
    });
    this.schedule = new Schedule(this, 'Every', {
      description: `${spec.name}: due partner events → partner webhooks`,
      schedule: ScheduleExpression.rate(Duration.seconds(spec.schedule.everySeconds)),
      // A missed run is not worth retrying: the next one a minute later takes the same due events.
      target: new LambdaInvoke(this.dispatcher.fn, { retryAttempts: 0, role }),
    });
    acknowledgeNagFinding(
      role,
      `AwsSolutions-IAM5[${nagResourceId(role, `${this.dispatcher.fn.functionArn}:*`)}]`,
      'grantInvoke names the function and its versions (<arn>:*); the schedule invokes the unqualified function, and the role can invoke nothing else.',
    );
  }
}
