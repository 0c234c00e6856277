import { AttributeType, type GlobalSecondaryIndexPropsV2, ProjectionType } from 'aws-cdk-lib/aws-dynamodb';
import type { TableSchema } from '../../functions/data/table-schema.ts';

/**
 * Translates the one description of a table (functions/data/table-schema.ts) into TableV2 key
 * props, so the deployed tables, DynamoDB Local's tables and the repositories cannot drift apart.
 */
export function primaryKeyOf(schema: TableSchema) {
  return {
    partitionKey: { name: schema.partitionKey, type: AttributeType.STRING },
    sortKey: { name: schema.sortKey, type: AttributeType.STRING },
  };
}

export function globalSecondaryIndexesOf(schema: TableSchema): GlobalSecondaryIndexPropsV2[] {
  return schema.indexes.map((index) => ({
    indexName: index.name,
    partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
    sortKey: { name: index.sortKey, type: AttributeType.STRING },
    projectionType: ProjectionType[index.projection.type],
    ...(index.projection.type === 'INCLUDE' ? { nonKeyAttributes: [...index.projection.attributes] } : {}),
  }));
}
