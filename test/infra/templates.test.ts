import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, regionNames } from '../../infra/config.ts';
import { buildTestApp } from './app-fixture.ts';

/**
 * Checks on the synthesized templates, as CloudFormation will receive them: the limits a deployment
 * would otherwise hit in the middle of `cdk deploy`, every state machine against an ASL validator
 * that is not CDK's, a failure target on every asynchronous path, the alarms of every region, and no
 * customer data in any log configuration.
 */

// asl-validator ships CommonJS without type declarations.
const validateAsl = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
  opts?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}
type Resources = Record<string, Resource>;

const json = (v: unknown) => JSON.stringify(v);
const ACCOUNT = '123456789012';
// CloudFormation's documented quotas (AWS CloudFormation User Guide, "Quotas").
const MAX_DYNAMIC_REFERENCES = 60;
// Room to grow: a new route or function must not bring the templates near the quota.
const DYNAMIC_REFERENCE_BUDGET = MAX_DYNAMIC_REFERENCES / 2;
const MAX_RESOURCES = 500;
const MAX_TEMPLATE_BYTES = 1_000_000;

let stacks: CloudFormationStackArtifact[];
const regionStack = (region: string) =>
  stacks.find((s) => s.stackName === `${defaultConfig.appName}-${region}`)!;
const resourcesOf = (stack: CloudFormationStackArtifact) =>
  (stack.template as { Resources: Resources }).Resources;
const ofType = (stack: CloudFormationStackArtifact, type: string) =>
  Object.entries(resourcesOf(stack)).filter(([, r]) => r.Type === type);

beforeAll(() => {
  stacks = buildTestApp().app.synth().stacks;
});

