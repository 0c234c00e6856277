import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { Config } from './config.ts';
import { GlobalTable } from './constructs/global-table.ts';

export interface ClaimflowDataStackProps extends StackProps {
  readonly config: Config;
}

/**
 * The stateful core, deployed once in the primary region: the global table and its replicas.
 * Kept apart from the region stacks so that redeploying functions and APIs never touches it.
 */
export class ClaimflowDataStack extends Stack {
  readonly globalTable: TableV2;
  private readonly global: GlobalTable;

  constructor(scope: Construct, id: string, props: ClaimflowDataStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    const { config } = props;
    if (this.region !== config.primaryRegion) {
      throw new Error(`ClaimflowDataStack must be deployed in the primary region ${config.primaryRegion}`);
    }
    this.global = new GlobalTable(this, 'GlobalTable', {
      tableName: config.tables.global,
      replicaRegions: config.regions.map((r) => r.region).filter((region) => region !== config.primaryRegion),
    });
    this.globalTable = this.global.table;
  }

  /** The global table as seen from `region` (its replica there, or the table itself in the primary). */
  globalTableIn(region: string): ITableV2 {
    return this.global.replicaIn(region);
  }
}
