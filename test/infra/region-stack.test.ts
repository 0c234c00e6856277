import { Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { regionalTableSchema } from '../../functions/data/table-schema.ts';
import { defaultConfig } from '../../infra/config.ts';
import { acknowledgeTableIndexWildcard } from '../../infra/nag.ts';
import { buildTestApp } from './app-fixture.ts';

const exportRegions = defaultConfig.regions.map((r) => r.region);

describe('ClaimflowRegionStack', () => {
  it('exists once per export region, each in its own region', () => {
    const { regionStacks } = buildTestApp();
    expect([...regionStacks.keys()].sort()).toEqual([...exportRegions].sort());
    for (const [region, stack] of regionStacks) expect(stack.region).toBe(region);
  });

  it.each(exportRegions)(
    'creates the regional table in %s with TTL, PITR, deletion protection, on demand',
    (region) => {
      const { regionStacks } = buildTestApp();
      const template = Template.fromStack(regionStacks.get(region)!);

      template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
      template.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        Properties: {
          TableName: defaultConfig.tables.regional,
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          TimeToLiveSpecification: { AttributeName: regionalTableSchema.ttlAttribute, Enabled: true },
          // A single replica in the stack's own region: this table is never replicated.
          Replicas: [
            {
              Region: region,
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
              DeletionProtectionEnabled: true,
            },
          ],
        },
      });
    },
  );

  it.each(exportRegions)(
    'points at the global table copy in %s without a cross-stack reference',
    (region) => {
      // Prepare: what later constructs will do, a function role granted access to the replica.
      const { regionStacks } = buildTestApp();
      const stack = regionStacks.get(region)!;
      const role = new Role(stack, 'ProbeRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
      stack.globalTable.grantReadWriteData(role);
      acknowledgeTableIndexWildcard(role, stack.globalTable);

      // Act
      const template = Template.fromStack(stack);
      const arn = JSON.stringify(stack.resolve(stack.globalTable.tableArn));

      // Assess: the ARN names this region and the configured table, built from pseudo-parameters only.
      expect(arn).toContain(`:dynamodb:${region}:`);
      expect(arn).toContain(`:table/${defaultConfig.tables.global}`);
      const json = JSON.stringify(template.toJSON());
      expect(json).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput|ExportsReader|Custom::CrossRegion/);
      expect(json).toContain(`:table/${defaultConfig.tables.global}/index/*`);
    },
  );

  it('is deployed after the data stack that creates the replicas', () => {
    const { dataStack, regionStacks } = buildTestApp();
    for (const stack of regionStacks.values()) expect(stack.dependencies).toContain(dataStack);
  });

  it('returns one replica per region however often it is asked', () => {
    const { dataStack } = buildTestApp();
    // replica() alone would add a second construct with the same id and throw.
    for (const region of exportRegions)
      expect(dataStack.globalTableIn(region)).toBe(dataStack.globalTableIn(region));
  });

  it('refuses a region that has no replica', () => {
    const { dataStack } = buildTestApp();
    expect(() => dataStack.globalTableIn('us-east-1')).toThrow(/us-east-1/);
  });
});
