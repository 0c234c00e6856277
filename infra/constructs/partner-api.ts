import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKeySourceType,
  AuthorizationType,
  CfnAccount,
  EndpointType,
  IdentitySource,
  JsonSchemaType,
  JsonSchemaVersion,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  Model,
  Period,
  RequestAuthorizer,
  RequestValidator,
  ResponseType,
  RestApi,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PARTNER_TIERS, type PartnerTier } from '../../domain/partner.ts';
import { partnerAuthorizer } from '../../functions/catalog.ts';
import { partnerRoutes } from '../../functions/partner-api/contract.ts';
import type { Config } from '../config.ts';
import { acknowledgeNagFinding, nagResourceId } from '../nag.ts';
import { CatalogFunction } from './catalog-function.ts';
import { addProblemResponses, commonGatewayProblems, type GatewayProblem } from './problem-responses.ts';

export interface TierLimits {
  /** Steady requests per second, per partner. */
  readonly rateLimit: number;
  /** Requests allowed at once above the rate (token bucket size). */
  readonly burstLimit: number;
  readonly requestsPerDay: number;
}

/**
 * Per partner (each partner has its own API Gateway key in its tier's plan). A standard dealer
 * files tens of claims a day; the ceiling is for retries and integrations that poll.
 */
export const DEFAULT_TIER_LIMITS: Readonly<Record<PartnerTier, TierLimits>> = {
  standard: { rateLimit: 10, burstLimit: 20, requestsPerDay: 20_000 },
  premium: { rateLimit: 50, burstLimit: 100, requestsPerDay: 200_000 },
};

/** How long API Gateway keeps an authorizer's answer per x-api-key (also how long a revoked key lives on). */
export const AUTHORIZER_CACHE_TTL = Duration.minutes(5);

export interface PartnerApiProps {
  readonly config: Config;
  readonly globalTable: ITableV2;
  readonly regionalTable: ITableV2;
  /** The region's ClaimLifecycle, which intake starts and the completion call resumes. */
  readonly stateMachine: IStateMachine;
  readonly tierLimits?: Readonly<Record<PartnerTier, TierLimits>>;
  /**
   * Require each partner's usage key (metering by the tier's usage plan). Off until partner
   * onboarding creates those keys: with it on and no key, API Gateway answers 403 to every partner.
   * The stage throttle protects the API meanwhile.
   */
  readonly requireUsageKeys?: boolean;
}

/**
 * Partner API v1 of one export region (DESIGN §7): a regional REST API whose routes come from
 * `functions/catalog.ts`, each a Lambda proxy integration behind the REQUEST authorizer that maps
 * `x-api-key` to a partner by its SHA-256. Request validation at the gateway covers what API Gateway
 * can say precisely (required headers and path parameters; a body that is a JSON object); the
 * handlers validate the rest with the zod schemas so that every 400 names each bad field.
 *
 * Keys and usage plans: partners authenticate with our own keys (hashed in the table, checked by the
 * authorizer), not with API Gateway API keys, because API Gateway keys are stored and returned in
 * clear and cannot be looked up by a hash. Usage plans still meter every partner: the API takes the
 * usage key from the authorizer (`apiKeySourceType: AUTHORIZER`, `usageIdentifierKey`), so partners
 * never send an API Gateway key, and each partner's API Gateway key (value `usageKeyOf(partnerId)`)
 * sits in the usage plan of its tier. Onboarding a partner creates that key.
 */
export class PartnerApi extends Construct {
  readonly api: RestApi;
  readonly authorizer: RequestAuthorizer;
  /** By catalog name. */
  readonly functions: Record<string, NodejsFunction>;
  readonly usagePlans: Record<PartnerTier, UsagePlan>;
  readonly accessLogs: LogGroup;
  /**
   * API Gateway's account-wide CloudWatch role (one per account and region): other REST APIs of the
   * region (the back office) add their access log group to it and make their stage depend on it.
   */
  readonly loggingRole: iam.Role;
  readonly loggingAccount: CfnAccount;

