import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Leases, OnceRecords, WaitKind } from '../../domain/ports.ts';

/**
 * The per-region table `claimflow-regional`: what must never replicate. Task tokens (a token is
 * only valid in the region whose Step Functions issued it), dedupe records, idempotency keys.
 * Items expire through DynamoDB TTL (`expiresAt`, epoch seconds).
 */
const DAY_S = 86_400;

export class RegionalStore implements Leases, OnceRecords {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  private expiresIn = (days: number) => Math.floor(Date.now() / 1000) + days * DAY_S;

  async putTaskToken(
    claimId: string,
    kind: WaitKind,
    taskToken: string,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `CLAIM#${claimId}`,
          sk: `TOKEN#${kind}`,
          taskToken,
          storedAt: new Date().toISOString(),
          ...detail,
          expiresAt: this.expiresIn(400),
        },
      }),
    );
  }

  async taskToken(claimId: string, kind: WaitKind): Promise<string | undefined> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `CLAIM#${claimId}`, sk: `TOKEN#${kind}` },
        ConsistentRead: true,
      }),
    );
    return res.Item?.taskToken as string | undefined;
  }

  async deleteTaskToken(claimId: string, kind: WaitKind): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: `CLAIM#${claimId}`, sk: `TOKEN#${kind}` } }),
    );
  }

  /**
   * Records `key` once: true the first time, false ever after (until it expires). Written before
   * the side effect it guards (an email), so a retry never repeats the effect.
   */
  async recordOnce(key: string, detail: Record<string, unknown>, days: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `ONCE#${key}`,
            sk: 'ONCE',
            at: new Date().toISOString(),
            ...detail,
            expiresAt: this.expiresIn(days),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw err;
    }
  }

  /** What the first `recordOnce(key, detail)` recorded. */
  async readOnce(key: string): Promise<Record<string, unknown> | undefined> {
    return this.get({ pk: `ONCE#${key}`, sk: 'ONCE' });
  }

  /**
   * Runs `fn` while holding a short lease on `name` in this region (a lock item whose lease
   * expires, so a crashed holder blocks others for at most `leaseMs`). Used to serialize work
   * whose rule is "earliest first", such as booking a centre's next free slot.
   */
  async withLease<T>(name: string, fn: () => Promise<T>, leaseMs = 10_000, waitMs = 60_000): Promise<T> {
    const key = { pk: `LEASE#${name}`, sk: 'LEASE' };
    const owner = `${process.pid}-${Math.random().toString(36).slice(2)}`;
    const deadline = Date.now() + waitMs;
    for (let attempt = 0; ; attempt++) {
      const now = Date.now();
      // Look before taking: waiters read (cheap) and only try the conditional write when the
      // lease is free or expired, so a crowd of waiters does not flood the table with writes.
      const held = await this.get(key);
      if (!held || Number(held.leaseUntil) < now) {
        try {
          await this.doc.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { ...key, owner, leaseUntil: now + leaseMs, expiresAt: this.expiresIn(1) },
              ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
              ExpressionAttributeValues: { ':now': now },
            }),
          );
          break;
        } catch (err) {
          if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
        }
      }
      if (Date.now() > deadline) throw new Error(`lease ${name} not acquired within ${waitMs} ms`);
      // Exponential backoff with full jitter.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(500, 10 * 2 ** Math.min(attempt, 6))));
    }
    try {
      return await fn();
    } finally {
      await this.doc
        .send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: key,
            ConditionExpression: '#o = :o',
            ExpressionAttributeNames: { '#o': 'owner' },
            ExpressionAttributeValues: { ':o': owner },
          }),
        )
        .catch(() => undefined); // lost the lease by expiry: the next holder owns the item now
    }
  }

  private async get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return res.Item;
  }
}
