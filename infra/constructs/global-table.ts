import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Billing, type ITableV2, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { globalTableSchema } from '../../functions/data/table-schema.ts';
import { globalSecondaryIndexesOf, primaryKeyOf } from './table-keys.ts';

export interface GlobalTableProps {
  /** Physical table name, the same in every region (config.tables.global). */
  readonly tableName: string;
  /** Export regions other than the stack's own; each gets one replica. */
  readonly replicaRegions: readonly string[];
}

/**
 * The `claimflow` global table: one TableV2 owned by the primary region's stack, replicated to every
 * other export region. Items are single-writer (DESIGN §3), so last-writer-wins never decides
 * between two real writes.
 */
export class GlobalTable extends Construct {
  readonly table: TableV2;
  private readonly tableName: string;
  private readonly replicas = new Map<string, ITableV2>();

  constructor(scope: Construct, id: string, props: GlobalTableProps) {
    super(scope, id);
    this.tableName = props.tableName;
    this.table = new TableV2(this, 'Table', {
      tableName: props.tableName,
      ...primaryKeyOf(globalTableSchema),
      globalSecondaryIndexes: globalSecondaryIndexesOf(globalTableSchema),
      billing: Billing.onDemand(),
      // Global tables replicate through the stream; TableV2 requires this view type when replicas exist.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // AWS managed key (aws/dynamodb) in each region: key use shows in CloudTrail, and no key has to
      // exist in every replica region before this stack deploys, as a customer key per region would.
      encryption: TableEncryptionV2.awsManagedKey(),
      // Replicas inherit PITR, deletion protection and the removal policy from the props above.
      replicas: props.replicaRegions.map((region) => ({ region })),
    });
  }

  /**
   * The copy of the table in `region`, for the stack deployed there (the aws-dynamodb README's
   * multi-region pattern). Its ARN is built from the fixed table name and the consumer's own
   * pseudo-parameters, so using it creates no cross-stack (or cross-region) reference.
   */
  replicaIn(region: string): ITableV2 {
    // replica() adds a construct named after the region on every call, so hand out one per region.
    let replica = this.replicas.get(region);
    if (!replica) {
      replica = region === Stack.of(this).region ? this.importOwnRegion(region) : this.table.replica(region);
      this.replicas.set(region, replica);
    }
    return replica;
  }

  // replica() returns the TableV2 itself for its own region, which a region stack would then consume
  // through a stack output. Import it by ARN instead, exactly as replica() does for the other regions.
  private importOwnRegion(region: string): ITableV2 {
    const tableArn = Stack.of(this).formatArn({
      service: 'dynamodb',
      region,
      resource: 'table',
      resourceName: this.tableName,
    });
    return TableV2.fromTableAttributes(this, `OwnRegionTable${region}`, {
      tableArn,
      tableStreamArn: `${tableArn}/stream/*`,
      grantIndexPermissions: true,
    });
  }
}
