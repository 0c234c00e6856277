import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { Config } from '../config.ts';
import { acknowledgeBucketDeployment, acknowledgeNagFinding } from '../nag.ts';

/** Where `npm run build:console` writes the console. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));
/**
 * The console bucket's name: fixed (the account makes it unique), so the console-config stack
 * writes config.json into it by name rather than through a stack output.
 */
export const consoleBucketName = (config: Config, account: string, region: string) =>
  `${config.appName}-console-${account}-${region}`;

/** The console's files sit under this key prefix and URL path (as under `npm start`). */
export const CONSOLE_PATH = 'console';

export interface ConsoleHostingProps {
  readonly config: Config;
  /**
   * The built console. Default `console/dist`; when the folder is missing at synth time a one-page
   * placeholder is deployed instead (and a warning printed), so `cdk synth` works offline, in
   * tests and in CI without building the console first.
   */
  readonly consoleDist?: string;
  /** Hosts the console calls besides its own origin (Cognito, the regions' APIs), for the CSP. */
  readonly connectSources: readonly string[];
}

// Viewer-request: `/` and `/console` lead to `/console/`, a folder URL serves its index.html.
const CONSOLE_ROUTER = `function handler(event) {
  var uri = event.request.uri;
  if (uri === '/' || uri === '/${CONSOLE_PATH}') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/${CONSOLE_PATH}/' } } };
  }
  if (uri.endsWith('/')) event.request.uri = uri + 'index.html';
  return event.request;
}`;

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>claimflow console</title></head>
<body><h1>claimflow back office</h1>
<p>This deployment was synthesized without a built console. Run <code>npm run build:console</code>, then deploy again.</p>
</body></html>
`;

/**
 * The back-office console's hosting, in the primary region only (DESIGN §1: static files on S3 and
 * CloudFront): a private bucket (all public access blocked, TLS only, S3-managed encryption, server
 * access logs) read by CloudFront through Origin Access Control only, HTTPS only, with a security
 * headers policy (HSTS, CSP, no framing, no sniffing). The console's files go under `console/`, as
 * `npm start` serves them; `config.json` beside them is written by ConsoleConfig (after every region
 * stack, since it lists their API URLs) and left alone by this deployment.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<id>.cloudfront.net`, the console's origin (CORS, the app client's callback). */
  readonly origin: string;
  /** `https://<id>.cloudfront.net/console/`: where the console opens, and Cognito sends staff back to. */
  readonly consoleUrl: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const { config } = props;

    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront's standard logs are delivered with ACLs: the one bucket here that keeps them on.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNagFinding(
      this.logBucket,
      'AwsSolutions-S1',
      'This is the access-log bucket of the console bucket and its distribution; logging it into itself ' +
        'would log every log delivery, and into another bucket only moves the question.',
    );

    const stack = Stack.of(this);
    this.bucket = new Bucket(this, 'Files', {
      bucketName: consoleBucketName(config, stack.account, stack.region),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      // Built files only, every deployment puts them back: deleting the stack deletes the bucket
      // (once emptied; no auto-delete custom resource for a bucket that is rarely deleted).
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const regionsOf = config.regions.map((r) => r.region);
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${config.appName}-console-security-headers`,
      comment: 'The console: HSTS, CSP, no framing, no sniffing, no referrer across origins',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            // Preact sets style attributes; no inline script is allowed.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            `connect-src 'self' ${[...props.connectSources, ...regionsOf.map((r) => `https://*.execute-api.${r}.amazonaws.com`)].join(' ')}`,
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
          ].join('; '),
          override: true,
        },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${config.appName} back-office console`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new CloudFrontFunction(this, 'Router', {
              comment: 'claimflow console: / → /console/, folder URLs → index.html',
              code: FunctionCode.fromInline(CONSOLE_ROUTER),
              runtime: FunctionRuntime.JS_2_0,
            }),
          },
        ],
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.consoleUrl = `${this.origin}/${CONSOLE_PATH}/`;

    const dist = props.consoleDist ?? CONSOLE_DIST;
    let files: ISource;
    if (existsSync(`${dist}/index.html`)) files = Source.asset(dist);
    else {
      files = Source.data('index.html', PLACEHOLDER);
      Annotations.of(this).addWarningV2(
        'claimflow:consoleNotBuilt',
        `${dist} has no index.html: the console is deployed as a placeholder page. Run npm run build:console before cdk deploy.`,
      );
    }
    const deployment = new BucketDeployment(this, 'Deploy', {
      sources: [files],
      destinationBucket: this.bucket,
      destinationKeyPrefix: `${CONSOLE_PATH}/`,
      // config.json is ConsoleConfig's: neither overwritten nor pruned here.
      exclude: ['config.json'],
      prune: true,
      // Vite names assets by content hash; index.html must be revalidated to pick up a new build.
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.minutes(5))],
      distribution: this.distribution,
      distributionPaths: [`/${CONSOLE_PATH}/*`],
      memoryLimit: 512,
    });

    acknowledgeBucketDeployment(deployment, this.bucket);
    this.acknowledgeFindings();
  }

  private acknowledgeFindings(): void {
    acknowledgeNagFinding(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: staff of every export region (and travelling HQ staff) use the console, and ' +
        'sign-in is protected by the user pool (MFA required, threat protection enforced).',
    );
    acknowledgeNagFinding(
      this.distribution,
      'AwsSolutions-CFR2',
      'No WAF on the distribution: it serves only static files of the console (no API, no forms posted to it); ' +
        'a CloudFront web ACL must live in us-east-1, a region this app does not deploy to.',
    );
    acknowledgeNagFinding(
      this.distribution,
      'AwsSolutions-CFR4',
      'Uses the default *.cloudfront.net certificate (no custom domain configured), whose TLS policy CloudFront ' +
        'fixes; viewers are redirected to HTTPS. With a custom domain, set minimumProtocolVersion TLSv1.2_2021.',
    );
  }
}
