import { Duration, Stack } from 'aws-cdk-lib';
import {
  ApiKeySourceType,
  AuthorizationType,
  IdentitySource,
  Period,
  RequestAuthorizer,
  ResponseType,
  type RestApi,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { PARTNER_TIERS, type PartnerTier } from '../../domain/partner.ts';
import { partnerAuthorizer } from '../../functions/catalog.ts';
import { partnerRoutes } from '../../functions/partner-api/partner-routes.ts';
import { RETRY_AFTER_SECONDS } from '../../functions/shared/region-unavailable.ts';
import { acknowledgeNagFinding } from '../nag.ts';
import type { ApiGatewayAccountLogging } from './api-gateway-account.ts';
import { CatalogFunction, type RegionFunctionResources } from './catalog-function.ts';
import { ClaimflowRestApi } from './claimflow-rest-api.ts';
import { commonGatewayProblems, type GatewayProblem } from './problem-responses.ts';

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

/**
 * Where each region stack writes its partner API's URL (fixed name, one per region): the failure
 * detection stack in us-east-1 reads it to point a Route 53 health check at `<url>v1/health`, with
 * no cross-region stack reference (infra/failure-detection-stack.ts).
 */
export const partnerApiUrlParameter = (config: { appName: string }) => `/${config.appName}/partner-api-url`;

/** How long API Gateway keeps an authorizer's answer per x-api-key (also how long a revoked key lives on). */
export const AUTHORIZER_CACHE_TTL = Duration.minutes(5);

export interface PartnerApiProps {
  /** The tables and the rest of this region that the route functions are granted (their catalog `touches`). */
  readonly resources: RegionFunctionResources;
  /** The account's CloudWatch role, when claimflow sets it (opt-in). */
  readonly accountLogging?: ApiGatewayAccountLogging;
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

  constructor(scope: Construct, id: string, props: PartnerApiProps) {
    super(scope, id);
    const { config } = props.resources;
    const build = (spec: typeof partnerAuthorizer) =>
      new CatalogFunction(this, spec.name, { spec, resources: props.resources }).fn;

    const rest = new ClaimflowRestApi(this, 'Default', {
      config,
      name: 'partner-api',
      description: `${config.appName} partner API v1`,
      apiKeySourceType: ApiKeySourceType.AUTHORIZER,
      // A ceiling for the whole stage, above every partner's plan.
      throttle: { rateLimit: 500, burstLimit: 1000 },
      accessLogFields: {
        partnerId: '$context.authorizer.partnerId',
        authorizerError: '$context.authorizer.error',
      },
      problems: PARTNER_PROBLEMS,
      problemHeaders: (status): Record<string, string> =>
        status === '503' ? { 'retry-after': `'${RETRY_AFTER_SECONDS}'` } : {},
      ...(props.accountLogging ? { accountLogging: props.accountLogging } : {}),
    });
    this.api = rest.api;
    this.accessLogs = rest.accessLogs;

    const authorizerFn = build(partnerAuthorizer);
    this.authorizer = new RequestAuthorizer(this, 'Authorizer', {
      authorizerName: `${config.appName}-partner-key`,
      handler: authorizerFn,
      identitySources: [IdentitySource.header('x-api-key')],
      resultsCacheTtl: AUTHORIZER_CACHE_TTL,
    });

    this.functions = { [partnerAuthorizer.name]: authorizerFn };
    for (const { key, spec, route, contract } of partnerRoutes()) {
      // A function serving several routes (the webhook's) is built once.
      const fn = this.functions[spec.name] ?? build(spec);
      this.functions[spec.name] = fn;
      const method = rest.addLambdaRoute(spec, fn, {
        route,
        operationName: key,
        ...(route.public
          ? { authorizationType: AuthorizationType.NONE }
          : { authorizer: this.authorizer, authorizationType: AuthorizationType.CUSTOM }),
        apiKeyRequired: !route.public && (props.requireUsageKeys ?? false),
        requiredHeaders: 'idempotencyKey' in contract && contract.idempotencyKey ? ['Idempotency-Key'] : [],
        jsonBody: 'body' in contract && contract.body !== undefined,
      });
      if (route.public) {
        const reason =
          "GET /v1/health is read by Route 53's health checkers, which cannot send a key; it takes no input " +
          "and answers only the region's name, its writer region and epoch (no partner or claim data).";
        acknowledgeNagFinding(method, 'AwsSolutions-APIG4', reason);
        acknowledgeNagFinding(method, 'AwsSolutions-COG4', reason);
      }
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

    new StringParameter(this, 'UrlParameter', {
      parameterName: partnerApiUrlParameter(config),
      description: `${config.appName}: the partner API of ${Stack.of(this).region} (its health route is watched by Route 53)`,
      stringValue: this.api.url,
    });

    this.acknowledgeFindings();
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

/** What API Gateway answers itself, as the handlers do: RFC 9457 problem+json. */
const PARTNER_PROBLEMS: readonly GatewayProblem[] = [
  [ResponseType.UNAUTHORIZED, '401', 'unauthorized', 'send your API key in the x-api-key header'],
  [ResponseType.ACCESS_DENIED, '403', 'forbidden', 'this API key is not valid'],
  [ResponseType.INVALID_API_KEY, '403', 'forbidden', 'this partner has no usage plan yet; contact support'],
  // REST APIs answer an unknown path, and an unsupported method, with this one.
  [ResponseType.MISSING_AUTHENTICATION_TOKEN, '404', 'notFound', 'no such route; see /v1/openapi.json'],
  [ResponseType.THROTTLED, '429', 'tooManyRequests', "over your plan's rate; retry with backoff"],
  [ResponseType.QUOTA_EXCEEDED, '429', 'tooManyRequests', "over your plan's daily quota"],
  // The authorizer reads the key's record; failing, it met an outage of the region's database.
  [
    ResponseType.AUTHORIZER_FAILURE,
    '503',
    'serviceUnavailable',
    `the API key could not be checked for now; retry in ${RETRY_AFTER_SECONDS} s`,
  ],
  ...commonGatewayProblems,
];
