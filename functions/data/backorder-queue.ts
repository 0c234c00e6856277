import type { WaitingBackorder } from '../../domain/allocation.ts';
import type { Claim } from '../../domain/claim.ts';
import type { BackorderQueue } from '../../domain/ports.ts';
import type { Backorder } from '../../domain/stock.ts';
import type { GuardedTable } from './guarded-table.ts';
import { keys } from './keys.ts';
import { queryAll } from './table-reads.ts';

/**
 * The restock queues (DESIGN §4): per part, the claims waiting for it in filing order
 * (`BACKORDER#<part>`, sorted by filing time), and under each claim the queues it joined
 * (`CLAIMQUEUE#<claimId>`), so that it can leave them all. Both entries are homed in the claim's
 * region and written by it.
 */
export class DynamoBackorderQueue implements BackorderQueue {
  constructor(private readonly table: GuardedTable) {}

  async join(claim: Claim, backorders: readonly Backorder[]): Promise<void> {
    for (const b of backorders) {
      const entry = {
        claimId: claim.claimId,
        partNumber: b.partNumber,
        quantity: b.quantity,
        since: claim.filedAt,
        homeRegion: claim.homeRegion,
        type: 'Backorder',
      };
      await this.table.put({ ...keys.backorder(b.partNumber, claim.filedAt, claim.claimId), ...entry });
      await this.table.put({ ...keys.claimQueue(claim.claimId, b.partNumber), ...entry });
    }
  }

  async leave(claim: Claim): Promise<void> {
    const joined = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.claimQueue(claim.claimId, '').pk },
    });
    // Best effort per entry: an entry left behind is skipped by restocks (its claim waits no more).
    for (const entry of joined.items) {
      const partNumber = String(entry.partNumber);
      await this.table
        .delete(keys.backorder(partNumber, claim.filedAt, claim.claimId), claim.homeRegion)
        .catch(() => undefined);
      await this.table
        .delete(keys.claimQueue(claim.claimId, partNumber), claim.homeRegion)
        .catch(() => undefined);
    }
  }

  async waiting(partNumber: string): Promise<WaitingBackorder[]> {
    const queue = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.backorder(partNumber, '', '').pk },
    });
    return queue.items.map((i) => ({
      claimId: String(i.claimId),
      partNumber: String(i.partNumber),
      quantity: Number(i.quantity),
      homeRegion: String(i.homeRegion),
      since: String(i.since),
    }));
  }
}
