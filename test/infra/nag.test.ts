import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { acknowledgeNagFinding, acknowledgeTableIndexWildcard, NAG_PACK } from '../../infra/nag.ts';
import { buildTestApp, describeViolation, readValidationReport } from './app-fixture.ts';

describe('cdk-nag AwsSolutions checks', () => {
  it('report no unacknowledged finding for the claimflow app', () => {
    // Prepare
    const { app } = buildTestApp();

    // Act: throws with the full report if any plugin reports an unacknowledged error.
    const assembly = app.synth();

    // Assess: warnings do not fail a synth, so read the report for those too.
    const report = readValidationReport(assembly);
    const open = report.pluginReports.flatMap((r) =>
      r.violations.map((v) => `[${r.pluginName}] ${describeViolation(v)}`),
    );
    expect(open).toEqual([]);
    expect(report.pluginReports.filter((r) => r.conclusion === 'failure')).toEqual([]);
  });

  it('run at synth and fail it on an unacknowledged error (so the check above can fail)', () => {
    // Prepare: a queue that breaks AwsSolutions-SQS3 (no DLQ) and AwsSolutions-SQS4 (SSL not enforced).
    const { app, regionStacks } = buildTestApp();
    new Queue(regionStacks.get('ap-south-1')!, 'NonCompliantQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
    });

    // Act / Assess
    expect(() => app.synth()).toThrow(
      /AwsSolutions-SQS4[\s\S]*NonCompliantQueue|NonCompliantQueue[\s\S]*AwsSolutions-SQS4/,
    );
  });

  it('keep an acknowledged finding in the report, with its reason, instead of failing', () => {
    // Prepare
    const { app, regionStacks } = buildTestApp();
    const queue = new Queue(regionStacks.get('ap-south-1')!, 'AcknowledgedQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledgeNagFinding(queue, 'AwsSolutions-SQS3', 'test queue: acknowledged to prove the audit trail');

    // Act
    const report = readValidationReport(app.synth());

    // Assess
    const nag = report.pluginReports.find((r) => r.pluginName === NAG_PACK);
    expect(nag?.violations).toEqual([]);
    const ours = nag?.suppressedViolations?.filter((v) =>
      v.violatingConstructs.some((c) => c.constructPath.includes('/AcknowledgedQueue/')),
    );
    expect(ours).toEqual([
      expect.objectContaining({
        ruleName: 'AwsSolutions-SQS3',
        reason: 'test queue: acknowledged to prove the audit trail',
      }),
    ]);
  });

  it('refuse an acknowledgement without a specific reason', () => {
    const { regionStacks } = buildTestApp();
    const stack = regionStacks.get('ap-south-1')!;
    expect(() => acknowledgeNagFinding(stack, 'AwsSolutions-IAM4', 'ok')).toThrow(/specific reason/);
  });
});

describe('acknowledging the GSI wildcard of a table grant', () => {
  it.each([
    ['an unresolved account (offline synth)', undefined],
    ['a literal account (synth with CDK_DEFAULT_ACCOUNT)', '123456789012'],
  ])('matches the finding cdk-nag reports with %s', (_, account) => {
    // Prepare: a grantee of the global table's replica, as every function in a region stack will be.
    const { app, regionStacks } = buildTestApp(undefined, account ? { account } : {});
    const stack = regionStacks.get('eu-central-1')!;
    const role = new Role(stack, 'Grantee', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    stack.globalTable.grantReadData(role);
    acknowledgeTableIndexWildcard(role, stack.globalTable);

    // Act
    const nag = readValidationReport(app.synth()).pluginReports.find((r) => r.pluginName === NAG_PACK);

    // Assess
    expect(nag?.violations).toEqual([]);
    const ours = nag?.suppressedViolations?.filter((v) =>
      v.violatingConstructs.some((c) => c.constructPath.includes('/Grantee/')),
    );
    expect(ours?.map((v) => v.acknowledgedId)).toEqual([
      `${NAG_PACK}::AwsSolutions-IAM5[Resource::arn:aws:dynamodb:eu-central-1:${account ?? '<AWS::AccountId>'}:table/claimflow/index/*]`,
    ]);
  });
});
