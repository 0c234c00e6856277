import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  IdentitySource,
  JsonSchemaType,
  JsonSchemaVersion,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  Model,
  RequestValidator,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { type ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IDependable } from 'constructs';
import {
  type BackofficeRouteContract,
  backofficeContracts,
} from '../../functions/backoffice-api/contract.ts';
import { masterDataContracts } from '../../functions/backoffice-api/master-data-contract.ts';
import { backofficeApi, type FunctionSpec, masterDataApi, routesOf } from '../../functions/catalog.ts';
import type { Config } from '../config.ts';
import { acknowledgeNagFinding, acknowledgeTableIndexWildcard, nagResourceId } from '../nag.ts';
import { CatalogFunction } from './catalog-function.ts';
import { addProblemResponses, commonGatewayProblems, type GatewayProblem } from './problem-responses.ts';
import { type StaffDirectoryEntries, staffIssuer } from './staff-directory.ts';

/** The SSM parameter, in each region, holding that region's back-office API URL (read by the console config). */
export const backofficeApiUrlParameter = (config: Config) => `/${config.appName}/backoffice-api-url`;

/** How long API Gateway keeps the Cognito authorizer's answer per token. */
export const STAFF_AUTHORIZER_CACHE_TTL = Duration.minutes(5);

export interface BackOfficeApiProps {
  readonly config: Config;
  readonly globalTable: ITableV2;
  readonly regionalTable: ITableV2;
  /** This region's ClaimLifecycle: reviews and restocks answer its task tokens. */
  readonly stateMachine: IStateMachine;
  /** Its fixed name, for read access to the same state machine's executions in every region. */
  readonly stateMachineName: string;
  /** Where staff sign in: the user pool and the console (the region's replica of the staff directory). */
  readonly directory: StaffDirectoryEntries;
  /** API Gateway's account logging role and setting (one per account and region; PartnerApi owns them). */
  readonly apiGatewayLogging: { readonly role: iam.Role; readonly account: IDependable };
}

/**
 * Back-office API v1 of one export region (DESIGN §7): a regional REST API whose routes are the
 * `backofficeApi` entries of `functions/catalog.ts`, each a Lambda proxy integration behind a
 * Cognito user pool authorizer (COGNITO_USER_POOLS) on the staff pool of the primary region, named
 * by ARN. API Gateway refuses a missing, expired or foreign token before any function runs; the
 * function verifies the same ID token again against the pool's JWKS (issuer, audience = the
 * console's app client, `token_use: id`) and maps its groups to a role (functions/shared/
 * staff-token.ts), so the local runtime, which has no authorizer, runs the same check.
 *
 * CORS: preflight (OPTIONS, a MOCK integration, no authorizer: browsers send no credentials on a
 * preflight) and every gateway error answer the console's origin only; the functions add the same
 * header to their answers (CLAIMFLOW_CONSOLE_ORIGIN).
 */
