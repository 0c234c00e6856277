import type { Claim, ClaimStatus } from '../../domain/claim.ts';
import { partnerEventsBetween, webhookBody } from '../../domain/partner-events.ts';
import {
  ClaimAlreadyExistsError,
  type ClaimRepository,
  type Page,
  type PageRequest,
  VersionConflictError,
} from '../../domain/ports.ts';
import { InvalidCursorError } from '../errors.ts';
import { partnerEventPut } from '../webhooks/partner-event-store.ts';
import { claimPartitions, isClaimPosition } from './claim-index.ts';
import { ConditionFailedError, type GuardedTable, TransactionFailedError } from './guarded-table.ts';
import { decodeCursor, encodeCursor, toModel } from './item.ts';
import { indexKeys, keys } from './keys.ts';
import { getMany, itemsOf, queryAll } from './table-reads.ts';
import { GLOBAL_INDEX } from './table-schema.ts';

/** Claims in the global table: one item per claim (audit trail inside), written in its home region. */
export class DynamoClaimRepository implements ClaimRepository {
  constructor(private readonly table: GuardedTable) {}

  underEpoch(epoch: number | undefined): DynamoClaimRepository {
    return new DynamoClaimRepository(this.table.withEpoch(epoch));
  }

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

  /** Throws InvalidCursorError for a cursor that is not a position in the partner's claims. */
  async listByPartner(
    partnerId: string,
    query: PageRequest & { status?: ClaimStatus },
  ): Promise<Page<Claim>> {
    const start = decodeCursor(query.cursor);
    if (start && !isClaimPosition(claimPartitions.byPartner(partnerId), start))
      throw new InvalidCursorError();
    const res = await this.table.query({
      IndexName: GLOBAL_INDEX.byPartner,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': indexKeys.claimByPartner(partnerId, '', '').gsi1pk },
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: start,
    });
    // The index carries keys only; the status is filtered on the claims read, as a FilterExpression
    // would (a page may hold fewer than `limit`, the cursor says where to go on).
    const claims = (await itemsOf(this.table, res.items)).map((i) => toModel<Claim>(i)!);
    return {
      items: query.status ? claims.filter((c) => c.status === query.status) : claims,
      nextCursor: encodeCursor(res.lastKey),
    };
  }

  async listByVin(vin: string, sinceIso: string): Promise<Claim[]> {
    const { items: found } = await queryAll(this.table, {
      IndexName: GLOBAL_INDEX.byVin,
      KeyConditionExpression: 'gsi3pk = :p AND gsi3sk >= :since',
      ExpressionAttributeValues: {
        ':p': indexKeys.claimByVin(vin, '', '').gsi3pk,
        ':since': `CLAIM#${sinceIso}`,
      },
    });
    return (await itemsOf(this.table, found)).map((i) => toModel<Claim>(i)!);
  }

  /**
   * Some attributes (names or paths such as `customer.email`) of many claims, from this region's
   * replica; claims it does not know are left out.
   */
  async readMany(
    claimIds: readonly string[],
    attributes: readonly string[],
  ): Promise<Map<string, Partial<Claim> & { claimId: string }>> {
    const items = await getMany<Partial<Claim> & { claimId: string }>(
      this.table,
      [...new Set(claimIds)].map((id) => keys.claim(id)),
      { attributes: ['claimId', ...attributes] },
    );
    return new Map(items.map((c) => [c.claimId, c]));
  }

  /**
   * Some attributes of a partner's claims filed between two instants (index byPartner, a key range),
   * at most `max`: `truncated` when there were more.
   */
  async filedBetween<K extends keyof Claim>(
    partnerId: string,
    window: { from: string; to: string },
    attributes: readonly K[],
    max: number,
  ): Promise<{ items: Pick<Claim, K>[]; truncated: boolean }> {
    const { items: found, truncated } = await queryAll(
      this.table,
      {
        IndexName: GLOBAL_INDEX.byPartner,
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':p': indexKeys.claimByPartner(partnerId, '', '').gsi1pk,
          ':from': `CLAIM#${window.from}`,
          ':to': `CLAIM#${window.to}~`,
        },
      },
      max,
    );
    const items = await itemsOf(this.table, found, { attributes });
    return { items: items.map((i) => toModel<Pick<Claim, K>>(i)!), truncated };
  }
}

/** The claim's own condition failed in the transaction: another version was saved meanwhile. */
const versionConflictIn = (err: unknown, claim: Claim): boolean =>
  err instanceof TransactionFailedError &&
  err.reasons[0]?.code === 'ConditionalCheckFailed' &&
  err.reasons[0].item?.homeRegion === claim.homeRegion &&
  err.reasons[0].item?.version !== claim.version;
