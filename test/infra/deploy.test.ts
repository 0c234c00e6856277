import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../infra/config.ts';
import { endpointsFromOutputs, MissingOutputError, type StackOutputs } from '../../infra/deploy/endpoints.ts';
import { parseOperatorArgs } from '../../infra/deploy/operator.ts';
import type { Endpoints } from '../../local/endpoints.ts';

const recorded = JSON.parse(
  readFileSync(new URL('./fixtures/cdk-outputs.json', import.meta.url), 'utf8'),
) as StackOutputs;

describe("a deployment's endpoints.json", () => {
  it('names every region its partner and back-office API, its services and its state machine, from the outputs', () => {
    const endpoints = endpointsFromOutputs(recorded, defaultConfig);

    expect(Object.keys(endpoints.regions).sort()).toEqual(['ap-northeast-1', 'ap-south-1', 'eu-central-1']);
    expect(endpoints.regions['ap-south-1']).toEqual({
      partnerApi: 'https://a1b2c3d4e5.execute-api.ap-south-1.amazonaws.com/prod/',
      backofficeApi: 'https://f6g7h8i9j0.execute-api.ap-south-1.amazonaws.com/prod/',
      dynamodb: 'https://dynamodb.ap-south-1.amazonaws.com/',
      sfn: 'https://states.ap-south-1.amazonaws.com/',
      ses: 'https://email.ap-south-1.amazonaws.com/',
      publicPages: 'https://k1l2m3n4o5.execute-api.ap-south-1.amazonaws.com',
    });
    expect(endpoints.stateMachines['eu-central-1']).toBe(
      'arn:aws:states:eu-central-1:123456789012:stateMachine:claimflow-claim-lifecycle',
    );
    // The runbook moves closed claims' waiting reminders: it finds each region's reminder workflow here.
    expect(endpoints.maintenanceReminders['ap-south-1']).toBe(
      'arn:aws:states:ap-south-1:123456789012:stateMachine:claimflow-maintenance-reminder',
    );
    expect(endpoints.maintenanceReminderAfterSeconds).toBe(
      defaultConfig.workflow.maintenanceReminderAfterSeconds,
    );
    expect(endpoints.backoffice.urls['ap-northeast-1']).toBe(
      'https://j6k7l8m9n0.execute-api.ap-northeast-1.amazonaws.com/prod/',
    );
  });

  it('points staff at the console and the Cognito sign-in, and carries no key, password or token', () => {
    const endpoints = endpointsFromOutputs(recorded, defaultConfig);

    expect(endpoints.console).toBe('https://d3k9x2example.cloudfront.net/console/');
    expect(endpoints.backoffice.identity).toBe(
      'https://claimflow-staff-123456789012.auth.ap-northeast-1.amazoncognito.com',
    );
    expect(endpoints.backoffice.cognito).toEqual({
      region: 'ap-northeast-1',
      userPoolId: 'ap-northeast-1_Q2wE3rT4y',
      clientId: '5h7j9k1l3m5n7p9q1r3s5t7u9v',
    });
    expect(endpoints.partners).toEqual([]);
    expect(endpoints.backoffice.users).toEqual([]);
    expect(JSON.stringify(endpoints)).not.toMatch(/apiKey|password|token"/i);
  });

  it('has the shape of the local endpoints.json wherever both have a key', () => {
    // Compile-time: the keys scripts and tests read are typed as the local file's.
    const endpoints = endpointsFromOutputs(recorded, defaultConfig);
    const asLocal: Pick<
      Endpoints,
      | 'stateMachines'
      | 'maintenanceReminders'
      | 'maintenanceReminderAfterSeconds'
      | 'timeScale'
      | 'console'
      | 'partners'
    > & {
      regions: Record<string, Omit<Endpoints['regions'][string], never>>;
      backoffice: Pick<Endpoints['backoffice'], 'urls' | 'identity' | 'users'>;
      demo: Endpoints['demo'];
    } = endpoints;

    expect(asLocal.timeScale).toBe(1);
    expect(asLocal.demo).toEqual({ vehicles: [], parts: [], laborOperations: [] });
  });

  it('refuses outputs that miss a stack, naming the stack and the output', () => {
    const { 'claimflow-eu-central-1': _missing, ...partial } = recorded;

    expect(() => endpointsFromOutputs(partial, defaultConfig)).toThrow(MissingOutputError);
    expect(() => endpointsFromOutputs(partial, defaultConfig)).toThrow(
      /PartnerApiUrl of stack claimflow-eu-central-1/,
    );
  });
});

describe('npm run deploy and npm run destroy', () => {
  const home = mkdtempSync(join(tmpdir(), 'claimflow-no-aws-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  // No credentials anywhere: no variables, an empty home (no ~/.aws), no instance metadata.
  const bare = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const cdkOut = join(process.cwd(), 'cdk.out', 'manifest.json');
  const mtime = () => (existsSync(cdkOut) ? statSync(cdkOut).mtimeMs : 0);

  it.each(['deploy', 'destroy'])(
    '%s without AWS credentials says so in one line, exits 1 and changes nothing',
    (script) => {
      const before = mtime();
      const deployments = join(process.cwd(), 'deployments');
      const hadDeployments = existsSync(deployments);

      const res = spawnSync(process.execPath, ['--import', 'tsx', `infra/deploy/${script}.ts`], {
        env: bare,
        encoding: 'utf8',
        timeout: 60_000,
      });

      expect(res.status).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/^npm run (deploy|destroy): no AWS credentials found .*nothing was changed/);
      expect(mtime()).toBe(before);
      expect(existsSync(deployments)).toBe(hadDeployments);
    },
  );

  it('passes the context on to the CDK app and every other option to the CDK command', () => {
    const args = parseOperatorArgs([
      '-c',
      'claimflow:stage=staging',
      '--require-approval',
      'never',
      '--context=a=b=c',
    ]);

    expect(args.context).toEqual({ 'claimflow:stage': 'staging', a: 'b=c' });
    expect(args.cdkArgs).toEqual(['--require-approval', 'never']);
  });
});
