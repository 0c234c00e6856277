import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicPages } from '../../functions/catalog.ts';
import { defaultConfig, mailConfigurationSetName } from '../../infra/config.ts';
import { NAG_PACK } from '../../infra/nag.ts';
import { compileStateMachine } from '../../local/stepfunctions/definition.ts';
import { MAINTENANCE_REMINDER_STATES as M } from '../../workflows/maintenance-reminder.ts';
import { renderAsl } from '../../workflows/render-asl.ts';
import { buildTestApp, describeViolation, readValidationReport } from './app-fixture.ts';

const NO_BUNDLING = { context: { 'aws:cdk:bundling-stacks': [] } };
const regions = defaultConfig.regions.map((r) => r.region);
const configurationSet = mailConfigurationSetName(defaultConfig);

/** A resource as Template.findResources gives it (untyped CloudFormation). */
type Resource = ReturnType<Template['findResources']>[string];
const one = (template: Template, type: string, props: Record<string, unknown> = {}): [string, Resource] => {
  const found = Object.entries(template.findResources(type, { Properties: props }));
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Resource];
};
const fnNamed = (template: Template, name: string) =>
  one(template, 'AWS::Lambda::Function', { FunctionName: `${defaultConfig.appName}-${name}` });
function policiesOf(template: Template, name: string): string {
  const [, fn] = fnNamed(template, name);
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  return JSON.stringify(
    Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .map((p) => p.Properties.PolicyDocument),
  );
}

describe('follow-up mail in every region stack', () => {
  const templates = new Map<string, Template>();
  let data: Template;

  beforeAll(() => {
    const app = buildTestApp(defaultConfig, NO_BUNDLING);
    for (const [region, stack] of app.regionStacks) templates.set(region, Template.fromStack(stack));
    data = Template.fromStack(app.dataStack);
  });

  it.each(regions)(
    'has the SES configuration set in %s: TLS required, reputation metrics, account suppression',
    (region) => {
      const template = templates.get(region)!;
      template.hasResourceProperties('AWS::SES::ConfigurationSet', {
        Name: configurationSet,
        DeliveryOptions: { TlsPolicy: 'REQUIRE' },
        ReputationOptions: { ReputationMetricsEnabled: true },
        SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      });
      template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
        ConfigurationSetName: { Ref: Match.anyValue() },
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['bounce', 'complaint'],
          EventBridgeDestination: { EventBusArn: Match.anyValue() },
        },
      });
      template.hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: defaultConfig.mail.identity,
      });
    },
  );

  it('routes the bounces and complaints of that configuration set to record-bounce', () => {
    const template = templates.get('ap-south-1')!;
    const [bounceId] = fnNamed(template, 'record-bounce');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': ['Email Bounced', 'Email Complaint Received'],
        detail: { mail: { tags: { 'ses:configuration-set': [configurationSet] } } },
      },
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [bounceId, 'Arn'] }, RetryPolicy: Match.anyValue() }),
      ],
    });
  });

  it('serves exactly the catalog’s public pages, without an authorizer, in payload format 1.0, logged and throttled', () => {
    const template = templates.get('eu-central-1')!;
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey as string,
    );
    expect(routes.sort()).toEqual(
      Object.values(publicPages)
        .map((p) => `${p.route!.method} ${p.route!.path}`)
        .sort(),
    );
    for (const r of Object.values(template.findResources('AWS::ApiGatewayV2::Route')))
      expect(r.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    for (const i of Object.values(template.findResources('AWS::ApiGatewayV2::Integration')))
      expect(i.Properties.PayloadFormatVersion).toBe('1.0');
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 },
    });
  });

  it('lets notify-customer send only from the configured identity and configuration set, with the link settings', () => {
    const template = templates.get('ap-northeast-1')!;
    const policies = policiesOf(template, 'notify-customer');
    expect(policies).toContain(`:identity/${defaultConfig.mail.identity}`);
    expect(policies).toContain(`:configuration-set/${configurationSet}`);
    expect(policies).toContain(`"ses:FromAddress":"${defaultConfig.mail.fromAddress}"`);
    expect(policies).not.toMatch(/:identity\/\*|:configuration-set\/\*/);
    expect(policies).toContain('secretsmanager:GetSecretValue');
    expect(policies).toContain(`:secret:${defaultConfig.appName}/link-secret-??????`);
    const [, fn] = fnNamed(template, 'notify-customer');
    const env = fn.Properties.Environment.Variables;
    expect(env).toMatchObject({
      CLAIMFLOW_MAIL_FROM: defaultConfig.mail.fromAddress,
      CLAIMFLOW_SES_CONFIGURATION_SET: configurationSet,
      CLAIMFLOW_SURVEY_LINK_DAYS: String(defaultConfig.mail.surveyLinkDays),
    });
    // The secret by reference (read at cold start), never its value; the links' base is the public API.
    expect(JSON.stringify(env.CLAIMFLOW_LINK_SECRET_ARN)).toContain(':secret:claimflow/link-secret');
    expect(env.CLAIMFLOW_PUBLIC_URL['Fn::GetAtt'][0]).toMatch(/^FollowUpMailPublicPages/);
    expect(env.CLAIMFLOW_PUBLIC_URL['Fn::GetAtt'][1]).toBe('ApiEndpoint');
    expect(JSON.stringify(fn.Properties.Environment.Variables)).not.toContain('CLAIMFLOW_LINK_SECRET"');
  });

  it('lets close-claim start the maintenance reminder, and nothing else in Step Functions', () => {
    const template = templates.get('ap-south-1')!;
    const policies = policiesOf(template, 'close-claim');
    expect(policies).toContain('states:StartExecution');
    expect(policies).toContain(`:stateMachine:${defaultConfig.appName}-maintenance-reminder`);
    expect(policies).not.toContain(`:stateMachine:${defaultConfig.appName}-claim-lifecycle`);
    const [, fn] = fnNamed(template, 'close-claim');
    expect(
      JSON.stringify(fn.Properties.Environment.Variables.CLAIMFLOW_MAINTENANCE_STATE_MACHINE_ARN),
    ).toContain('maintenance-reminder');
  });

  it('lets only the pages that write reach the other regions’ replicas, and every page read the link secret', () => {
    const template = templates.get('ap-south-1')!;
    for (const spec of Object.values(publicPages)) {
      const policies = policiesOf(template, spec.name);
      expect(policies.includes(':dynamodb:eu-central-1:'), spec.name).toBe(
        spec.touches.otherRegions === true,
      );
      expect(policies.includes('dynamodb:PutItem'), spec.name).toBe(spec.touches.globalTable === 'write');
      expect(policies, spec.name).toContain('secretsmanager:GetSecretValue');
    }
  });

  it('keeps the link secret in the data stack, generated, retained and replicated to every other export region', () => {
    const [, secret] = one(data, 'AWS::SecretsManager::Secret');
    expect(secret.Properties).toMatchObject({
      Name: `${defaultConfig.appName}/link-secret`,
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
    expect(secret.Properties.ReplicaRegions.map((r: { Region: string }) => r.Region).sort()).toEqual(
      regions.filter((r) => r !== defaultConfig.primaryRegion).sort(),
    );
    data.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });
});