describe('every synthesized template', () => {
  it('stays within CloudFormation limits: ≤ 60 dynamic references (kept under half), ≤ 500 resources, ≤ 1 MB', () => {
    // data, console, console config, failure detection (us-east-1), and one per export region.
    expect(stacks.map((s) => s.stackName).sort()).toHaveLength(4 + regionNames().length);
    for (const stack of stacks) {
      const text = json(stack.template);
      const dynamicReferences = text.match(/\{\{resolve:/g)?.length ?? 0;
      expect(dynamicReferences, stack.stackName).toBeLessThanOrEqual(DYNAMIC_REFERENCE_BUDGET);
      expect(Object.keys(resourcesOf(stack)).length, stack.stackName).toBeLessThanOrEqual(MAX_RESOURCES);
      expect(statSync(stack.templateFullPath).size, stack.stackName).toBeLessThanOrEqual(MAX_TEMPLATE_BYTES);
    }
  });

  it('defines state machines that asl-validator accepts', () => {
    let checked = 0;
    for (const stack of stacks)
      for (const [id, machine] of ofType(stack, 'AWS::StepFunctions::StateMachine')) {
        const definition = JSON.parse(resolveForValidation(machine.Properties!.DefinitionString, stack));
        const result = validateAsl(definition, { checkPaths: true, checkArn: true });
        expect(result.isValid, `${stack.stackName} ${id}: ${result.errorsText('; ')}`).toBe(true);
        checked++;
      }
    expect(checked).toBe(2 * regionNames().length);
  });

  it('gives every asynchronous path a failure target: rule targets a DLQ, async-invoked functions an on-failure destination', () => {
    for (const stack of stacks) {
      const resources = resourcesOf(stack);
      const onFailure = new Set(
        ofType(stack, 'AWS::Lambda::EventInvokeConfig')
          .filter(([, c]) => json(c.Properties?.DestinationConfig).includes('OnFailure'))
          .map(([, c]) => json(c.Properties!.FunctionName)),
      );
      for (const [id, rule] of ofType(stack, 'AWS::Events::Rule'))
        for (const target of rule.Properties!.Targets as {
          Arn: unknown;
          DeadLetterConfig?: { Arn?: unknown };
        }[]) {
          expect(target.DeadLetterConfig?.Arn, `${stack.stackName} ${id}`).toBeDefined();
          const [fnId] = (target.Arn as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'] ?? [];
          if (fnId && resources[fnId]?.Type === 'AWS::Lambda::Function')
            expect(onFailure.has(json({ Ref: fnId })), `${stack.stackName} ${fnId}`).toBe(true);
        }
      // Any service that invokes a function asynchronously (EventBridge, SNS, S3, SES) is covered too.
      for (const [id, permission] of ofType(stack, 'AWS::Lambda::Permission')) {
        const principal = String(permission.Properties!.Principal);
        if (!/^(events|sns|s3|ses)\.amazonaws\.com$/.test(principal)) continue;
        const fn = permission.Properties!.FunctionName as { 'Fn::GetAtt'?: [string, string] };
        const fnId = fn['Fn::GetAtt']?.[0];
        expect(fnId && onFailure.has(json({ Ref: fnId })), `${stack.stackName} ${id} (${principal})`).toBe(
          true,
        );
      }
    }
  });

  it('logs no execution data: state machines without input and output, API stages without bodies', () => {
    for (const stack of stacks) {
      for (const [id, machine] of ofType(stack, 'AWS::StepFunctions::StateMachine'))
        expect(json(machine.Properties!.LoggingConfiguration), id).toContain('"IncludeExecutionData":false');
      for (const [id, stage] of ofType(stack, 'AWS::ApiGateway::Stage'))
        for (const setting of (stage.Properties!.MethodSettings ?? []) as { DataTraceEnabled?: boolean }[])
          expect(setting.DataTraceEnabled, id).not.toBe(true);
    }
  });

  it("changes no account-wide setting: API Gateway's CloudWatch role is left to the operator", () => {
    for (const stack of stacks)
      expect(ofType(stack, 'AWS::ApiGateway::Account'), stack.stackName).toEqual([]);
  });
});

describe.each(regionNames())('the alarms of %s', (region) => {
  const alarms = () => ofType(regionStack(region), 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
  const metricsOf = (alarm: Record<string, unknown>) =>
    ((alarm.Metrics as { MetricStat?: { Metric: Record<string, unknown> } }[] | undefined) ?? [])
      .map((m) => m.MetricStat?.Metric)
      .filter((m) => m !== undefined)
      .concat(
        alarm.MetricName
          ? [{ MetricName: alarm.MetricName, Namespace: alarm.Namespace, Dimensions: alarm.Dimensions }]
          : [],
      );
  const watched = (metricName: string) =>
    alarms().flatMap((a) =>
      metricsOf(a)
        .filter((m) => m.MetricName === metricName)
        .map((m) => json(m.Dimensions)),
    );

  it('notify one SNS topic, and one dashboard shows them', () => {
    const topics = ofType(regionStack(region), 'AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    for (const alarm of alarms()) expect(alarm.AlarmActions).toEqual([{ Ref: topics[0]![0] }]);
    expect(ofType(regionStack(region), 'AWS::CloudWatch::Dashboard')).toHaveLength(1);
  });

  it('watch the 5xx rate of every API', () => {
    const stack = regionStack(region);
    for (const [, api] of ofType(stack, 'AWS::ApiGateway::RestApi'))
      expect(watched('5XXError').join()).toContain(json(api.Properties!.Name));
    for (const [id] of ofType(stack, 'AWS::ApiGatewayV2::Api'))
      expect(watched('5xx').join()).toContain(json({ Ref: id }));
  });

  it('watch errors and throttles of every function', () => {
    for (const [id] of ofType(regionStack(region), 'AWS::Lambda::Function')) {
      expect(watched('Errors').join(), id).toContain(json({ Ref: id }));
      expect(watched('Throttles').join(), id).toContain(json({ Ref: id }));
    }
  });

  it('watch failed and timed-out executions of every state machine, and every dead-letter queue', () => {
    const stack = regionStack(region);
    for (const [id] of ofType(stack, 'AWS::StepFunctions::StateMachine')) {
      expect(watched('ExecutionsFailed').join(), id).toContain(json({ Ref: id }));
      expect(watched('ExecutionsTimedOut').join(), id).toContain(json({ Ref: id }));
    }
    const queues = ofType(stack, 'AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThan(0);
    for (const [id] of queues)
      expect(watched('ApproximateNumberOfMessagesVisible').join(), id).toContain(
        json({ 'Fn::GetAtt': [id, 'QueueName'] }),
      );
  });

  it('watch replication to every other region above 180 s, and the SES bounce and complaint rates', () => {
    const replication = alarms().filter((a) =>
      metricsOf(a).some((m) => m.MetricName === 'ReplicationLatency'),
    );
    for (const other of regionNames().filter((r) => r !== region))
      expect(watched('ReplicationLatency').join(), other).toContain(
        json({ Name: 'ReceivingRegion', Value: other }),
      );
    for (const a of replication) expect(a.Threshold).toBe(180_000);
    expect(watched('Reputation.BounceRate')).toHaveLength(1);
    expect(watched('Reputation.ComplaintRate')).toHaveLength(1);
  });
});

/**
 * A DefinitionString as CloudFormation will resolve it, with placeholder values for what only a
 * deployment knows: each reference becomes an ARN of the right service, named after its logical id.
 */
function resolveForValidation(value: unknown, stack: CloudFormationStackArtifact): string {
  const region = stack.environment.region;
  const resources = resourcesOf(stack);
  const arnOf = (logicalId: string) => {
    const type = resources[logicalId]?.Type;
    if (type === 'AWS::Lambda::Function') return `arn:aws:lambda:${region}:${ACCOUNT}:function:${logicalId}`;
    if (type === 'AWS::StepFunctions::StateMachine')
      return `arn:aws:states:${region}:${ACCOUNT}:stateMachine:${logicalId}`;
    throw new Error(`no placeholder for a reference to ${logicalId} (${type})`);
  };
  const resolve = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const node = v as Record<string, unknown>;
    if (node['Fn::Join']) {
      const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(separator);
    }
    if (node.Ref === 'AWS::Partition') return 'aws';
    if (node.Ref === 'AWS::Region') return region;
    if (node.Ref === 'AWS::AccountId') return ACCOUNT;
    if (node.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
    if (typeof node.Ref === 'string') return arnOf(node.Ref);
    if (node['Fn::GetAtt']) return arnOf((node['Fn::GetAtt'] as [string, string])[0]);
    throw new Error(`cannot resolve ${json(v)}`);
  };
  return resolve(value);
}
