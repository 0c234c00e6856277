import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { Config } from '../config.ts';
import { acknowledgeAwsCustomResourceProvider, acknowledgeBucketDeployment } from '../nag.ts';
import { backofficeApiUrlParameter } from './backoffice-api.ts';
import { CONSOLE_PATH } from './console-hosting.ts';
import { parameterInRegion } from './parameter-in-region.ts';

/** The Cognito settings the console signs in with (authorization code + PKCE on the hosted UI). */
export interface ConsoleIdentity {
  readonly userPoolId: string;
  readonly clientId: string;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: /oauth2/authorize, /oauth2/token, /logout. */
  readonly domain: string;
  /** Where Cognito sends the browser back with the code: the console's URL. */
  readonly redirectUri: string;
}

export interface ConsoleConfigProps {
  readonly config: Config;
  readonly bucket: IBucket;
  readonly distribution: IDistribution;
  readonly identity: ConsoleIdentity;
}

/**
 * The console's `config.json` in AWS, the same shape `npm start` serves:
 * `{ primaryRegion, regions: { <r>: { backofficeApi } }, identity: { kind: 'cognito', … } }`.
 * Every region's back-office API URL is made by CloudFormation in that region's stack, so this
 * runs in a stack deployed after all of them, and reads each region's URL from the SSM parameter
 * its BackOfficeApi writes (fixed name, an SDK call in that region): no cross-region stack reference.
 * The read happens when this stack is deployed; a region whose API was replaced needs this stack
 * deployed again (`cdk deploy --all` does it in order).
 */
export class ConsoleConfig extends Construct {
  /** The document as deployed (tokens resolved by CloudFormation). */
  readonly document: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: ConsoleConfigProps) {
    super(scope, id);
    const { config } = props;
    const parameter = backofficeApiUrlParameter(config);

    const regions: Record<string, { backofficeApi: string }> = {};
    for (const { region } of config.regions) {
      const backofficeApi = parameterInRegion(this, `ApiUrl-${region}`, {
        resourceType: 'Custom::BackOfficeApiUrl',
        parameter,
        region,
      });
      regions[region] = { backofficeApi };
    }

    this.document = {
      primaryRegion: config.primaryRegion,
      regions,
      identity: {
        kind: 'cognito',
        region: config.primaryRegion,
        userPoolId: props.identity.userPoolId,
        clientId: props.identity.clientId,
        domain: props.identity.domain,
        redirectUri: props.identity.redirectUri,
        scopes: ['openid', 'email', 'profile'],
      },
    };
    const deployment = new BucketDeployment(this, 'Deploy', {
      sources: [Source.jsonData('config.json', this.document)],
      destinationBucket: props.bucket,
      destinationKeyPrefix: `${CONSOLE_PATH}/`,
      // Only config.json: the console's own files belong to ConsoleHosting's deployment.
      prune: false,
      cacheControl: [CacheControl.noCache()],
      distribution: props.distribution,
      distributionPaths: [`/${CONSOLE_PATH}/config.json`],
    });

    acknowledgeBucketDeployment(deployment, props.bucket);
    acknowledgeAwsCustomResourceProvider(this);
  }
}
