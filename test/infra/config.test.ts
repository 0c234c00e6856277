import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import {
  type Config,
  ConfigError,
  configFromContext,
  defaultConfig,
  loadConfig,
  SHORT_WORKFLOW_TIMING,
} from '../../infra/config.ts';
import { buildTestApp } from './app-fixture.ts';

const withPrimary = (primaryRegion: string): Config => ({ ...structuredClone(defaultConfig), primaryRegion });

describe('claimflow config', () => {
  it('accepts the default topology: three export regions, primary ap-northeast-1', () => {
    expect(loadConfig(structuredClone(defaultConfig))).toEqual(defaultConfig);
  });

  it('rejects a primary region that is not an export region, naming primaryRegion', () => {
    expect(() => loadConfig(withPrimary('us-east-1'))).toThrow(ConfigError);
    expect(() => loadConfig(withPrimary('us-east-1'))).toThrow(
      /primaryRegion: primary region us-east-1 is not one of/,
    );
  });

  it('refuses to build the CDK app from such a config, with the same message', () => {
    expect(() => buildApp(withPrimary('us-east-1'))).toThrow(/primaryRegion/);
  });

  it('rejects a market served by two regions, naming the market code field', () => {
    const cfg = structuredClone(defaultConfig) as Config & { regions: { markets: { code: string }[] }[] };
    cfg.regions[1]!.markets[0]!.code = 'NP';
    expect(() => loadConfig(cfg)).toThrow(/regions\.1\.markets\.0\.code: market NP is served by both/);
  });

  it('rejects a malformed region name, naming the field', () => {
    const cfg = structuredClone(defaultConfig) as Config & { regions: { region: string }[] };
    cfg.regions[0]!.region = 'Mumbai';
    expect(() => loadConfig(cfg)).toThrow(/regions\.0\.region: must be an AWS region name/);
  });
});

describe("a deployment's configuration from the CDK context", () => {
  const context = (values: Record<string, string>) => (key: string) => values[key];

  it('takes the SES identity, the From address, the alarm email and the stage from the context', () => {
    const config = configFromContext(
      defaultConfig,
      context({
        'claimflow:mailIdentity': 'mail.exporter.jp',
        'claimflow:mailFrom': 'after-sales@mail.exporter.jp',
        'claimflow:alarmEmail': 'ops@exporter.jp',
        'claimflow:stage': 'staging',
      }),
    );

    expect(config.mail).toMatchObject({
      identity: 'mail.exporter.jp',
      fromAddress: 'after-sales@mail.exporter.jp',
    });
    expect(config.deployment).toEqual({
      stage: 'staging',
      alarmEmail: 'ops@exporter.jp',
      apiGatewayCloudWatchRole: 'existing',
    });
    expect(config.workflow).toEqual(defaultConfig.workflow);
  });

  it('shortens the workflow waits for a staging deployment that asks, and never for production', () => {
    const staging = configFromContext(
      defaultConfig,
      context({ 'claimflow:stage': 'staging', 'claimflow:workflowTiming': 'short' }),
    );
    expect(staging.workflow).toEqual(SHORT_WORKFLOW_TIMING);

    expect(() => configFromContext(defaultConfig, context({ 'claimflow:workflowTiming': 'short' }))).toThrow(
      /claimflow:workflowTiming: short workflow waits are for staging only/,
    );
  });

  it('names the context key of a bad value', () => {
    expect(() =>
      configFromContext(defaultConfig, context({ 'claimflow:alarmEmail': 'not-an-address' })),
    ).toThrow(/claimflow:alarmEmail: must be an email address/);
    expect(() =>
      configFromContext(defaultConfig, context({ 'claimflow:mailFrom': 'someone@elsewhere.org' })),
    ).toThrow(/claimflow:mailFrom: must be an address of the sending identity/);
  });

  it("sets API Gateway's account CloudWatch role only when asked, in every region stack", () => {
    const { regionStacks } = buildTestApp(defaultConfig, {
      context: { 'claimflow:apiGatewayCloudWatchRole': 'create' },
    });
    for (const stack of regionStacks.values()) {
      const accounts = Template.fromStack(stack).findResources('AWS::ApiGateway::Account');
      expect(Object.keys(accounts), stack.stackName).toHaveLength(1);
    }
  });
});
