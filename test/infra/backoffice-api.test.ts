import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { backofficeApi, masterDataApi, routesOf } from '../../functions/catalog.ts';
import { defaultConfig } from '../../infra/config.ts';
import { backofficeApiUrlParameter } from '../../infra/constructs/backoffice-api.ts';
import { staffDirectoryName } from '../../infra/constructs/staff-directory.ts';
import { buildTestApp } from './app-fixture.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Resources = Record<string, Resource>;

const region = 'eu-central-1';
let template: Template;
let resources: Resources;

beforeAll(() => {
  const { regionStacks } = buildTestApp();
  template = Template.fromStack(regionStacks.get(region)!);
  resources = template.toJSON().Resources as Resources;
});

/** Every back-office route of the catalog: the claim and operations routes and the master-data ones. */
const catalogRoutes = [...Object.values(backofficeApi), ...Object.values(masterDataApi)].flatMap((s) =>
  routesOf(s),
);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const json = (v: unknown) => JSON.stringify(v);
const directoryRef = (field: string) =>
  `{{resolve:secretsmanager:${staffDirectoryName(defaultConfig)}:SecretString:${field}::}}`;

const backofficeApiId = () =>
  ofType('AWS::ApiGateway::RestApi').find(([, r]) => r.Properties.Name === 'claimflow-backoffice-api')![0];
/** The back-office API's stage. */
const backofficeStage = () =>
  ofType('AWS::ApiGateway::Stage').find(
    ([, s]) => json(s.Properties.RestApiId) === json({ Ref: backofficeApiId() }),
  )![1];
const methodsOfApi = () =>
  ofType('AWS::ApiGateway::Method').filter(
    ([, m]) => json(m.Properties.RestApiId) === json({ Ref: backofficeApiId() }),
  );

/** `/backoffice/v1/claims/{claimId}` of an AWS::ApiGateway::Method, from its resource chain. */
function pathOf(method: Record<string, unknown>): string {
  const parts: string[] = [];
  let ref = method.ResourceId as { Ref?: string };
  while (ref?.Ref) {
    const resource = resources[ref.Ref]!;
    parts.unshift(String(resource.Properties.PathPart));
    ref = resource.Properties.ParentId as typeof ref;
  }
  return `/${parts.join('/')}`;
}

