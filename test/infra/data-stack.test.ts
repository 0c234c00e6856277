import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { globalTableSchema } from '../../functions/data/table-schema.ts';
import { defaultConfig } from '../../infra/config.ts';
import { buildTestApp } from './app-fixture.ts';

type Replica = {
  Region: string;
  PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled?: boolean };
  DeletionProtectionEnabled?: boolean;
};

describe('ClaimflowDataStack', () => {
  let template: Template;
  let globalTable: { Properties: Record<string, unknown>; DeletionPolicy?: string };
  const exportRegions = defaultConfig.regions.map((r) => r.region);

  beforeAll(() => {
    // Prepare / Act
    const { dataStack } = buildTestApp();
    template = Template.fromStack(dataStack);
    const tables = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(tables).toHaveLength(1);
    globalTable = tables[0] as typeof globalTable;
  });

  it('is deployed in the primary region', () => {
    const { dataStack } = buildTestApp();
    expect(dataStack.region).toBe(defaultConfig.primaryRegion);
  });

  it('creates the global table under its configured name with pk/sk string keys', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: defaultConfig.tables.global,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
    });
  });

  it('holds exactly one copy per export region: the primary table plus one replica per other region', () => {
    const replicas = globalTable.Properties.Replicas as Replica[];
    const regions = replicas.map((r) => r.Region).sort();
    expect(regions).toEqual([...exportRegions].sort());
    const others = regions.filter((r) => r !== defaultConfig.primaryRegion);
    expect(others).toHaveLength(exportRegions.length - 1);
  });

  it('turns on point-in-time recovery and deletion protection in every region', () => {
    for (const replica of globalTable.Properties.Replicas as Replica[]) {
      expect(replica.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled, replica.Region).toBe(true);
      expect(replica.DeletionProtectionEnabled, replica.Region).toBe(true);
    }
  });

  it('bills on demand, streams new and old images and is retained when the stack goes', () => {
    expect(globalTable.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(globalTable.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(globalTable.DeletionPolicy).toBe('Retain');
  });

  it('encrypts with the AWS managed KMS key', () => {
    expect(globalTable.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
  });

  it('has the five GSIs of the table schema, each with string keys and the projection the schema names', () => {
    const indexes = globalTable.Properties.GlobalSecondaryIndexes as {
      IndexName: string;
      KeySchema: { AttributeName: string; KeyType: string }[];
      Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
    }[];
    expect(indexes.map((i) => i.IndexName).sort()).toEqual([
      'byOutbox',
      'byPart',
      'byPartner',
      'byStatus',
      'byVin',
    ]);
    const attributeTypes = new Map(
      (globalTable.Properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[]).map(
        (a) => [a.AttributeName, a.AttributeType],
      ),
    );
    for (const expected of globalTableSchema.indexes) {
      const index = indexes.find((i) => i.IndexName === expected.name);
      expect(index?.KeySchema).toEqual([
        { AttributeName: expected.partitionKey, KeyType: 'HASH' },
        { AttributeName: expected.sortKey, KeyType: 'RANGE' },
      ]);
      const projection = expected.projection;
      expect(index?.Projection).toEqual(
        projection.type === 'INCLUDE'
          ? { ProjectionType: 'INCLUDE', NonKeyAttributes: projection.attributes }
          : { ProjectionType: projection.type },
      );
      expect(attributeTypes.get(expected.partitionKey)).toBe('S');
      expect(attributeTypes.get(expected.sortKey)).toBe('S');
    }
    // A claim is written ~8 times in its life: the indexes it is in carry its keys (and byStatus a
    // few attributes that seldom change), never the whole claim in every index and region (issue 18).
    const projectionOf = (name: string) => indexes.find((i) => i.IndexName === name)?.Projection;
    expect(projectionOf('byPartner')).toEqual({
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: ['vin', 'model', 'modelYear', 'market', 'deliveryDate'],
    });
    expect(projectionOf('byVin')).toEqual({ ProjectionType: 'KEYS_ONLY' });
    expect(projectionOf('byStatus')).toEqual({
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: ['claimId', 'eventId', 'failure'],
    });
  });

  it('is protected against stack termination', () => {
    const { dataStack } = buildTestApp();
    expect(dataStack.terminationProtection).toBe(true);
  });
});
