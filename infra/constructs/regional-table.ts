import { RemovalPolicy } from 'aws-cdk-lib';
import { Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { regionalTableSchema } from '../../functions/data/table-schema.ts';
import { globalSecondaryIndexesOf, primaryKeyOf } from './table-keys.ts';

export interface RegionalTableProps {
  /** Physical table name, the same in every region (config.tables.regional). */
  readonly tableName: string;
}

/**
 * `claimflow-regional`: what must never replicate (task tokens, idempotency keys, email dedupe,
 * outbox). A TableV2 without replicas, so it is a plain table in this region only. Items expire
 * through TTL; the table itself is kept like the global one.
 */
export class RegionalTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: RegionalTableProps) {
    super(scope, id);
    const ttlAttribute = regionalTableSchema.ttlAttribute;
    if (!ttlAttribute) throw new Error('regionalTableSchema.ttlAttribute must be set: regional items expire');
    this.table = new TableV2(this, 'Table', {
      tableName: props.tableName,
      ...primaryKeyOf(regionalTableSchema),
      globalSecondaryIndexes: globalSecondaryIndexesOf(regionalTableSchema),
      timeToLiveAttribute: ttlAttribute,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: TableEncryptionV2.awsManagedKey(),
    });
  }
}
