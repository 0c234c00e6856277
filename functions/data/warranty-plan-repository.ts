import type { WarrantyPlanRepository } from '../../domain/ports.ts';
import type { WarrantyPlan } from '../../domain/warranty-plan.ts';
import type { GuardedTable } from './guarded-table.ts';
import { recordOf } from './master-data-store.ts';

/** Warranty plan versions (`PLAN#<planId>` / `V#<version>`), read from this region's replica. */
export class DynamoWarrantyPlanRepository implements WarrantyPlanRepository {
  constructor(private readonly table: GuardedTable) {}

  async versions(planId: string): Promise<WarrantyPlan[]> {
    const out: WarrantyPlan[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const res = await this.table.query({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':p': `PLAN#${planId}`, ':v': 'V#' },
        ExclusiveStartKey: cursor,
      });
      for (const item of res.items) out.push(recordOf<WarrantyPlan>(item, PLAN_FIELDS)!);
      cursor = res.lastKey;
    } while (cursor);
    return out;
  }
}

export const PLAN_FIELDS = [
  'planId',
  'version',
  'name',
  'effectiveFrom',
  'terms',
  'batterySohThresholdPct',
  'filingWindowDays',
  'duplicateWindowDays',
  'labourTolerancePct',
] as const;