  constructor(scope: Construct, id: string, props: PartnerApiProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const build = (spec: typeof partnerAuthorizer) =>
      new CatalogFunction(this, spec.name, {
        config,
        spec,
        globalTable: props.globalTable,
        regionalTable: props.regionalTable,
        stateMachine: props.stateMachine,
      }).fn;

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: `${config.appName}-partner-api`,
      description: `${config.appName} partner API v1 in ${stack.region}`,
      endpointTypes: [EndpointType.REGIONAL],
      apiKeySourceType: ApiKeySourceType.AUTHORIZER,
      // Our own logging role (addLoggingRole): CDK's carries a managed policy.
      cloudWatchRole: false,
      deployOptions: {
        stageName: 'prod',
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Bodies carry customers' names and emails: never in execution logs.
        dataTraceEnabled: false,
        // A ceiling for the whole stage, above every partner's plan.
        throttlingRateLimit: 500,
        throttlingBurstLimit: 1000,
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
            partnerId: '$context.authorizer.partnerId',
            error: '$context.error.message',
            authorizerError: '$context.authorizer.error',
            xrayTraceId: '$context.xrayTraceId',
          }),
        ),
      },
    });
    const logging = this.addLoggingRole();
    this.loggingRole = logging.role;
    this.loggingAccount = logging.account;
    this.addProblemResponses();

    const authorizerFn = build(partnerAuthorizer);
    this.authorizer = new RequestAuthorizer(this, 'Authorizer', {
      authorizerName: `${config.appName}-partner-key`,
      handler: authorizerFn,
      identitySources: [IdentitySource.header('x-api-key')],
      resultsCacheTtl: AUTHORIZER_CACHE_TTL,
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

    this.functions = { [partnerAuthorizer.name]: authorizerFn };
    for (const { key, spec, contract } of partnerRoutes()) {
      const fn = build(spec);
      this.functions[spec.name] = fn;
      const route = spec.route!;
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => `method.request.path.${m[1]}`);
      if ('idempotencyKey' in contract && contract.idempotencyKey)
        params.push('method.request.header.Idempotency-Key');
      this.api.root.resourceForPath(route.path).addMethod(route.method, new LambdaIntegration(fn), {
        operationName: key,
        authorizer: this.authorizer,
        authorizationType: AuthorizationType.CUSTOM,
        apiKeyRequired: props.requireUsageKeys ?? false,
        requestValidator: validator,
        requestParameters: Object.fromEntries(params.map((p) => [p, true])),
        ...('body' in contract && contract.body ? { requestModels: { 'application/json': jsonObject } } : {}),
      });
    }

    const limits = props.tierLimits ?? DEFAULT_TIER_LIMITS;
    this.usagePlans = Object.fromEntries(
      PARTNER_TIERS.map((tier) => [
        tier,
        this.api.addUsagePlan(`UsagePlan-${tier}`, {
          name: `${config.appName}-partner-${tier}`,
          description: `Partner API limits of the ${tier} tier, per partner`,
          throttle: { rateLimit: limits[tier].rateLimit, burstLimit: limits[tier].burstLimit },
          quota: { limit: limits[tier].requestsPerDay, period: Period.DAY },
          apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
        }),
      ]),
    ) as Record<PartnerTier, UsagePlan>;

    this.acknowledgeFindings();
  }

  /**
   * API Gateway writes execution and access logs with the account's CloudWatch role (one setting per
   * account and region). CDK's `cloudWatchRole` uses the managed AmazonAPIGatewayPushToCloudWatchLogs
   * policy; this role holds the same actions inline, on API Gateway's log groups and ours only.
   */
  private addLoggingRole(): { role: iam.Role; account: CfnAccount } {
    const stack = Stack.of(this);
    const logGroup = (name: string) =>
      stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const executionLogs = logGroup('API-Gateway-Execution-Logs_*');
    const everyLogGroup = logGroup('*');
    const role = new iam.Role(this, 'LoggingRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway account logging role: execution and access logs of the partner API',
      inlinePolicies: {
        logs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: [
                'logs:CreateLogGroup',
                'logs:CreateLogStream',
                'logs:PutLogEvents',
                'logs:GetLogEvents',
                'logs:FilterLogEvents',
                'logs:DescribeLogStreams',
              ],
              resources: [executionLogs, `${executionLogs}:*`, this.accessLogs.logGroupArn],
            }),
            // DescribeLogGroups names no log group: it lists them, so it takes the account's log-group ARN.
            new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: [everyLogGroup] }),
          ],
        }),
      },
    });
    const account = new CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
    // The stage turns logging on: the account must have its role first.
    this.api.deploymentStage.node.addDependency(account);
    for (const resource of [executionLogs, `${executionLogs}:*`, everyLogGroup]) {
      acknowledgeNagFinding(
        role,
        `AwsSolutions-IAM5[${nagResourceId(role, resource)}]`,
        'API Gateway names its execution log groups API-Gateway-Execution-Logs_<api id>/<stage> and creates ' +
          'their streams itself, so the grant covers that name prefix and the streams (":*") of those groups; ' +
          'DescribeLogGroups lists log groups and takes no single group ARN.',
      );
    }
    return { role, account };
  }

  /** What API Gateway answers itself, as the handlers do: RFC 9457 problem+json. */
  private addProblemResponses(): void {
    const answers: GatewayProblem[] = [
      [ResponseType.UNAUTHORIZED, '401', 'unauthorized', 'send your API key in the x-api-key header'],
      [ResponseType.ACCESS_DENIED, '403', 'forbidden', 'this API key is not valid'],
      [
        ResponseType.INVALID_API_KEY,
        '403',
        'forbidden',
        'this partner has no usage plan yet; contact support',
      ],
      // REST APIs answer an unknown path, and an unsupported method, with this one.
      [ResponseType.MISSING_AUTHENTICATION_TOKEN, '404', 'notFound', 'no such route; see /v1/openapi.json'],
      [ResponseType.THROTTLED, '429', 'tooManyRequests', "over your plan's rate; retry with backoff"],
      [ResponseType.QUOTA_EXCEEDED, '429', 'tooManyRequests', "over your plan's daily quota"],
      ...commonGatewayProblems,
    ];
    addProblemResponses(this, this.api, answers);
  }

  private acknowledgeFindings(): void {
    acknowledgeNagFinding(
      this,
      'AwsSolutions-COG4',
      'Partners are systems, not users: they authenticate with an API key checked by the Lambda REQUEST ' +
        'authorizer against its SHA-256 in the table (DESIGN §7), not with Cognito user pool tokens. Every ' +
        'method has authorizationType CUSTOM (AwsSolutions-APIG4 passes).',
    );
    acknowledgeNagFinding(
      this,
      'AwsSolutions-APIG3',
      'No WAF web ACL: machine-to-machine JSON API where every method sits behind the key authorizer and a ' +
        'per-partner usage plan (rate, burst, daily quota) plus a stage-wide throttle; bodies are strict JSON ' +
        'checked field by field, and nothing reaches SQL or HTML. Revisit if a browser client is added.',
    );
  }
}