describe('BackOfficeApi', () => {
  it('has a method for every back-office route of the catalog, each behind the Cognito authorizer', () => {
    const routes = methodsOfApi()
      .filter(([, m]) => m.Properties.HttpMethod !== 'OPTIONS')
      .map(([, m]) => ({
        route: `${m.Properties.HttpMethod} ${pathOf(m.Properties)}`,
        authorization: m.Properties.AuthorizationType,
        authorizer: m.Properties.AuthorizerId,
      }));

    const expected = catalogRoutes.map((r) => `${r.method} ${r.path}`);
    expect(routes.map((r) => r.route).sort()).toEqual(expected.sort());
    const [authorizerId] = ofType('AWS::ApiGateway::Authorizer')
      .filter(([, a]) => a.Properties.Type === 'COGNITO_USER_POOLS')
      .map(([id]) => id);
    for (const r of routes) {
      expect(r.authorization, r.route).toBe('COGNITO_USER_POOLS');
      expect(r.authorizer, r.route).toEqual({ Ref: authorizerId });
    }
  });

  it("names the staff pool of the primary region by ARN, from this region's copy of the staff directory", () => {
    const [, authorizer] = ofType('AWS::ApiGateway::Authorizer').find(
      ([, a]) => a.Properties.Type === 'COGNITO_USER_POOLS',
    )!;
    const arn = json(authorizer.Properties.ProviderARNs);
    expect(arn).toContain(`:cognito-idp:${defaultConfig.primaryRegion}:`);
    expect(arn).toContain(directoryRef('userPoolId'));
    expect(authorizer.Properties.IdentitySource).toBe('method.request.header.Authorization');
  });

  it("answers CORS preflight for the console's origin only, on every route's resource, without an authorizer", () => {
    const preflights = methodsOfApi().filter(([, m]) => m.Properties.HttpMethod === 'OPTIONS');
    const routePaths = new Set(catalogRoutes.map((r) => r.path));

    for (const path of routePaths) expect(preflights.map(([, m]) => pathOf(m.Properties))).toContain(path);
    for (const [, m] of preflights) {
      const integration = m.Properties.Integration as Record<string, unknown>;
      expect(integration.Type).toBe('MOCK');
      const headers = json(integration.IntegrationResponses);
      // The origin is the stage's variable: resolved once in the template, not once per route.
      expect(headers).toContain(
        '"method.response.header.Access-Control-Allow-Origin":"stageVariables.consoleOrigin"',
      );
      expect(headers).not.toContain("'*'");
      expect(headers).toContain('Authorization,Content-Type');
      expect(m.Properties.AuthorizationType).toBe('NONE');
    }
    const stage = backofficeStage();
    expect(stage.Properties.Variables).toMatchObject({ consoleOrigin: directoryRef('consoleOrigin') });
  });

  it("adds the console's CORS header to the gateway's own errors, as problem+json", () => {
    const responses = ofType('AWS::ApiGateway::GatewayResponse').filter(
      ([, r]) => json(r.Properties.RestApiId) === json({ Ref: backofficeApiId() }),
    );
    const unauthorized = responses.find(([, r]) => r.Properties.ResponseType === 'UNAUTHORIZED')![1];
    expect(unauthorized.Properties.StatusCode).toBe('401');
    expect(json(unauthorized.Properties.ResponseParameters)).toContain(directoryRef('consoleOrigin'));
    expect(json(unauthorized.Properties.ResponseTemplates)).toContain(
      'urn:claimflow:problem:unauthenticated',
    );
  });

  it("gives the functions the pool's issuer and the console's client as stage variables, and no directory to read", () => {
    const stage = backofficeStage();
    expect(stage.Properties.Variables).toEqual({
      consoleOrigin: directoryRef('consoleOrigin'),
      staffIssuer: `https://cognito-idp.${defaultConfig.primaryRegion}.amazonaws.com/${directoryRef('userPoolId')}`,
      staffAudience: directoryRef('clientId'),
    });
    const names = [...Object.values(backofficeApi), ...Object.values(masterDataApi)].map(
      (s) => `${defaultConfig.appName}-${s.name}`,
    );
    const functions = ofType('AWS::Lambda::Function').filter(([, f]) =>
      names.includes(String(f.Properties.FunctionName)),
    );
    expect(functions).toHaveLength(names.length);
    for (const [, f] of functions) {
      const env = (f.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(json(env)).not.toContain('staff-directory');
      expect(json(env)).not.toContain('{{resolve:');
      const [roleId] = (f.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      const policies = ofType('AWS::IAM::Policy').filter(([, p]) =>
        json(p.Properties.Roles).includes(json({ Ref: roleId })),
      );
      expect(json(policies.map(([, p]) => p.Properties.PolicyDocument))).not.toContain('staff-directory');
    }
  });

  it('logs access, traces with X-Ray, throttles the stage and validates requests', () => {
    const stage = backofficeStage();
    expect(stage.Properties).toMatchObject({
      TracingEnabled: true,
      AccessLogSetting: expect.objectContaining({
        Format: expect.stringContaining('$context.authorizer.claims.email'),
      }),
      MethodSettings: [
        expect.objectContaining({
          ThrottlingRateLimit: 100,
          ThrottlingBurstLimit: 200,
          DataTraceEnabled: false,
        }),
      ],
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      RestApiId: { Ref: backofficeApiId() },
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  it('publishes its URL in an SSM parameter of its region for the console config', () => {
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: backofficeApiUrlParameter(defaultConfig),
      Type: 'String',
    });
  });

  it('stays well under CloudFormation’s 500 resources per stack with the master-data routes', () => {
    // One function per family of master-data routes, and one invoke permission per function, not per
    // method: 443 resources with open-campaign, a function of its own (4 resources) since issue 18.
    expect(Object.keys(resources).length).toBeLessThan(450);
  });
});
