import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  type ApiKeySourceType,
  AuthorizationType,
  EndpointType,
  type IAuthorizer,
  type IResource,
  JsonSchemaType,
  JsonSchemaVersion,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  MockIntegration,
  Model,
  RequestValidator,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec, RouteSpec } from '../../functions/catalog.ts';
import { STAFF_STAGE_VARIABLES } from '../../functions/shared/staff-token.ts';
import type { Config } from '../config.ts';
import { acknowledgeNagFinding } from '../nag.ts';
import type { ApiGatewayAccountLogging } from './api-gateway-account.ts';
import { addProblemResponses, type GatewayProblem } from './problem-responses.ts';

export interface ClaimflowRestApiProps {
  readonly config: Config;
  /** `partner-api`, `backoffice-api`: the API is named `<appName>-<name>`. */
  readonly name: string;
  readonly description: string;
  /** A ceiling for the whole stage. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** What the access log records besides the request itself: who called, from the authorizer's context. */
  readonly accessLogFields: Readonly<Record<string, string>>;
  readonly apiKeySourceType?: ApiKeySourceType;
  /** What API Gateway answers itself, as problem+json (see problem-responses.ts). */
  readonly problems: readonly GatewayProblem[];
  /** Response headers of those answers per status, as mapping expressions (`'…'` for a literal). */
  readonly problemHeaders?: (statusCode: string) => Record<string, string>;
  /**
   * A browser client's origin: every route answers CORS preflight (OPTIONS) for it. The value goes
   * into the stage once, as a stage variable, and each preflight reads it from there.
   */
  readonly corsOrigin?: string;
  /** More stage variables, which the functions read from their events (`event.stageVariables`). */
  readonly stageVariables?: Readonly<Record<string, string>>;
  /** The account's CloudWatch role when this app sets it (opt-in): the stage must wait for it. */
  readonly accountLogging?: ApiGatewayAccountLogging;
}

export interface LambdaRouteOptions {
  /** Which of the entry's routes (a function may serve several); default its one `route`. */
  readonly route?: RouteSpec;
  readonly operationName: string;
  /** Absent only with `AuthorizationType.NONE` (a public route: the partner API's health). */
  readonly authorizer?: IAuthorizer;
  readonly authorizationType: AuthorizationType;
  /** Headers the gateway requires before the function runs (`Idempotency-Key`). */
  readonly requiredHeaders?: readonly string[];
  /** The body must be a JSON object (the handler checks each field). */
  readonly jsonBody?: boolean;
  readonly apiKeyRequired?: boolean;
}

/**
 * A claimflow REST API: regional, stage `prod` with X-Ray, metrics, execution logs at ERROR without
 * bodies (they carry customers' names and emails), JSON access logs kept a year, a stage throttle,
 * request validation of the parameters and a JSON-object body, API Gateway's own answers as
 * problem+json, and optionally CORS for one browser origin. PartnerApi and BackOfficeApi each make
 * one and add their routes with `addLambdaRoute`.
 *
 * Give it the id `Default`: CDK leaves that id out of logical ids, so the resources below keep the
 * logical ids they had when each API built them itself (`<Api>/AccessLogs`, `<Api>/Api`, …).
 */
export class ClaimflowRestApi extends Construct {
  readonly api: RestApi;
  readonly accessLogs: LogGroup;
  private readonly validator: RequestValidator;
  private readonly jsonObject: Model;
  private readonly preflighted = new Set<IResource>();
  private readonly corsOrigin: string | undefined;

