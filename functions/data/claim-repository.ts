import type { Claim, ClaimStatus } from '../../domain/claim.ts';
import {
  ClaimAlreadyExistsError,
  type ClaimRepository,
  type Page,
  type PageRequest,
  VersionConflictError,
} from '../../domain/ports.ts';
import { ConditionFailedError, type GuardedTable } from './guarded-table.ts';
import { decodeCursor, encodeCursor, toModel } from './item.ts';
import { indexKeys, keys } from './keys.ts';
import { GLOBAL_INDEX } from './table-schema.ts';

/** Claims in the global table: one item per claim (audit trail inside), written in its home region. */
export class DynamoClaimRepository implements ClaimRepository {
  constructor(private readonly table: GuardedTable) {}

  private item(claim: Claim) {
    return {
      ...keys.claim(claim.claimId),
      ...indexKeys.claimByPartner(claim.partnerId, claim.filedAt, claim.claimId),
      ...indexKeys.claimByStatus(claim.homeRegion, claim.status, claim.updatedAt, claim.claimId),
      ...indexKeys.claimByVin(claim.vin, claim.filedAt, claim.claimId),
      type: 'Claim',
      ...claim,
    };
  }

  async get(claimId: string, consistent = true): Promise<Claim | undefined> {
    return toModel<Claim>(await this.table.get(keys.claim(claimId), consistent));
  }

  async create(claim: Claim): Promise<void> {
    try {
      await this.table.put(this.item(claim), { expression: 'attribute_not_exists(pk)' });
    } catch (err) {
      if (err instanceof ConditionFailedError) throw new ClaimAlreadyExistsError(claim.claimId);
      throw err;
    }
  }

  async save(claim: Claim): Promise<Claim> {
    const next = { ...claim, version: claim.version + 1 };
    try {
      await this.table.put(this.item(next), {
        expression: '#v = :v',
        names: { '#v': 'version' },
        values: { ':v': claim.version },
      });
    } catch (err) {
      if (err instanceof ConditionFailedError) throw new VersionConflictError(claim.claimId, claim.version);
      throw err;
    }
    return next;
  }

  async listByPartner(
    partnerId: string,
    query: PageRequest & { status?: ClaimStatus },
  ): Promise<Page<Claim>> {
    const res = await this.table.query({
      IndexName: GLOBAL_INDEX.byPartner,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: {
        ':p': `PARTNER#${partnerId}`,
        ...(query.status ? { ':s': query.status } : {}),
      },
      ...(query.status ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } } : {}),
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor),
    });
    return { items: res.items.map((i) => toModel<Claim>(i)!), nextCursor: encodeCursor(res.lastKey) };
  }

  async listByStatus(region: string, status: ClaimStatus, query: PageRequest): Promise<Page<Claim>> {
    const res = await this.table.query({
      IndexName: GLOBAL_INDEX.byStatus,
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': `STATUS#${region}#${status}` },
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor),
    });
    return { items: res.items.map((i) => toModel<Claim>(i)!), nextCursor: encodeCursor(res.lastKey) };
  }

  async listByVin(vin: string, sinceIso: string): Promise<Claim[]> {
    const out: Claim[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const res = await this.table.query({
        IndexName: GLOBAL_INDEX.byVin,
        KeyConditionExpression: 'gsi3pk = :p AND gsi3sk >= :since',
        ExpressionAttributeValues: { ':p': `VIN#${vin}`, ':since': `CLAIM#${sinceIso}` },
        ExclusiveStartKey: cursor,
      });
      out.push(...res.items.map((i) => toModel<Claim>(i)!));
      cursor = res.lastKey;
    } while (cursor);
    return out;
  }
}

/**
 * Read-modify-write of a claim with optimistic locking: two tasks of the same execution (the
 * parallel parts and technician branches) may change one claim at once; the loser reads again.
 */
export async function updateClaim(
  repo: DynamoClaimRepository,
  claimId: string,
  change: (claim: Claim) => Claim | undefined,
  attempts = 8,
): Promise<Claim> {
  for (let i = 0; ; i++) {
    const current = await repo.get(claimId, true);
    if (!current) throw new Error(`claim ${claimId} not found`);
    const next = change(current);
    if (!next || next === current) return current;
    try {
      return await repo.save(next);
    } catch (err) {
      if (!(err instanceof VersionConflictError) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (i + 1)));
    }
  }
}
