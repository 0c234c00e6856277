import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  globalTableSchema,
  regionalTableSchema,
  type TableSchema,
} from '../../functions/data/table-schema.ts';

/** The CreateTable input for a table described by the one schema the CDK stacks also read. */
export function createTableInput(tableName: string, schema: TableSchema): CreateTableCommandInput {
  const attributes = new Set<string>([schema.partitionKey, schema.sortKey]);
  for (const ix of schema.indexes) {
    attributes.add(ix.partitionKey);
    attributes.add(ix.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: schema.partitionKey, KeyType: 'HASH' },
      { AttributeName: schema.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: schema.indexes.length
      ? schema.indexes.map((ix) => ({
          IndexName: ix.name,
          KeySchema: [
            { AttributeName: ix.partitionKey, KeyType: 'HASH' },
            { AttributeName: ix.sortKey, KeyType: 'RANGE' },
          ],
          Projection: {
            ProjectionType: ix.projection.type,
            ...(ix.projection.type === 'INCLUDE' ? { NonKeyAttributes: [...ix.projection.attributes] } : {}),
          },
        }))
      : undefined,
  };
}

/**
 * Adds the indexes the schema gained since the table was created (data kept under `.claimflow/`
 * outlives a code change), one per UpdateTable as DynamoDB requires; DynamoDB fills them from the
 * items already there.
 */
async function addMissingIndexes(
  client: DynamoDBClient,
  tableName: string,
  schema: TableSchema,
  existing: readonly string[],
): Promise<void> {
  const full = createTableInput(tableName, schema);
  for (const index of full.GlobalSecondaryIndexes ?? []) {
    if (existing.includes(index.IndexName!)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: full.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [
          {
            Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection },
          },
        ],
      }),
    );
  }
}

async function ensureTable(client: DynamoDBClient, tableName: string, schema: TableSchema): Promise<boolean> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName ?? '');
    await addMissingIndexes(client, tableName, schema, indexes);
    return false;
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
  }
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName, schema)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
    return false;
  }
  if (schema.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: schema.ttlAttribute, Enabled: true },
      }),
    );
  }
  return true;
}

/** Creates both claimflow tables in one region's database if they are missing; says whether it created any. */
export async function ensureTables(
  client: DynamoDBClient,
  names: { global: string; regional: string },
): Promise<boolean> {
  const a = await ensureTable(client, names.global, globalTableSchema);
  const b = await ensureTable(client, names.regional, regionalTableSchema);
  return a || b;
}
