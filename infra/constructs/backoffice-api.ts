import { Duration, Stack } from 'aws-cdk-lib';
import {
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  IdentitySource,
  ResponseType,
  type RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { BackofficeRouteContract } from '../../functions/backoffice-api/contract.ts';
import { masterDataContracts } from '../../functions/backoffice-api/master-data-contract.ts';
import { backofficeContracts } from '../../functions/backoffice-api/route-contracts.ts';
import { backofficeApi, type FunctionSpec, masterDataApi, routesOf } from '../../functions/catalog.ts';
import { STAFF_STAGE_VARIABLES, STAFF_TOKEN_REFUSED } from '../../functions/shared/staff-token.ts';
import type { Config } from '../config.ts';
import { acknowledgeNagFinding } from '../nag.ts';
import type { ApiGatewayAccountLogging } from './api-gateway-account.ts';
import { CatalogFunction, type RegionFunctionResources } from './catalog-function.ts';
import { ClaimflowRestApi } from './claimflow-rest-api.ts';
import { commonGatewayProblems, type GatewayProblem } from './problem-responses.ts';
import { type StaffDirectoryEntries, staffIssuer } from './staff-directory.ts';

/** The SSM parameter, in each region, holding that region's back-office API URL (read by the console config). */
export const backofficeApiUrlParameter = (config: Config) => `/${config.appName}/backoffice-api-url`;

/** How long API Gateway keeps the Cognito authorizer's answer per token. */
export const STAFF_AUTHORIZER_CACHE_TTL = Duration.minutes(5);

export interface BackOfficeApiProps {
  /** The tables and the rest of this region that the route functions are granted (their catalog `touches`). */
  readonly resources: RegionFunctionResources;
  /**
   * Where staff sign in, as resolved by CloudFormation in this region: the user pool (for the
   * authorizer, and the issuer and app client the functions check, as stage variables) and the
   * console's origin (for CORS).
   */
  readonly directory: StaffDirectoryEntries;
  /** The account's CloudWatch role, when claimflow sets it (opt-in). */
  readonly accountLogging?: ApiGatewayAccountLogging;
}

/**
 * Back-office API v1 of one export region (DESIGN §7): a regional REST API whose routes are the
 * `backofficeApi` entries of `functions/catalog.ts`, each a Lambda proxy integration behind a
 * Cognito user pool authorizer (COGNITO_USER_POOLS) on the staff pool of the primary region, named
 * by ARN. API Gateway refuses a missing, expired, forged or foreign token before any function runs
 * and hands the function the token's claims; the function checks they are an ID token of the pool
 * for the console's app client and maps its groups to a role (functions/shared/staff-token.ts). It
 * does not verify the signature again (aws-jwt-verify and a JWKS fetch in every cold start, issue
 * 18); the local gateway runs the same authorizer (local/gateway/staff-authorizer.ts).
 *
 * CORS: preflight (OPTIONS, a MOCK integration, no authorizer: browsers send no credentials on a
 * preflight) and every gateway error answer the console's origin only; the functions add the same
 * header to their answers (the stage's `consoleOrigin` variable, in every event).
 */
export class BackOfficeApi extends Construct {
  readonly api: RestApi;
  readonly authorizer: CognitoUserPoolsAuthorizer;
  readonly functions: Record<string, LambdaFunction>;
  readonly accessLogs: LogGroup;
  /** `https://…/prod/`: `${url}backoffice/v1/claims`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: BackOfficeApiProps) {
    super(scope, id);
    const { directory } = props;
    const { config } = props.resources;
    const stack = Stack.of(this);
    const quoted = (value: string) => `'${value}'`;

    const rest = new ClaimflowRestApi(this, 'Default', {
      config,
      name: 'backoffice-api',
      description: `${config.appName} back-office API v1`,
      // A few hundred staff; the ceiling is for a console left polling in many tabs.
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogFields: { staff: '$context.authorizer.claims.email' },
      corsOrigin: directory.consoleOrigin,
      // What the functions check a token's claims against (functions/shared/staff-token.ts).
      stageVariables: {
        [STAFF_STAGE_VARIABLES.issuer]: staffIssuer(config.primaryRegion, directory.userPoolId),
        [STAFF_STAGE_VARIABLES.audience]: directory.clientId,
      },
      // With the console's CORS header, so the browser can read them.
      problems: BACKOFFICE_PROBLEMS,
      problemHeaders: (statusCode) => ({
        'access-control-allow-origin': quoted(directory.consoleOrigin),
        vary: quoted('Origin'),
        ...(statusCode === '401' ? { 'www-authenticate': quoted('Bearer') } : {}),
      }),
      ...(props.accountLogging ? { accountLogging: props.accountLogging } : {}),
    });
    this.api = rest.api;
    this.accessLogs = rest.accessLogs;
    this.url = this.api.url;

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

    this.functions = {};
    const contracts = { ...backofficeContracts, ...masterDataContracts } as Record<
      string,
      BackofficeRouteContract | undefined
    >;
    // Every back-office route of the catalog: a new entry there is a new route here, nothing else.
    // A master-data function serves several routes (`routes`), each with its operation's contract.
    const entries = [...Object.entries(backofficeApi), ...Object.entries(masterDataApi)] as [
      string,
      FunctionSpec,
    ][];
    for (const [key, spec] of entries) {
      const fn = new CatalogFunction(this, spec.name, { spec, resources: props.resources }).fn;
      this.functions[spec.name] = fn;
      for (const route of routesOf(spec)) {
        const operation = route.operation ?? key;
        const contract = contracts[operation];
        rest.addLambdaRoute(spec, fn, {
          route,
          operationName: operation,
          authorizer: this.authorizer,
          authorizationType: AuthorizationType.COGNITO,
          jsonBody: contract?.body !== undefined && contract.textBody === undefined,
        });
      }
    }

    new StringParameter(this, 'UrlParameter', {
      parameterName: backofficeApiUrlParameter(config),
      description: `${config.appName}: the back-office API of ${stack.region} (the console's config lists every region's)`,
      stringValue: this.url,
    });

    acknowledgeNagFinding(
      this,
      'AwsSolutions-APIG3',
      'No WAF web ACL yet: every method but CORS preflight sits behind the Cognito authorizer (MFA, threat ' +
        'protection on the pool), the stage is throttled, bodies are strict JSON or CSV checked field by field and ' +
        'nothing reaches SQL or HTML. A web ACL (rate-based rule per IP) is the next step if the console is attacked.',
    );
  }
}

/** What API Gateway answers itself: problem+json. */
const BACKOFFICE_PROBLEMS: readonly GatewayProblem[] = [
  [ResponseType.UNAUTHORIZED, '401', 'unauthenticated', STAFF_TOKEN_REFUSED],
  [ResponseType.ACCESS_DENIED, '403', 'roleForbidden', 'this token may not call this route'],
  [ResponseType.MISSING_AUTHENTICATION_TOKEN, '404', 'notFound', 'no such back-office route'],
  [ResponseType.THROTTLED, '429', 'tooManyRequests', 'too many requests; retry with backoff'],
  ...commonGatewayProblems,
];
