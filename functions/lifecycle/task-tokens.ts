import { InvalidToken, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import type { TokenKind } from '../data/regional-store.ts';
import { sfnIn } from '../shared/clients.ts';
import { regionalIn } from '../shared/context.ts';

/**
 * Resumes a claim's execution waiting at a `.waitForTaskToken` state. The token lives in the
 * claim's home region (regional table, never replicated) and is answered to that region's Step
 * Functions. Returns false when nothing was waiting (no token, or the task already ended).
 */
export async function resumeClaim(claimId: string, kind: TokenKind, output: unknown): Promise<boolean> {
  const region = homeRegionOfClaimId(claimId);
  if (!region) throw new Error(`not a claim id: ${claimId}`);
  const store = regionalIn(region);
  const token = await store.taskToken(claimId, kind);
  if (!token) return false;
  try {
    await sfnIn(region).send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output ?? {}) }),
    );
  } catch (err) {
    if (err instanceof TaskDoesNotExist || err instanceof TaskTimedOut || err instanceof InvalidToken) {
      await store.deleteTaskToken(claimId, kind);
      return false;
    }
    throw err;
  }
  await store.deleteTaskToken(claimId, kind);
  return true;
}
