import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../infra/config.ts';
import { partnerApiUrlParameter } from '../../infra/constructs/partner-api.ts';
import {
  FAILURE_DETECTION,
  FAILURE_DETECTION_REGION,
  HEALTH_CHECKER_REGIONS,
} from '../../infra/failure-detection-stack.ts';
import { buildTestApp } from './app-fixture.ts';

/**
 * What detects a failed region in AWS (issue 14): a Route 53 health check per export region on its
 * partner API's GET /v1/health, and an alarm on each, in us-east-1 where Route 53's metrics are.
 */

const exportRegions = defaultConfig.regions.map((r) => r.region);
let app: ReturnType<typeof buildTestApp>;
let template: Template;

beforeAll(() => {
  app = buildTestApp();
  template = Template.fromStack(app.failureDetectionStack);
});

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = () => Object.entries(template.toJSON().Resources as Record<string, Resource>);
const idOf = (type: string, label: string) =>
  resources().find(([id, r]) => r.Type === type && id.includes(label.replace(/-/g, '')))?.[0];

describe('the failure detection stack', () => {
  it('lives in us-east-1 and deploys after every region stack', () => {
    const stack = app.failureDetectionStack;
    expect(stack.region).toBe(FAILURE_DETECTION_REGION);
    const after = stack.dependencies.map((s) => s.stackName).sort();
    expect(after).toEqual(exportRegions.map((r) => `${defaultConfig.appName}-${r}`).sort());
  });

  it.each(exportRegions)(
    "checks %s's partner API health route over HTTPS from three checker regions, with the URL its region stack publishes",
    (region) => {
      // The region stack publishes its partner API's URL under the fixed name the check reads.
      Template.fromStack(app.regionStacks.get(region)!).hasResourceProperties('AWS::SSM::Parameter', {
        Name: partnerApiUrlParameter(defaultConfig),
      });
      const reader = idOf('Custom::PartnerApiUrl', region);
      expect(reader).toBeDefined();
      // The SDK call's parameters are a JSON string in the custom resource's properties.
      const call = JSON.stringify(template.toJSON().Resources[reader!].Properties);
      expect(call).toContain(`\\"region\\":\\"${region}\\"`);
      expect(call).toContain(`\\"Name\\":\\"${partnerApiUrlParameter(defaultConfig)}\\"`);
      const checkId = idOf('AWS::Route53::HealthCheck', region)!;
      const check = template.toJSON().Resources[checkId] as Resource;
      expect(check.Properties.HealthCheckConfig).toMatchObject({
        Type: 'HTTPS',
        Port: 443,
        EnableSNI: true,
        RequestInterval: FAILURE_DETECTION.requestIntervalSeconds,
        FailureThreshold: FAILURE_DETECTION.failureThreshold,
        Regions: [...HEALTH_CHECKER_REGIONS],
      });
      // Host and path come from the parameter's value (`https://<host>/<stage>/`), read by that reader.
      const config = JSON.stringify(check.Properties.HealthCheckConfig);
      expect(config).toContain(reader!);
      expect(config).toContain('/v1/health');
    },
  );

  it.each(exportRegions)('alarms on the health check of %s and notifies the alarm topic', (region) => {
    const checkId = idOf('AWS::Route53::HealthCheck', region)!;
    const topicId = idOf('AWS::SNS::Topic', 'AlarmTopic')!;
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${defaultConfig.appName}-${region}-unhealthy`,
      Namespace: 'AWS/Route53',
      MetricName: 'HealthCheckStatus',
      Dimensions: [{ Name: 'HealthCheckId', Value: { 'Fn::GetAtt': [checkId, 'HealthCheckId'] } }],
      Statistic: 'Minimum',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: FAILURE_DETECTION.alarmMinutes,
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
    });
  });

  it('has one health check and one alarm per export region, and nothing else watched', () => {
    template.resourceCountIs('AWS::Route53::HealthCheck', exportRegions.length);
    template.resourceCountIs('AWS::CloudWatch::Alarm', exportRegions.length);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: Match.stringLikeRegexp('alarms$') });
  });
});