describe('the MaintenanceReminder state machine', () => {
  it('waits until the reminder is due, then asks notify-customer for the maintenance reminder once, and the local engine accepts it', () => {
    const stack = buildTestApp(defaultConfig, NO_BUNDLING).regionStacks.get('ap-south-1')!;
    const { definition, functions } = renderAsl(stack, stack.claimWorkflow.maintenanceReminder);
    const states = (definition as { StartAt: string; States: Record<string, unknown> }).States;
    expect((definition as { StartAt: string }).StartAt).toBe(M.waitUntilDue);
    expect(states[M.waitUntilDue]).toEqual({
      Type: 'Wait',
      TimestampPath: '$.remindAt',
      Next: M.sendMaintenanceReminder,
    });
    expect(states[M.sendMaintenanceReminder]).toMatchObject({
      Type: 'Task',
      TimeoutSeconds: defaultConfig.workflow.taskTimeoutSeconds,
      Parameters: {
        Payload: { 'claimId.$': '$.claimId', 'epoch.$': '$.epoch', template: 'maintenance-reminder' },
      },
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.reminderError', Next: M.reminded }],
      End: true,
    });
    // An outage or a refused email is ridden out, as in ClaimLifecycle (workflows/task-retry.ts).
    expect(
      (states[M.sendMaintenanceReminder] as { Retry: { ErrorEquals: string[] }[] }).Retry.map(
        (r) => r.ErrorEquals,
      ),
    ).toContainEqual(['RegionUnavailable', 'EmailNotSent']);
    expect(functions).toEqual(['notify-customer']);
    expect([...compileStateMachine('MaintenanceReminder', definition).states.keys()].sort()).toEqual(
      Object.values(M).sort(),
    );
  });
});

describe('follow-up mail under cdk-nag', () => {
  it('acknowledges only the public routes’ missing authorizer (the signed link is the key) and the findings every function has', () => {
    const { app } = buildTestApp(defaultConfig, NO_BUNDLING);
    const report = readValidationReport(app.synth());
    const nag = report.pluginReports.find((r) => r.pluginName === NAG_PACK);
    expect(nag?.violations.map(describeViolation)).toEqual([]);
    const ours = (nag?.suppressedViolations ?? []).filter((v) =>
      v.violatingConstructs.some((c) => c.constructPath.includes('/FollowUpMail/')),
    );
    expect(ours.length).toBeGreaterThan(0);
    for (const ack of ours)
      expect(ack.ruleName).toMatch(
        /^AwsSolutions-(APIG4|L1|IAM5\[Resource::(\*|arn:.*:table\/claimflow\/index\/\*)\])$/,
      );
    // notify-customer's SES permission needs no wildcard any more.
    const sesWildcards = (nag?.suppressedViolations ?? []).filter((v) => /:ses:.*\*/.test(v.ruleName));
    expect(sesWildcards).toEqual([]);
  });
});
