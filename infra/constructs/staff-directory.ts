import { RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { type Config, replicaRegions } from '../config.ts';
import { acknowledgeNagFinding } from '../nag.ts';

/**
 * How every region learns where staff sign in, without a cross-region stack reference (the region
 * stacks take none: see ClaimflowRegionStack). The user pool and the console live in the primary
 * region, their ids are made by CloudFormation, and the region stacks need them at deploy time
 * (the API Gateway authorizer names the pool by ARN; the functions check the issuer and the
 * audience; CORS names the console's origin). So the console stack writes them into one record,
 * a Secrets Manager secret with a fixed name replicated to every export region, and each region
 * stack reads its own region's replica by name through CloudFormation dynamic references
 * (`{{resolve:secretsmanager:…}}`, a handful per template): the authorizer, the CORS answers, and
 * the back-office stage's variables, which reach the functions in every event. The functions read
 * no record at run time: that was a Secrets Manager client and read in every back-office cold start.
 *
 * Why a secret for values that are not secret: it is the one store CloudFormation can both
 * replicate across regions and resolve natively in any resource property. CDK's
 * `crossRegionReferences` would do the same with SSM parameters written by a custom-resource
 * Lambda in the producing stack and read by another in each consumer.
 */
export const staffDirectoryName = (config: Config) => `${config.appName}/staff-directory`;

export interface StaffDirectoryEntries {
  /** The staff user pool's id (`<region>_<id>`), in the primary region. */
  readonly userPoolId: string;
  /** The console's app client id: the `aud` of the ID tokens the APIs accept. */
  readonly clientId: string;
  /** `https://<distribution>.cloudfront.net`: the only origin the back-office APIs answer CORS for. */
  readonly consoleOrigin: string;
}

/** Writes the directory (console stack, primary region) and replicates it to every other export region. */
export class StaffDirectoryRecord extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: { config: Config; entries: StaffDirectoryEntries }) {
    super(scope, id);
    const { config, entries } = props;
    this.secret = new Secret(this, 'Record', {
      secretName: staffDirectoryName(config),
      description: `${config.appName}: where back-office staff sign in (user pool, console client, console origin); not secret, replicated so every region stack can read it by name`,
      secretObjectValue: {
        userPoolId: SecretValue.unsafePlainText(entries.userPoolId),
        clientId: SecretValue.unsafePlainText(entries.clientId),
        consoleOrigin: SecretValue.unsafePlainText(entries.consoleOrigin),
      },
      replicaRegions: replicaRegions(config).map((region) => ({ region })),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledgeNagFinding(
      this.secret,
      'AwsSolutions-SMG4',
      'Not a credential: the record holds public identifiers (user pool id, app client id, console URL) ' +
        'that CloudFormation copies into the region stacks; there is nothing to rotate.',
    );
  }
}

/** The issuer of a Cognito pool's ID tokens (Cognito's fixed URL scheme). */
export const staffIssuer = (primaryRegion: string, userPoolId: string) =>
  `https://cognito-idp.${primaryRegion}.amazonaws.com/${userPoolId}`;

/** The directory as dynamic references to this region's replica: resolved by CloudFormation at deploy time. */
export function staffDirectoryIn(config: Config): StaffDirectoryEntries {
  const entry = (jsonField: keyof StaffDirectoryEntries) =>
    SecretValue.secretsManager(staffDirectoryName(config), { jsonField }).unsafeUnwrap();
  return {
    userPoolId: entry('userPoolId'),
    clientId: entry('clientId'),
    consoleOrigin: entry('consoleOrigin'),
  };
}