export class BackOfficeApi extends Construct {
  readonly api: RestApi;
  readonly authorizer: CognitoUserPoolsAuthorizer;
  readonly functions: Record<string, NodejsFunction>;
  readonly accessLogs: LogGroup;
  /** `https://…/prod/`: `${url}backoffice/v1/claims`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: BackOfficeApiProps) {
    super(scope, id);
    const { config, directory } = props;
    const stack = Stack.of(this);
    const { issuer, jwksUri } = staffIssuer(config, directory.userPoolId);
    const quoted = (value: string) => `'${value}'`;

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: `${config.appName}-backoffice-api`,
      description: `${config.appName} back-office API v1 in ${stack.region}`,
      endpointTypes: [EndpointType.REGIONAL],
      // The account's CloudWatch role is PartnerApi's (one per account and region).
      cloudWatchRole: false,
      defaultCorsPreflightOptions: {
        allowOrigins: [directory.consoleOrigin],
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        allowHeaders: ['Authorization', 'Content-Type'],
        exposeHeaders: ['Server-Timing', 'x-amzn-RequestId'],
        maxAge: Duration.minutes(10),
      },
      deployOptions: {
        stageName: 'prod',
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Bodies carry customers' names and emails: never in execution logs.
        dataTraceEnabled: false,
        // A few hundred staff; the ceiling is for a console left polling in many tabs.
        throttlingRateLimit: 100,
        throttlingBurstLimit: 200,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            resource: '$context.resourcePath',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            staff: '$context.authorizer.claims.email',
            error: '$context.error.message',
            xrayTraceId: '$context.xrayTraceId',
          }),
        ),
      },
    });
    this.url = this.api.url;
    // Access logs go through the account's CloudWatch role: this API's log group too.
    props.apiGatewayLogging.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [this.accessLogs.logGroupArn],
      }),
    );
    this.api.deploymentStage.node.addDependency(props.apiGatewayLogging.account);
    this.addProblemResponses(directory.consoleOrigin, quoted);

    const staffPoolArn = stack.formatArn({
      service: 'cognito-idp',
      region: config.primaryRegion,
      resource: 'userpool',
      resourceName: directory.userPoolId,
    });
    this.authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      authorizerName: `${config.appName}-staff`,
      cognitoUserPools: [UserPool.fromUserPoolArn(this, 'StaffUserPool', staffPoolArn)],
      identitySource: IdentitySource.header('Authorization'),
      resultsCacheTtl: STAFF_AUTHORIZER_CACHE_TTL,
    });

    const validator = new RequestValidator(this, 'Validator', {
      restApi: this.api,
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const jsonObject = new Model(this, 'JsonObjectModel', {
      restApi: this.api,
      contentType: 'application/json',
      description: 'Any JSON object: the handlers validate the fields and name each bad one',
      schema: { schema: JsonSchemaVersion.DRAFT4, type: JsonSchemaType.OBJECT },
    });

    const otherReplicas = config.regions
      .map((r) => r.region)
      .filter((region) => region !== stack.region)
      .map((region) =>
        TableV2.fromTableAttributes(this, `GlobalTableIn-${region}`, {
          tableArn: stack.formatArn({
            service: 'dynamodb',
            region,
            resource: 'table',
            resourceName: config.tables.global,
          }),
          grantIndexPermissions: true,
        }),
      );
    const staffEnvironment = {
      CLAIMFLOW_STAFF_ISSUER: issuer,
      CLAIMFLOW_STAFF_AUDIENCE: directory.clientId,
      CLAIMFLOW_STAFF_JWKS_URI: jwksUri,
      CLAIMFLOW_CONSOLE_ORIGIN: directory.consoleOrigin,
    };

    this.functions = {};
    const contracts = { ...backofficeContracts, ...masterDataContracts } as Record<
      string,
      BackofficeRouteContract | undefined
    >;
    // Every back-office route of the catalog: a new entry there is a new route here, nothing else.
    const entries = [...Object.entries(backofficeApi), ...Object.entries(masterDataApi)] as [
      string,
      FunctionSpec,
    ][];
    for (const [key, spec] of entries) {
      const fn = this.buildFunction(spec, props, otherReplicas);
      for (const [name, value] of Object.entries(staffEnvironment)) fn.addEnvironment(name, value);
      this.functions[spec.name] = fn;
      const routes = routesOf(spec);
      if (routes.length === 0) throw new Error(`${spec.name} is a back-office function without a route`);
      // One integration per function: API Gateway's test-invoke permission per method is left out
      // (a resource each, and the master-data routes would take the stack near its 500).
      const integration = new LambdaIntegration(fn, { allowTestInvoke: false });
      for (const route of routes) {
        const operation = route.operation ?? key;
        const contract = contracts[operation];
        const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => `method.request.path.${m[1]}`);
        const jsonBody = contract?.body !== undefined && contract.textBody === undefined;
        this.api.root.resourceForPath(route.path).addMethod(route.method, integration, {
          operationName: operation,
          authorizer: this.authorizer,
          authorizationType: AuthorizationType.COGNITO,
          requestValidator: validator,
          requestParameters: Object.fromEntries(params.map((p) => [p, true])),
          ...(jsonBody ? { requestModels: { 'application/json': jsonObject } } : {}),
        });
      }
    }

    new StringParameter(this, 'UrlParameter', {
      parameterName: backofficeApiUrlParameter(config),
      description: `${config.appName}: the back-office API of ${stack.region} (the console's config lists every region's)`,
      stringValue: this.url,
    });

    this.acknowledgeFindings();
  }

  /** One catalog entry as a function with exactly the grants its `touches` name. */
  private buildFunction(
    spec: FunctionSpec,
    props: BackOfficeApiProps,
    otherReplicas: ITableV2[],
  ): NodejsFunction {
    const stack = Stack.of(this);
    const { touches } = spec;
    const built = new CatalogFunction(this, spec.name, {
      config: props.config,
      // CatalogFunction grants this region's tables and state machine; the rest is granted here.
      spec: { ...spec, touches: { ...touches, otherRegions: undefined } },
      globalTable: props.globalTable,
      regionalTable: props.regionalTable,
      stateMachine: props.stateMachine,
    });
    // Writes in another region's replica: stock of a warehouse homed there, always in its home region.
    if (touches.otherRegions)
      for (const replica of otherReplicas) {
        replica.grantReadWriteData(built.role);
        acknowledgeTableIndexWildcard(built.role, replica);
      }
    if (touches.stepFunctions || touches.startsExecutions) {
      // A claim's execution history and state are read from its home region's Step Functions.
      const regions = props.config.regions.map((r) => r.region);
      const arn = (region: string, resource: 'stateMachine' | 'execution') =>
        stack.formatArn({
          service: 'states',
          region,
          resource,
          resourceName: resource === 'execution' ? `${props.stateMachineName}:*` : props.stateMachineName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
      built.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['states:DescribeExecution', 'states:GetExecutionHistory'],
          resources: regions.map((r) => arn(r, 'execution')),
        }),
      );
      built.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['states:DescribeStateMachine', 'states:ListExecutions'],
          resources: regions.map((r) => arn(r, 'stateMachine')),
        }),
      );
      built.fn.addEnvironment('CLAIMFLOW_STATE_MACHINE_ARN', props.stateMachine.stateMachineArn);
      for (const region of regions)
        acknowledgeNagFinding(
          built.role,
          `AwsSolutions-IAM5[${nagResourceId(built.role, arn(region, 'execution'))}]`,
          `Read-only (DescribeExecution, GetExecutionHistory) on the executions of ${props.stateMachineName} ` +
            `in ${region}: an execution ARN ends in its name (<claimId>-e<epoch>-r<n>), one per claim, so only ` +
            'the state machine part can be fixed.',
        );
    }
    return built.fn;
  }

  /** What API Gateway answers itself: problem+json, with the console's CORS header so the browser can read it. */
  private addProblemResponses(consoleOrigin: string, quoted: (v: string) => string): void {
    const answers: GatewayProblem[] = [
      [
        ResponseType.UNAUTHORIZED,
        '401',
        'unauthenticated',
        'the bearer token is missing, not valid or expired; sign in again',
      ],
      [ResponseType.ACCESS_DENIED, '403', 'roleForbidden', 'this token may not call this route'],
      [ResponseType.MISSING_AUTHENTICATION_TOKEN, '404', 'notFound', 'no such back-office route'],
      [ResponseType.THROTTLED, '429', 'tooManyRequests', 'too many requests; retry with backoff'],
      ...commonGatewayProblems,
    ];
    addProblemResponses(this, this.api, answers, (statusCode) => ({
      'access-control-allow-origin': quoted(consoleOrigin),
      vary: quoted('Origin'),
      ...(statusCode === '401' ? { 'www-authenticate': quoted('Bearer') } : {}),
    }));
  }

  private acknowledgeFindings(): void {
    // Preflight requests carry no credentials (Fetch standard, CORS protocol): an authorizer on
    // OPTIONS would make every browser call fail. They reach a MOCK integration, never a function.
    for (const method of this.api.methods.filter((m) => m.httpMethod === 'OPTIONS')) {
      for (const rule of ['AwsSolutions-APIG4', 'AwsSolutions-COG4'] as const)
        acknowledgeNagFinding(
          method,
          rule,
          'CORS preflight (OPTIONS): browsers send it without the Authorization header by design, and it is ' +
            "answered by a MOCK integration with the console's origin only; every other method has the Cognito authorizer.",
        );
    }
    acknowledgeNagFinding(
      this,
      'AwsSolutions-APIG3',
      'No WAF web ACL yet: every method but CORS preflight sits behind the Cognito authorizer (MFA, threat ' +
        'protection on the pool), the stage is throttled, bodies are strict JSON or CSV checked field by field and ' +
        'nothing reaches SQL or HTML. A web ACL (rate-based rule per IP) is the next step if the console is attacked.',
    );
  }
}
