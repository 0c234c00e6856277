import type { Claim, ClaimStatus } from '../../domain/claim.ts';
import { partnerEventsBetween, webhookBody } from '../../domain/partner-events.ts';
import {
  ClaimAlreadyExistsError,
  type ClaimRepository,
  type Page,
  type PageRequest,
  VersionConflictError,
} from '../../domain/ports.ts';
import { partnerEventPut } from '../webhooks/partner-event-store.ts';
import { ConditionFailedError, type GuardedTable, TransactionFailedError } from './guarded-table.ts';
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

  async save(claim: Claim, previous?: Claim): Promise<Claim> {
    const next = { ...claim, version: claim.version + 1 };
    const condition = { expression: '#v = :v', names: { '#v': 'version' }, values: { ':v': claim.version } };
    // What the change means for the partner's webhook is written with it, or not at all (an outbox).
    const events = previous ? partnerEventsBetween(previous, claim) : [];
    try {
      if (events.length === 0) await this.table.put(this.item(next), condition);
      else
        await this.table.transact([
          { put: this.item(next), condition },
          ...events.map((e) => partnerEventPut(next, e, webhookBody(e))),
        ]);
    } catch (err) {
      if (err instanceof ConditionFailedError || versionConflictIn(err, claim))
        throw new VersionConflictError(claim.claimId, claim.version);
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

/** The claim's own condition failed in the transaction: another version was saved meanwhile. */
const versionConflictIn = (err: unknown, claim: Claim): boolean =>
  err instanceof TransactionFailedError &&
  err.reasons[0]?.code === 'ConditionalCheckFailed' &&
  err.reasons[0].item?.homeRegion === claim.homeRegion &&
  err.reasons[0].item?.version !== claim.version;

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
      return await repo.save(next, current);
    } catch (err) {
      if (!(err instanceof VersionConflictError) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (i + 1)));
    }
  }
}
