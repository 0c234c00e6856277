import { Duration, Stack } from 'aws-cdk-lib';
import { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  type MetricOptions,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { type Config, regionNames } from '../config.ts';
import { acknowledgeNagFinding } from '../nag.ts';
import { CatalogFunction } from './catalog-function.ts';

/** Thresholds of the region's alarms; each says why it is where it is. */
export const ALARM_THRESHOLDS = {
  /** Share of an API's answers that are 5xx, per 5 minutes, in 2 of 3 periods: a fault, not one unlucky call. */
  api5xxRate: 0.05,
  /**
   * Errors plus throttles of a group of functions in 5 minutes. Workflow tasks retry (and a retried
   * conflict counts as an error), so a single one is noise; five in five minutes is not.
   */
  lambdaErrorsAndThrottles: 5,
  /** Global tables replicate in about a second; three minutes means a region is cut off (DESIGN §3). */
  replicationLatencyMs: 180_000,
  /** SES reviews an account at a 5 % bounce rate and 0.1 % complaints: warn before it does. */
  sesBounceRate: 0.04,
  sesComplaintRate: 0.0008,
} as const;

/** The construct a resource belongs to, named as the region stack names it (PartnerApi, ClaimLifecycle, …). */
function ownerName(resource: IConstruct): string {
  const generic = new Set(['Default', 'Resource', 'Api', 'StateMachine', 'Queue']);
  let node: IConstruct | undefined = resource;
  while (node && generic.has(node.node.id)) node = node.node.scope;
  return node?.node.id ?? resource.node.id;
}

/** The documented ceiling: an alarm's metric math may use 10 metrics; a group is 5 functions × 2. */
const FUNCTIONS_PER_ALARM = 5;
const FIVE_MINUTES = Duration.minutes(5);

export interface RegionOperationsProps {
  readonly config: Config;
}

/**
 * What an operator watches in one export region: one SNS topic (`<app>-alarms`, emailed to the
 * configured address) that every alarm of the region notifies, and one CloudWatch dashboard.
 * Create it last in the region stack: it finds what to watch in the stack itself (every
 * CatalogFunction, REST and HTTP API, state machine and queue), so a function or API added later
 * is watched without a line here.
 *
 * Alarms: 5xx rate of each API; errors and throttles of the functions in groups of five (metric
 * math allows 10 metrics per alarm; one alarm per function would cost 40-odd resources of the
 * template's 500); executions failed or timed out per state machine; any message in a dead-letter
 * queue; the global table's replication latency to each other region; SES bounce and complaint rates.
 */
export class RegionOperations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: RegionOperationsProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const prefix = `${config.appName}-${stack.region}`;
    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: `${config.appName}-alarms`,
      displayName: `${config.appName} alarms in ${stack.region}`,
      enforceSSL: true,
    });
    acknowledgeNagFinding(
      this.topic,
      'AwsSolutions-SNS2',
      'CloudWatch alarms cannot publish to a topic encrypted with the AWS managed SNS key, and a customer ' +
        'managed key per region costs more than the messages are worth: they carry alarm names and metric ' +
        'values, never customer data.',
    );
    if (config.deployment.alarmEmail)
      this.topic.addSubscription(new EmailSubscription(config.deployment.alarmEmail));

    const all = stack.node.findAll();
    const found = <T>(type: abstract new (...args: never[]) => T) =>
      all.filter((c): c is IConstruct & T => c instanceof type);
    const graphs: GraphWidget[] = [];

    // REST and HTTP APIs alike: count, 5xx (its average is the rate), latency.
    for (const api of [...found(RestApi), ...found(HttpApi)]) {
      const name = ownerName(api);
      const metric = (m: 'metricCount' | 'metricServerError', props: MetricOptions = {}) =>
        api[m]({ period: FIVE_MINUTES, ...props });
      const rate = metric('metricServerError', { statistic: 'Average', label: `${name} 5xx rate` });
      this.alarm(
        `${name}-5xx`,
        rate,
        ALARM_THRESHOLDS.api5xxRate,
        `More than 5 % of ${name}'s answers were 5xx`,
        2,
      );
      graphs.push(
        new GraphWidget({
          title: `${name}: requests, 5xx, latency`,
          left: [metric('metricCount'), metric('metricServerError')],
          right: [api.metricLatency({ statistic: 'p99', period: FIVE_MINUTES })],
        }),
      );
    }
    this.watchFunctions(found(CatalogFunction), graphs);
    for (const machine of found(StateMachine)) {
      const name = ownerName(machine);
      const failed = new MathExpression({
        expression: 'failed + timedOut',
        usingMetrics: {
          failed: machine.metricFailed({ period: FIVE_MINUTES }),
          timedOut: machine.metricTimedOut({ period: FIVE_MINUTES }),
        },
        label: `${name} executions failed or timed out`,
        period: FIVE_MINUTES,
      });
      this.alarm(`${name}-failed`, failed, 1, `An execution of ${name} failed or timed out`);
      graphs.push(
        new GraphWidget({
          title: `${name}: executions`,
          left: [
            machine.metricStarted({ period: FIVE_MINUTES }),
            machine.metricSucceeded({ period: FIVE_MINUTES }),
            machine.metricFailed({ period: FIVE_MINUTES }),
            machine.metricTimedOut({ period: FIVE_MINUTES }),
          ],
        }),
      );
    }
    const depths: IMetric[] = [];
    for (const queue of found(Queue)) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: Duration.minutes(1),
      });
      depths.push(depth);
      this.alarm(
        `${ownerName(queue)}-messages`,
        depth,
        1,
        `${queue.queueName} holds a message: something was not delivered`,
      );
    }
    graphs.push(new GraphWidget({ title: 'Dead letters (messages waiting)', left: depths }));

    const latencies = regionNames(config)
      .filter((region) => region !== stack.region)
      .map((receiving) => {
        const latency = new Metric({
          namespace: 'AWS/DynamoDB',
          metricName: 'ReplicationLatency',
          dimensionsMap: { TableName: config.tables.global, ReceivingRegion: receiving },
          statistic: 'Average',
          period: FIVE_MINUTES,
          label: `to ${receiving} (ms)`,
        });
        this.alarm(
          `replication-to-${receiving}`,
          latency,
          ALARM_THRESHOLDS.replicationLatencyMs,
          `${config.tables.global} takes over 180 s to replicate from ${stack.region} to ${receiving}`,
          2,
          ComparisonOperator.GREATER_THAN_THRESHOLD,
        );
        return latency;
      });
    graphs.push(new GraphWidget({ title: `${config.tables.global}: replication latency`, left: latencies }));

    const ses = (metricName: string, label: string) =>
      new Metric({
        namespace: 'AWS/SES',
        metricName,
        statistic: 'Maximum',
        period: Duration.minutes(15),
        label,
      });
    const bounce = ses('Reputation.BounceRate', 'bounce rate');
    const complaint = ses('Reputation.ComplaintRate', 'complaint rate');
    this.alarm(
      'ses-bounce-rate',
      bounce,
      ALARM_THRESHOLDS.sesBounceRate,
      'SES bounce rate near the 5 % review line',
    );
    this.alarm(
      'ses-complaint-rate',
      complaint,
      ALARM_THRESHOLDS.sesComplaintRate,
      'SES complaint rate near the 0.1 % review line',
    );
    graphs.push(new GraphWidget({ title: 'SES reputation', left: [bounce, complaint] }));

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: prefix });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: `${prefix} alarms`, alarms: this.alarms, width: 24, height: 6 }),
    );
    for (let i = 0; i < graphs.length; i += 3) this.dashboard.addWidgets(...graphs.slice(i, i + 3));
  }

  /** Errors and throttles of every function, one alarm per group of five of one construct. */
  private watchFunctions(functions: CatalogFunction[], graphs: GraphWidget[]): void {
    const byOwner = new Map<string, CatalogFunction[]>();
    for (const fn of functions) {
      const owner = fn.node.scope?.node.id ?? 'functions';
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), fn]);
    }
    for (const [owner, members] of byOwner) {
      const sums: IMetric[] = [];
      for (let start = 0; start < members.length; start += FUNCTIONS_PER_ALARM) {
        const group = members.slice(start, start + FUNCTIONS_PER_ALARM);
        const usingMetrics: Record<string, IMetric> = {};
        group.forEach((f, i) => {
          // Ids unique within the owner's graph, where the groups' sums are drawn together.
          usingMetrics[`errors${start + i}`] = f.fn.metricErrors({ period: FIVE_MINUTES });
          usingMetrics[`throttles${start + i}`] = f.fn.metricThrottles({ period: FIVE_MINUTES });
        });
        const part = start / FUNCTIONS_PER_ALARM + 1;
        const sum = new MathExpression({
          expression: Object.keys(usingMetrics).join(' + '),
          usingMetrics,
          label: `${owner} ${part}: errors + throttles`,
          period: FIVE_MINUTES,
        });
        sums.push(sum);
        this.alarm(
          `${owner}-functions-${part}`,
          sum,
          ALARM_THRESHOLDS.lambdaErrorsAndThrottles,
          `Errors and throttles of ${group.map((f) => f.node.id).join(', ')}`,
        );
      }
      graphs.push(new GraphWidget({ title: `${owner}: function errors + throttles`, left: sums }));
    }
  }

  private alarm(
    name: string,
    metric: IMetric,
    threshold: number,
    description: string,
    /** Periods over the threshold before it alarms: 1, or that many of one more. */
    datapoints = 1,
    comparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  ): void {
    const alarm = new Alarm(this, `Alarm-${name}`, {
      alarmName: `${Stack.of(this).stackName}-${name}`,
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator,
      evaluationPeriods: datapoints === 1 ? 1 : datapoints + 1,
      datapointsToAlarm: datapoints,
      // No traffic, no data: quiet is not a fault (a dead region shows in the other regions' alarms).
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
