import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Task tokens name the task they belong to: the execution, the state and which entry into that
 * state (1 for the first, 2 for a retry or a loop back, …), signed with a secret kept in the
 * execution's record. So the same task gets the same token when an execution is resumed after a
 * restart (it is replayed from its start and re-enters its states in the same order), a token
 * issued before the restart stays answerable, and nobody can forge a token for another task.
 */

export interface TaskAddress {
  executionArn: string;
  stateName: string;
  entry: number;
}

export function issueTaskToken(secret: string, address: TaskAddress): string {
  const body = Buffer.from(JSON.stringify([address.executionArn, address.stateName, address.entry])).toString(
    'base64url',
  );
  return `${body}.${signature(secret, body)}`;
}

/** The address a token claims, or undefined when it is not one of ours (the API's InvalidToken). */
export function readTaskToken(token: string): TaskAddress | undefined {
  const [body, mac, ...rest] = token.split('.');
  if (!body || !mac || rest.length > 0) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 3) return undefined;
    const [executionArn, stateName, entry] = decoded;
    if (typeof executionArn !== 'string' || typeof stateName !== 'string' || !Number.isInteger(entry))
      return undefined;
    return { executionArn, stateName, entry };
  } catch {
    return undefined;
  }
}

export function isTaskTokenSignedBy(secret: string, token: string): boolean {
  const [body = '', mac = ''] = token.split('.');
  const expected = Buffer.from(signature(secret, body));
  const actual = Buffer.from(mac);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export const taskKey = (stateName: string, entry: number): string => `${stateName}#${entry}`;

const signature = (secret: string, body: string): string =>
  createHmac('sha256', secret).update(body).digest('base64url').slice(0, 32);