  constructor(scope: Construct, id: string, props: ClaimflowRestApiProps) {
    super(scope, id);
    const { config } = props;
    this.corsOrigin = props.corsOrigin;
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: `${config.appName}-${props.name}`,
      description: `${props.description} in ${Stack.of(this).region}`,
      endpointTypes: [EndpointType.REGIONAL],
      ...(props.apiKeySourceType ? { apiKeySourceType: props.apiKeySourceType } : {}),
      // The account's CloudWatch role is the operator's, or ApiGatewayAccountLogging's (opt-in).
      cloudWatchRole: false,
      deployOptions: {
        stageName: 'prod',
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Bodies carry customers' names and emails: never in execution logs.
        dataTraceEnabled: false,
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        variables: {
          ...props.stageVariables,
          ...(props.corsOrigin ? { [STAFF_STAGE_VARIABLES.consoleOrigin]: props.corsOrigin } : {}),
        },
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
            ...props.accessLogFields,
            error: '$context.error.message',
            xrayTraceId: '$context.xrayTraceId',
          }),
        ),
      },
    });
    if (props.accountLogging) props.accountLogging.register(this.api, this.accessLogs);
    addProblemResponses(this, this.api, props.problems, props.problemHeaders);

    this.validator = new RequestValidator(this, 'Validator', {
      restApi: this.api,
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    this.jsonObject = new Model(this, 'JsonObjectModel', {
      restApi: this.api,
      contentType: 'application/json',
      description: 'Any JSON object: the handlers validate the fields and name each bad one',
      schema: { schema: JsonSchemaVersion.DRAFT4, type: JsonSchemaType.OBJECT },
    });
  }

  /** The route of a catalog entry as a Lambda proxy integration, validated and behind `authorizer`. */
  addLambdaRoute(spec: FunctionSpec, fn: IFunction, options: LambdaRouteOptions): Method {
    const route = options.route ?? spec.route;
    if (!route) throw new Error(`${spec.name} has no route in functions/catalog.ts`);
    const params = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => `method.request.path.${m[1]}`),
      ...(options.requiredHeaders ?? []).map((h) => `method.request.header.${h}`),
    ];
    const resource = this.api.root.resourceForPath(route.path);
    // One invoke permission per function and API (this API, any of its methods), not two per method:
    // a function serving several routes (the master-data ones) would otherwise take a region stack
    // near CloudFormation's 500 resources. Each function sits behind this one API only.
    const method = resource.addMethod(
      route.method,
      new LambdaIntegration(fn, { scopePermissionToMethod: false }),
      {
        operationName: options.operationName,
        authorizer: options.authorizer,
        authorizationType: options.authorizationType,
        apiKeyRequired: options.apiKeyRequired ?? false,
        requestValidator: this.validator,
        requestParameters: Object.fromEntries(params.map((p) => [p, true])),
        ...(options.jsonBody ? { requestModels: { 'application/json': this.jsonObject } } : {}),
      },
    );
    if (this.corsOrigin) this.addPreflight(resource);
    return method;
  }

  /**
   * CORS preflight for the browser client's origin: a MOCK integration (no function, no authorizer:
   * browsers send no credentials on a preflight) answering with the stage's origin variable, so the
   * origin appears once in the template, not once per route.
   */
  private addPreflight(resource: IResource): void {
    if (this.preflighted.has(resource)) return;
    this.preflighted.add(resource);
    const headers = {
      'Access-Control-Allow-Origin': `stageVariables.${STAFF_STAGE_VARIABLES.consoleOrigin}`,
      'Access-Control-Allow-Methods': "'GET,POST,PUT,PATCH,DELETE,OPTIONS'",
      'Access-Control-Allow-Headers': "'Authorization,Content-Type'",
      'Access-Control-Max-Age': `'${Duration.minutes(10).toSeconds()}'`,
      Vary: "'Origin'",
    };
    const method = resource.addMethod(
      'OPTIONS',
      new MockIntegration({
        requestTemplates: { 'application/json': '{ "statusCode": 204 }' },
        integrationResponses: [
          {
            statusCode: '204',
            responseParameters: Object.fromEntries(
              Object.entries(headers).map(([name, value]) => [`method.response.header.${name}`, value]),
            ),
          },
        ],
      }),
      {
        authorizationType: AuthorizationType.NONE,
        methodResponses: [
          {
            statusCode: '204',
            responseParameters: Object.fromEntries(
              Object.keys(headers).map((name) => [`method.response.header.${name}`, true]),
            ),
          },
        ],
      },
    );
    for (const rule of ['AwsSolutions-APIG4', 'AwsSolutions-COG4'] as const)
      acknowledgeNagFinding(
        method,
        rule,
        'CORS preflight (OPTIONS): browsers send it without the Authorization header by design, and it is ' +
          "answered by a MOCK integration with the console's origin only; every other method has an authorizer.",
      );
  }
}
