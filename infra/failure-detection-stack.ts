import { CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { CfnHealthCheck } from 'aws-cdk-lib/aws-route53';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { Config } from './config.ts';
import { parameterInRegion } from './constructs/parameter-in-region.ts';
import { partnerApiUrlParameter } from './constructs/partner-api.ts';
import { acknowledgeAwsCustomResourceProvider, acknowledgeNagFinding } from './nag.ts';

/**
 * Route 53 publishes its health checks' metrics (`AWS/Route53` `HealthCheckStatus`) in us-east-1
 * only, and a CloudWatch alarm can watch only metrics of its own region and notify only topics of
 * its own region: the alarms, and so the health checks and the topic they notify, live in one
 * small stack there, a region claimflow serves nothing from.
 */
export const FAILURE_DETECTION_REGION = 'us-east-1';

/**
 * Route 53's checker regions that call the health route: the fewest it allows (3), near the export
 * regions. Each checker calls every 30 s, so fewer checkers are fewer paid requests to the API.
 */
export const HEALTH_CHECKER_REGIONS = ['ap-northeast-1', 'ap-southeast-1', 'eu-west-1'] as const;

/** How the health checks and their alarms decide; each says why. */
export const FAILURE_DETECTION = {
  /** Route 53's standard interval (the fast one, 10 s, costs more and the runbook acts in minutes). */
  requestIntervalSeconds: 30,
  /** Unhealthy after 3 failed calls in a row from a checker: 90 s, not one lost packet. */
  failureThreshold: 3,
  /** The alarm fires when the check has been unhealthy for 2 minutes running. */
  alarmMinutes: 2,
} as const;

export interface ClaimflowFailureDetectionStackProps extends StackProps {
  readonly config: Config;
}

/**
 * What tells an operator that an export region has failed, in AWS (issue 14): one Route 53 health
 * check per region on its partner API's `GET /v1/health` (a fresh read of the region's owner
 * record: 503 when its DynamoDB does not answer, no key needed), an alarm on each, and the topic
 * they notify, emailed to the configured address as the regions' alarm topics are. The alarm is
 * the operator's cue for the runbook (`npm run region -- status`, then `evacuate … --offline`);
 * nothing moves by itself, because moving a region's writer is the one step that must never happen
 * twice or in both directions at once (README, "When a region fails").
 *
 * Each region's API URL is read from the SSM parameter its PartnerApi writes (an SDK call in that
 * region when this stack deploys, as the console's config does): no cross-region stack reference.
 * Deploy it after the region stacks (the app adds the dependencies; `cdk deploy --all` orders it).
 */
export class ClaimflowFailureDetectionStack extends Stack {
  readonly topic: Topic;
  /** By export region. */
  readonly healthChecks: Record<string, CfnHealthCheck> = {};
  readonly alarms: Record<string, Alarm> = {};

  constructor(scope: Construct, id: string, props: ClaimflowFailureDetectionStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (this.region !== FAILURE_DETECTION_REGION)
      throw new Error(`ClaimflowFailureDetectionStack must be deployed in ${FAILURE_DETECTION_REGION}`);

    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: `${config.appName}-alarms`,
      displayName: `${config.appName} alarms: regions failing their health checks`,
      enforceSSL: true,
    });
    acknowledgeNagFinding(
      this.topic,
      'AwsSolutions-SNS2',
      'CloudWatch alarms cannot publish to a topic encrypted with the AWS managed SNS key; the messages carry ' +
        'alarm names and health check ids, never customer data (as the regions’ alarm topics).',
    );
    if (config.deployment.alarmEmail)
      this.topic.addSubscription(new EmailSubscription(config.deployment.alarmEmail));

    const parameter = partnerApiUrlParameter(config);
    for (const { region } of config.regions) {
      const url = parameterInRegion(this, `PartnerApiUrl-${region}`, {
        resourceType: 'Custom::PartnerApiUrl',
        parameter,
        region,
      });
      // `https://<id>.execute-api.<region>.amazonaws.com/<stage>/`: host and stage by position.
      const parts = Fn.split('/', url);
      const check = new CfnHealthCheck(this, `PartnerApiHealth-${region}`, {
        healthCheckConfig: {
          type: 'HTTPS',
          fullyQualifiedDomainName: Fn.select(2, parts),
          resourcePath: Fn.join('', ['/', Fn.select(3, parts), '/v1/health']),
          port: 443,
          enableSni: true,
          requestInterval: FAILURE_DETECTION.requestIntervalSeconds,
          failureThreshold: FAILURE_DETECTION.failureThreshold,
          regions: [...HEALTH_CHECKER_REGIONS],
        },
        healthCheckTags: [{ key: 'Name', value: `${config.appName}-${region}-partner-api` }],
      });
      this.healthChecks[region] = check;

      const status = new Metric({
        namespace: 'AWS/Route53',
        metricName: 'HealthCheckStatus',
        dimensionsMap: { HealthCheckId: check.attrHealthCheckId },
        statistic: 'Minimum',
        period: Duration.minutes(1),
        region: FAILURE_DETECTION_REGION,
      });
      const alarm = new Alarm(this, `RegionUnhealthy-${region}`, {
        alarmName: `${config.appName}-${region}-unhealthy`,
        alarmDescription:
          `The partner API of ${region} failed Route 53's health check (GET /v1/health: the region or its ` +
          `database does not answer) for ${FAILURE_DETECTION.alarmMinutes} minutes. Runbook: README, ` +
          `"When a region fails": npm run region -- status, then evacuate ${region} --to <region> --offline if it stays down.`,
        metric: status,
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: FAILURE_DETECTION.alarmMinutes,
        // No data means the checks are not reporting at all: as bad as failing them.
        treatMissingData: TreatMissingData.BREACHING,
      });
      alarm.addAlarmAction(new SnsAction(this.topic));
      alarm.addOkAction(new SnsAction(this.topic));
      this.alarms[region] = alarm;
      new CfnOutput(this, `HealthCheckId${region.replace(/-/g, '')}`, {
        value: check.attrHealthCheckId,
        description: `Route 53 health check of ${region}'s partner API`,
      });
    }
    acknowledgeAwsCustomResourceProvider(this);
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.topic.topicArn,
      description: 'The regions’ health check alarms notify this topic',
    });
  }
}
