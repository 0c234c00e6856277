import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../infra/config.ts';
import { staffDirectoryName } from '../../infra/constructs/staff-directory.ts';
import { buildTestApp } from './app-fixture.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
const json = (v: unknown) => JSON.stringify(v);

// A "built" console, so the test does not depend on whether console/dist exists on this machine.
const builtConsole = mkdtempSync(join(tmpdir(), 'cf-console-dist-'));
mkdirSync(join(builtConsole, 'assets'));
writeFileSync(join(builtConsole, 'index.html'), '<!doctype html><title>console</title>');
afterAll(() => rmSync(builtConsole, { recursive: true, force: true }));

let data: Template;
let front: Template;
let config: Template;
let frontApp: ReturnType<typeof buildTestApp>;

beforeAll(() => {
  frontApp = buildTestApp(defaultConfig, { consoleDist: builtConsole });
  data = Template.fromStack(frontApp.dataStack);
  front = Template.fromStack(frontApp.consoleStack);
  config = Template.fromStack(frontApp.consoleConfigStack);
});

const ofType = (t: Template, type: string) =>
  Object.entries(t.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);

describe('the staff user pool (data stack, primary region)', () => {
  it('is one pool, admin-created users only, MFA required, Plus tier with threat protection enforced, retained', () => {
    data.resourceCountIs('AWS::Cognito::UserPool', 1);
    data.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
        UsernameAttributes: ['email'],
      }),
    });
  });

  it('has the groups viewer, adjuster, manager and the approval_limits custom attribute', () => {
    const groups = ofType(data, 'AWS::Cognito::UserPoolGroup')
      .map(([, g]) => g.Properties.GroupName)
      .sort();
    expect(groups).toEqual(['adjuster', 'manager', 'viewer']);
    const [, pool] = ofType(data, 'AWS::Cognito::UserPool')[0]!;
    expect(pool.Properties.Schema).toContainEqual(
      expect.objectContaining({ Name: 'approval_limits', AttributeDataType: 'String', Mutable: true }),
    );
  });
});

describe('the console stack (primary region)', () => {
  it('keeps the files in a private bucket: public access blocked, TLS only, access logged', () => {
    const [, bucket] = ofType(front, 'AWS::S3::Bucket').find(([, b]) =>
      String(json(b.Properties.BucketName)).includes('claimflow-console-'),
    )!;
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.LoggingConfiguration).toBeDefined();
    const [, policy] = ofType(front, 'AWS::S3::BucketPolicy').find(([, p]) =>
      json(p.Properties.PolicyDocument).includes('cloudfront.amazonaws.com'),
    )!;
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    // TLS only: every request without it is denied, to anyone.
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // Only CloudFront reads, and only for this distribution (OAC's SourceArn condition); nobody else is allowed.
    const allows = statements.filter((st) => st.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const allow of allows) {
      expect(allow.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(json(allow.Condition)).toContain('AWS:SourceArn');
    }
  });

  it('serves it through CloudFront with Origin Access Control, HTTPS only, security headers', () => {
    front.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [, distribution] = ofType(front, 'AWS::CloudFront::Distribution')[0]!;
    const cfg = distribution.Properties.DistributionConfig as {
      Origins: { OriginAccessControlId?: unknown; S3OriginConfig?: unknown }[];
      DefaultCacheBehavior: { ViewerProtocolPolicy: string; ResponseHeadersPolicyId?: unknown };
      Logging?: unknown;
    };
    expect(cfg.Origins[0]!.OriginAccessControlId).toBeDefined();
    expect(cfg.Origins[0]!.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(cfg.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(cfg.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
    expect(cfg.Logging).toBeDefined();
    const [, headers] = ofType(front, 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
    const csp = json(headers.Properties.ResponseHeadersPolicyConfig);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    front.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          FrameOptions: { FrameOption: 'DENY', Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31_536_000 }),
        }),
      }),
    });
  });

  it('deploys the built console under console/, leaving config.json to the config stack', () => {
    const [, deployment] = ofType(front, 'Custom::CDKBucketDeployment')[0]!;
    expect(deployment.Properties).toMatchObject({
      DestinationBucketKeyPrefix: 'console/',
      Prune: true,
      Exclude: ['config.json'],
    });
    expect(
      Annotations.fromStack(frontApp.consoleStack).findWarning('*', Match.stringLikeRegexp('placeholder')),
    ).toEqual([]);
  });

  it('deploys a placeholder page, with a warning, when the console is not built (synth needs no build)', () => {
    const { consoleStack } = buildTestApp(defaultConfig, { consoleDist: join(builtConsole, 'missing') });
    const warnings = Annotations.fromStack(consoleStack).findWarning(
      '*',
      Match.stringLikeRegexp('placeholder'),
    );
    expect(warnings).toHaveLength(1);
  });

  it('gives the console a public app client: code grant with PKCE, no secret, limits readable but not writable', () => {
    const [, client] = ofType(front, 'AWS::Cognito::UserPoolClient')[0]!;
    const p = client.Properties;
    expect(p.GenerateSecret).toBe(false);
    expect(p.AllowedOAuthFlows).toEqual(['code']);
    expect(p.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(p.ReadAttributes).toContain('custom:approval_limits');
    expect(p.WriteAttributes).not.toContain('custom:approval_limits');
    expect(json(p.CallbackURLs)).toContain('/console/');
    expect(json(p.CallbackURLs)).toContain('DomainName');
  });

  it('writes the staff directory record, replicated to every other export region', () => {
    const [, secret] = ofType(front, 'AWS::SecretsManager::Secret')[0]!;
    expect(secret.Properties.Name).toBe(staffDirectoryName(defaultConfig));
    const replicas = (secret.Properties.ReplicaRegions as { Region: string }[]).map((r) => r.Region).sort();
    const others = defaultConfig.regions
      .map((r) => r.region)
      .filter((r) => r !== defaultConfig.primaryRegion);
    expect(replicas).toEqual(others.sort());
  });

  it('is deployed before every region stack, and the console config after all of them', () => {
    for (const stack of frontApp.regionStacks.values()) {
      expect(stack.dependencies).toContain(frontApp.consoleStack);
      expect(frontApp.consoleConfigStack.dependencies).toContain(stack);
    }
  });
});

describe('the console config (primary region, last)', () => {
  it("reads every region's back-office API URL and writes config.json next to the console", () => {
    const reads = ofType(config, 'Custom::BackOfficeApiUrl').map(([, r]) => json(r.Properties.Create));
    expect(reads).toHaveLength(defaultConfig.regions.length);
    for (const { region } of defaultConfig.regions)
      expect(reads.some((r) => r.includes(`\\"region\\":\\"${region}\\"`))).toBe(true);
    const [, deployment] = ofType(config, 'Custom::CDKBucketDeployment')[0]!;
    expect(deployment.Properties).toMatchObject({ DestinationBucketKeyPrefix: 'console/', Prune: false });
    const markers = json(deployment.Properties.SourceMarkers);
    expect(markers).toContain('Parameter.Value');
  });
});
