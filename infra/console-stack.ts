import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  ClientAttributes,
  type IUserPool,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { Config } from './config.ts';
import { ConsoleConfig } from './constructs/console-config.ts';
import { ConsoleHosting, consoleBucketName } from './constructs/console-hosting.ts';
import { StaffDirectoryRecord } from './constructs/staff-directory.ts';
import { APPROVAL_LIMITS_ATTRIBUTE } from './constructs/staff-user-pool.ts';

export interface ClaimflowConsoleStackProps extends StackProps {
  readonly config: Config;
  /** The staff user pool (data stack). */
  readonly userPool: IUserPool;
  /** The built console; default console/dist (a placeholder page when it is missing). */
  readonly consoleDist?: string;
}

/** The ID token lives a working day (the local identity provider uses the same). */
export const CONSOLE_TOKEN_VALIDITY = Duration.hours(8);

/**
 * The back-office console's front door, in the primary region, deployed after the data stack and
 * before the region stacks: the hosting (S3 + CloudFront), the console's app client of the staff
 * user pool with the hosted sign-in page, and the staff directory record every region stack reads.
 */
export class ClaimflowConsoleStack extends Stack {
  readonly hosting: ConsoleHosting;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly directory: StaffDirectoryRecord;

  constructor(scope: Construct, id: string, props: ClaimflowConsoleStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (this.region !== config.primaryRegion)
      throw new Error(`ClaimflowConsoleStack must be deployed in the primary region ${config.primaryRegion}`);

    this.domain = new UserPoolDomain(this, 'SignInDomain', {
      userPool: props.userPool,
      // Cognito domain prefixes are global per region: the account id makes ours unique.
      cognitoDomain: { domainPrefix: `${config.appName}-staff-${this.account}` },
    });
    const cognitoEndpoints = [
      `https://cognito-idp.${config.primaryRegion}.amazonaws.com`,
      `https://${config.appName}-staff-${this.account}.auth.${config.primaryRegion}.amazoncognito.com`,
    ];
    this.hosting = new ConsoleHosting(this, 'Console', {
      config,
      connectSources: cognitoEndpoints,
      ...(props.consoleDist ? { consoleDist: props.consoleDist } : {}),
    });

    // A browser app cannot keep a secret: a public client, authorization code with PKCE (Cognito
    // requires PKCE of public clients using the code grant), no implicit flow.
    this.client = new UserPoolClient(this, 'ConsoleClient', {
      userPool: props.userPool,
      userPoolClientName: `${config.appName}-console`,
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [this.hosting.consoleUrl],
        logoutUrls: [this.hosting.consoleUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: CONSOLE_TOKEN_VALIDITY,
      accessTokenValidity: CONSOLE_TOKEN_VALIDITY,
      refreshTokenValidity: Duration.days(1),
      // The console reads the limits; only administrators (AdminUpdateUserAttributes) write them.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(APPROVAL_LIMITS_ATTRIBUTE),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });

    this.directory = new StaffDirectoryRecord(this, 'StaffDirectory', {
      config,
      entries: {
        userPoolId: props.userPool.userPoolId,
        clientId: this.client.userPoolClientId,
        consoleOrigin: this.hosting.origin,
      },
    });

    // What `npm run deploy` turns into the deployment's endpoints.json (infra/deploy/endpoints.ts).
    const output = (key: ConsoleOutput, value: string, description: string) =>
      new CfnOutput(this, key, { value, description });
    output('ConsoleUrl', this.hosting.consoleUrl, 'The back-office console');
    output('StaffUserPoolId', props.userPool.userPoolId, 'The staff user pool (administrators create users)');
    output('ConsoleClientId', this.client.userPoolClientId, "The console's app client: the tokens' audience");
    output('SignInUrl', this.domain.baseUrl(), 'The Cognito managed login of the staff');
  }
}

/** The outputs of the console stack, by key. */
export const CONSOLE_OUTPUTS = ['ConsoleUrl', 'StaffUserPoolId', 'ConsoleClientId', 'SignInUrl'] as const;
export type ConsoleOutput = (typeof CONSOLE_OUTPUTS)[number];

export interface ClaimflowConsoleConfigStackProps extends StackProps {
  readonly config: Config;
  readonly console: ClaimflowConsoleStack;
  readonly userPool: IUserPool;
}

/**
 * The console's config.json, deployed last (primary region): it lists every region's back-office
 * API, which exists only once the region stacks are deployed.
 */
export class ClaimflowConsoleConfigStack extends Stack {
  readonly consoleConfig: ConsoleConfig;

  constructor(scope: Construct, id: string, props: ClaimflowConsoleConfigStackProps) {
    super(scope, id, props);
    const { config, console: front } = props;
    if (this.region !== config.primaryRegion)
      throw new Error(
        `ClaimflowConsoleConfigStack must be deployed in the primary region ${config.primaryRegion}`,
      );
    this.consoleConfig = new ConsoleConfig(this, 'ConsoleConfig', {
      config,
      bucket: Bucket.fromBucketName(
        this,
        'ConsoleBucket',
        consoleBucketName(config, this.account, this.region),
      ),
      distribution: front.hosting.distribution,
      identity: {
        userPoolId: props.userPool.userPoolId,
        clientId: front.client.userPoolClientId,
        domain: front.domain.baseUrl(),
        redirectUri: front.hosting.consoleUrl,
      },
    });
  }
}
