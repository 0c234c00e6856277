import type { QualityFactRecord, QualityLedger } from '../../domain/quality/ledger.ts';
import { monthOf } from '../../domain/quality/monitor.ts';
import { ConditionFailedError, type GuardedTable } from './guarded-table.ts';
import { toModel } from './item.ts';
import { keys } from './keys.ts';
import { queryAll } from './table-reads.ts';

/** Quality facts in the global table, written in the claim's home region (see the port). */
export class DynamoQualityLedger implements QualityLedger {
  constructor(private readonly table: GuardedTable) {}

  async record(facts: QualityFactRecord): Promise<boolean> {
    try {
      await this.table.put(
        {
          ...keys.qualityFact(facts.market, monthOf(facts.failureDate), facts.claimId),
          type: 'QualityFact',
          ...facts,
        },
        {
          expression: 'attribute_not_exists(pk) OR #v <= :v',
          names: { '#v': 'version' },
          values: { ':v': facts.version },
        },
      );
      return true;
    } catch (err) {
      // Newer facts of the claim are already there: this write is late, and has nothing to add.
      if (err instanceof ConditionFailedError) return false;
      throw err;
    }
  }

  async month(market: string, month: string): Promise<QualityFactRecord[]> {
    const { pk } = keys.qualityFact(market, month, '');
    const { items } = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    });
    return items.map((item) => toModel<QualityFactRecord>(item) as QualityFactRecord);
  }
}
