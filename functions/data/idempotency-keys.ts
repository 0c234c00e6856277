import type { IdempotencyKeys } from '../../domain/ports.ts';
import { ConditionFailedError, type GuardedTable } from './guarded-table.ts';
import { keys } from './keys.ts';

/**
 * Partners' Idempotency-Keys in the global table (`IDEMPOTENCY#<partnerId>#<sha256>` / `FIRST`),
 * homed in the partner's region and written, like its claims, by whichever region serves that
 * region now. Replicated, so a partner retrying `POST /v1/claims` in its new home region after an
 * evacuation gets its first claim back (issue 14). A key older than its days counts as unused (the
 * global table has no TTL attribute: these items stay).
 */
export class IdempotencyKeyStore implements IdempotencyKeys {
  constructor(
    private readonly table: GuardedTable,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async recordFirst(
    use: { homeRegion: string; partnerId: string; keyHash: string },
    detail: { claimId: string; bodyHash: string },
    days: number,
  ): Promise<boolean> {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    try {
      await this.table.put(
        {
          ...keys.idempotencyKey(use.partnerId, use.keyHash),
          type: 'IdempotencyKey',
          homeRegion: use.homeRegion,
          partnerId: use.partnerId,
          ...detail,
          at: this.now().toISOString(),
          expiresAt: nowSeconds + days * 86_400,
        },
        {
          expression: 'attribute_not_exists(pk) OR expiresAt < :now',
          values: { ':now': nowSeconds },
        },
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionFailedError) return false;
      throw err;
    }
  }

  async readFirst(partnerId: string, keyHash: string) {
    const item = await this.table.get(keys.idempotencyKey(partnerId, keyHash), true);
    return item ? { claimId: String(item.claimId), bodyHash: String(item.bodyHash) } : undefined;
  }
}
