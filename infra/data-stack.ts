import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type Config, replicaRegions } from './config.ts';
import { GlobalTable } from './constructs/global-table.ts';
import { StaffUserPool } from './constructs/staff-user-pool.ts';
import { acknowledgeNagFinding } from './nag.ts';

export interface ClaimflowDataStackProps extends StackProps {
  readonly config: Config;
}

/** The name of the secret that signs the links in customer emails, the same in every region. */
export const linkSecretName = (config: Config) => `${config.appName}/link-secret`;

/**
 * The stateful core, deployed once in the primary region: the global table and its replicas, and
 * the link-signing secret with its replicas (a link made in one region must open in the region that
 * takes over after a failover).
 * Kept apart from the region stacks so that redeploying functions and APIs never touches it.
 */
export class ClaimflowDataStack extends Stack {
  readonly globalTable: TableV2;
  /** Signs the survey, status and unsubscribe links in emails; replicated to every export region. */
  readonly linkSecret: Secret;
  /** The back-office staff (one Cognito user pool for every region): users are data, kept here. */
  readonly staffUserPool: StaffUserPool;
  private readonly global: GlobalTable;

  constructor(scope: Construct, id: string, props: ClaimflowDataStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const { config } = props;
    if (this.region !== config.primaryRegion) {
      throw new Error(`ClaimflowDataStack must be deployed in the primary region ${config.primaryRegion}`);
    }
    this.global = new GlobalTable(this, 'GlobalTable', {
      tableName: config.tables.global,
      replicaRegions: replicaRegions(config),
    });
    this.globalTable = this.global.table;

    this.linkSecret = new Secret(this, 'LinkSecret', {
      secretName: linkSecretName(config),
      description: `${config.appName}: HMAC key of the signed links in customer emails (survey, status, unsubscribe)`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      replicaRegions: replicaRegions(config).map((region) => ({ region })),
      // Deleting it would break every link already in customers' mailboxes.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNagFinding(
      this.linkSecret,
      'AwsSolutions-SMG4',
      'No automatic rotation: the key verifies links already sitting in customers’ mailboxes (surveys for ' +
        '30 days, status and unsubscribe links for 400), and a rotation would break them all at once. Rotate ' +
        'by hand if it leaks (docs/ARCHITECTURE.md: follow-up), accepting that old links show "expired".',
    );
    this.staffUserPool = new StaffUserPool(this, 'StaffUserPool', { config });
  }

  /** The global table as seen from `region` (its replica there, or the table itself in the primary). */
  globalTableIn(region: string): ITableV2 {
    return this.global.replicaIn(region);
  }
}
