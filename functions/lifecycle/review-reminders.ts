import { updateClaim } from '../data/claim-repository.ts';
import { claimsRepo, clock } from '../shared/context.ts';
import type { TaskInput } from '../shared/workflow-task.ts';

/**
 * A manager's review timed out again: one more reminder is recorded on the claim (the back office
 * lists the claim as overdue with it). `remindersBefore` is the count the workflow carried into
 * this state, so a retried task counts the same reminder once.
 */
export async function remindReview(
  input: TaskInput & { remindersBefore: number },
): Promise<{ reminders: number }> {
  const want = input.remindersBefore + 1;
  const saved = await updateClaim(claimsRepo(input.epoch), input.claimId, (c) => {
    if (c.status !== 'IN_REVIEW' || (c.reviewReminders ?? 0) >= want) return undefined;
    const now = clock.now().toISOString();
    return { ...c, reviewReminders: want, reviewRemindedAt: now, updatedAt: now };
  });
  return { reminders: Math.max(saved.reviewReminders ?? 0, want) };
}
