import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARTNER_TIERS } from '../../domain/partner.ts';
import {
  type FunctionSpec,
  functionCatalog,
  partnerApi,
  partnerAuthorizer,
  routesOf,
} from '../../functions/catalog.ts';
import { defaultConfig } from '../../infra/config.ts';
import { DEFAULT_TIER_LIMITS } from '../../infra/constructs/partner-api.ts';
import { buildTestApp } from './app-fixture.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const region = 'ap-south-1';
let template: Template;
let resources: Resources;

beforeAll(() => {
  const { regionStacks } = buildTestApp();
  template = Template.fromStack(regionStacks.get(region)!);
  resources = template.toJSON().Resources as Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
// The region stack also holds the back-office API (test/infra/backoffice-api.test.ts): only the partner API's methods.
const partnerApiId = () =>
  ofType('AWS::ApiGateway::RestApi').find(([, r]) => r.Properties.Name === 'claimflow-partner-api')![0];
const partnerMethods = () =>
  ofType('AWS::ApiGateway::Method').filter(
    ([, m]) => JSON.stringify(m.Properties.RestApiId) === JSON.stringify({ Ref: partnerApiId() }),
  );

/** `/v1/claims/{claimId}` of an AWS::ApiGateway::Method, from its resource chain. */
function pathOf(method: Record<string, unknown>): string {
  const parts: string[] = [];
  let ref = method.ResourceId as { Ref?: string; 'Fn::GetAtt'?: string[] };
  while (ref?.Ref) {
    const resource = resources[ref.Ref]!;
    parts.unshift(String(resource.Properties.PathPart));
    ref = resource.Properties.ParentId as typeof ref;
  }
  return `/${parts.join('/')}`;
}

const functionNamed = (name: string) =>
  ofType('AWS::Lambda::Function').find(
    ([, r]) => r.Properties.FunctionName === `${defaultConfig.appName}-${name}`,
  )!;

/** Every IAM action granted to the role of catalog function `name`, with its resources. */
function grantsOf(name: string): { actions: string[]; resource: unknown }[] {
  const [, fn] = functionNamed(name);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement)
    .map((s) => ({ actions: [s.Action].flat() as string[], resource: s.Resource }));
}

describe('PartnerApi', () => {
  it('is one regional REST API per export region, metered by keys the authorizer names', () => {
    expect(
      ofType('AWS::ApiGateway::RestApi').filter(([, r]) => r.Properties.Name === 'claimflow-partner-api'),
    ).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'claimflow-partner-api',
      ApiKeySourceType: 'AUTHORIZER',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
  });

  it('has a method for every partner route of the catalog, each behind the authorizer and a usage plan but the health check', () => {
    const all = partnerMethods().map(([, m]) => m.Properties);
    const routes = functionCatalog.filter((f) => f.kind === 'partner-api').flatMap(routesOf);
    expect(all.map((m) => `${m.HttpMethod} ${pathOf(m)}`).sort()).toEqual(
      routes.map((r) => `${r.method} ${r.path}`).sort(),
    );
    // Route 53's health checkers send no key: only GET /v1/health goes without the authorizer.
    const health = all.filter((m) => pathOf(m) === '/v1/health');
    expect(health).toEqual([
      expect.objectContaining({ HttpMethod: 'GET', AuthorizationType: 'NONE', ApiKeyRequired: false }),
    ]);
    expect(health[0]!.AuthorizerId).toBeUndefined();
    const methods = all.filter((m) => pathOf(m) !== '/v1/health');
    for (const m of methods) {
      // Usage keys are required only once onboarding creates them (PartnerApiProps.requireUsageKeys).
      expect(m).toMatchObject({ AuthorizationType: 'CUSTOM', ApiKeyRequired: false });
      expect(m.AuthorizerId).toBeDefined();
      expect(m.RequestValidatorId).toBeDefined();
      expect((m.Integration as { Type: string }).Type).toBe('AWS_PROXY');
    }
  });

  it('requires the Idempotency-Key header and the path parameters at the gateway', () => {
    const methods = partnerMethods().map(([, m]) => m.Properties);
    const create = methods.find(
      (m) => m.HttpMethod === 'POST' && pathOf(m) === partnerApi.createClaim.route!.path,
    )!;
    expect(create.RequestParameters).toEqual({ 'method.request.header.Idempotency-Key': true });
    const completion = methods.find((m) => pathOf(m) === partnerApi.completeRepair.route!.path)!;
    expect(completion.RequestParameters).toEqual({ 'method.request.path.claimId': true });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  it('authorizes with a cached REQUEST authorizer on x-api-key', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.x-api-key',
      AuthorizerResultTtlInSeconds: 300,
    });
    const [authorizerId] = functionNamed(partnerAuthorizer.name);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [authorizerId, 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
    });
  });

  it.each(PARTNER_TIERS)('has a usage plan for the %s tier with its rate, burst and daily quota', (tier) => {
    const limits = DEFAULT_TIER_LIMITS[tier];
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: `claimflow-partner-${tier}`,
      Throttle: { RateLimit: limits.rateLimit, BurstLimit: limits.burstLimit },
      Quota: { Limit: limits.requestsPerDay, Period: 'DAY' },
    });
  });

  it('traces with X-Ray and writes access and error logs, never request bodies', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: {} },
      MethodSettings: [
        { HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'ERROR', DataTraceEnabled: false },
      ],
    });
  });

  it('answers gateway errors (no key, bad key, no route, throttled) as problem+json', () => {
    for (const [type, status] of [
      ['UNAUTHORIZED', '401'],
      ['ACCESS_DENIED', '403'],
      ['MISSING_AUTHENTICATION_TOKEN', '404'],
      ['THROTTLED', '429'],
    ]) {
      const [, response] = ofType('AWS::ApiGateway::GatewayResponse').find(
        ([, r]) =>
          r.Properties.ResponseType === type &&
          JSON.stringify(r.Properties.RestApiId) === JSON.stringify({ Ref: partnerApiId() }),
      )!;
      expect(response.Properties.StatusCode).toBe(status);
      const body = JSON.parse(
        (response.Properties.ResponseTemplates as Record<string, string>)['application/problem+json']!,
      );
      expect(body).toMatchObject({
        status: Number(status),
        type: expect.stringMatching(/^urn:claimflow:problem:/),
      });
    }
  });

  it('lets the routes that file a claim (intake, resubmission) start the claim workflow and nothing else start it', () => {
    const lifecycleArn = {
      'Fn::Join': [
        '',
        ['arn:aws:states:ap-south-1:', { Ref: 'AWS::AccountId' }, ':stateMachine:claimflow-claim-lifecycle'],
      ],
    };
    const filing = [partnerApi.createClaim, partnerApi.resubmitClaim];
    for (const spec of filing) {
      const [, fn] = functionNamed(spec.name);
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        CLAIMFLOW_STATE_MACHINE_ARN: lifecycleArn,
      });
      expect(grantsOf(spec.name)).toContainEqual({
        actions: ['states:StartExecution'],
        resource: lifecycleArn,
      });
    }
    for (const spec of Object.values(partnerApi).filter((s) => !(filing as FunctionSpec[]).includes(s))) {
      const actions = grantsOf(spec.name).flatMap((g) => g.actions);
      expect(actions, spec.name).not.toContain('states:StartExecution');
    }
  });

  it('gives read-only routes and the authorizer no write to any table', () => {
    const writes = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)$/;
    for (const spec of [
      partnerApi.getClaim,
      partnerApi.listClaims,
      partnerApi.vehicleCoverage,
      partnerAuthorizer,
    ]) {
      const actions = grantsOf(spec.name).flatMap((g) => g.actions);
      expect(
        actions.filter((a) => writes.test(a)),
        spec.name,
      ).toEqual([]);
      expect(
        actions.some((a) => a.startsWith('dynamodb:')),
        spec.name,
      ).toBe(true);
    }
    const openApiActions = grantsOf(partnerApi.openApi.name).flatMap((g) => g.actions);
    expect(openApiActions.filter((a) => a.startsWith('dynamodb:') || a.startsWith('states:'))).toEqual([]);
  });
});
