import { camelWords } from '../format.ts';
import type { ExecutionStep } from '../types.ts';

/**
 * The execution history in the claim's words: one line per step the workflow took, what it was
 * doing (or did), and how it ended, instead of Step Functions' event types.
 */

/** [while it runs, once done] */
const STATE_WORDS: Record<string, [string, string]> = {
  NotifyReceived: ['Emailing the customer that the claim arrived', 'Customer told the claim arrived'],
  Adjudicate: ['Deciding: approve automatically, review or reject', 'Claim adjudicated'],
  AwaitReview: ['Waiting for a reviewer', 'Reviewer decided'],
  EscalateReview: ['Escalating the review to a manager', 'Review escalated to a manager'],
  AwaitManagerReview: ['Waiting for a manager to review', 'Manager decided'],
  RemindReview: ['Reminding of the unanswered review', 'Review reminder recorded'],
  AwaitReviewOverdue: ['Waiting, overdue, for a manager to review', 'Manager decided'],
  NotifyRejection: ['Emailing the rejection', 'Customer told of the rejection'],
  ClaimRejected: ['Claim rejected', 'Claim rejected'],
  // PrepareRepair and PartsReserved: in the histories of executions started before the technician
  // was booked after the parts (issue 16).
  PrepareRepair: ['Preparing the repair: parts and technician', 'Parts and technician arranged'],
  AllocateParts: ['Reserving parts', 'Parts allocated'],
  AwaitRestock: ['Waiting for a restock (parts backordered)', 'Restocked: allocating again'],
  PartsReserved: ['Parts reserved', 'Parts reserved'],
  AssignTechnician: ['Booking a technician and scheduling the repair', 'Repair scheduled'],
  // CheckCoverage, RecordRepair, WaitBeforeSurvey, SendSurvey, NotifyApproval and ConfirmAppointment:
  // in the histories of executions started before coverage was checked by Adjudicate, the repair
  // recorded by SettleClaim, the survey asked in the repair-done email, an approval went straight to
  // the parts and the booking scheduled the repair itself (issue 18).
  CheckCoverage: ['Checking warranty coverage', 'Warranty coverage checked'],
  RecordRepair: ['Recording the repair', 'Repair recorded'],
  WaitBeforeSurvey: ['Waiting before the satisfaction survey', 'Survey is due'],
  SendSurvey: ['Sending the satisfaction survey', 'Survey sent'],
  NotifyApproval: ['Emailing the approval', 'Customer told of the approval'],
  ConfirmAppointment: ['Confirming the appointment', 'Appointment confirmed'],
  NotifyAppointment: ['Emailing the appointment', 'Customer told of the appointment'],
  AwaitRepair: ['Waiting for the partner to report the repair', 'Repair reported by the partner'],
  RemindRepair: ['Reminding the partner of the repair', 'Partner reminded of the repair'],
  AwaitRepairFinal: ['Waiting for the repair (no reminders left)', 'Repair reported by the partner'],
  SettleClaim: ['Recording the repair and settling with the partner', 'Repair recorded and settled'],
  NotifyCompletion: ['Emailing that the repair is done', 'Customer told the repair is done'],
  WaitForSurveyAnswer: ['Waiting for the survey answer', 'Survey wait over'],
  RemindSurvey: ['Reminding about the survey', 'Survey reminder handled'],
  CloseClaim: ['Closing the claim', 'Claim closed'],
  // Closed: in the histories of executions started before the execution ended in CloseClaim (issue 18).
  Closed: ['Done', 'Done'],
  Compensate: ['Releasing the parts and technician slot', 'Parts and slot released'],
  NotifyClaimEnded: ['Emailing that the claim ended', 'Customer told the claim ended'],
  NotifyWaitingForParts: ['Emailing that the repair waits for parts', 'Customer told of the wait for parts'],
  ClaimFailed: ['The workflow failed', 'The workflow failed'],
  CompensationFailed: ['Compensation failed: an operator must look', 'Compensation failed'],
  HandedOver: ['Handed over to another region', 'Handed over to another region'],
};

export const stateWords = (state: string, done: boolean) =>
  STATE_WORDS[state]?.[done ? 1 : 0] ?? camelWords(state);

export type Outcome = 'done' | 'running' | 'failed' | 'stopped';

export interface HistoryItem {
  id: number;
  at: string;
  state?: string;
  text: string;
  outcome: Outcome;
  endedAt?: string;
  detail?: string;
}

/** Choice states only route: the step before and after already say what happened. */
const QUIET_TYPES = /^(Choice|Pass)State/;

export function historyItems(events: ExecutionStep[], status?: string): HistoryItem[] {
  const items: HistoryItem[] = [];
  const open: HistoryItem[] = [];
  let finished = status ? status !== 'RUNNING' : false;
  for (const ev of [...events].sort((a, b) => a.id - b.id)) {
    if (ev.type === 'ExecutionStarted') {
      items.push({ id: ev.id, at: ev.at, text: 'Workflow started', outcome: 'done' });
    } else if (/^Execution(Succeeded|Failed|Aborted|TimedOut)$/.test(ev.type)) {
      finished = true;
      const how = ev.type.replace('Execution', '');
      items.push({
        id: ev.id,
        at: ev.at,
        text:
          how === 'Succeeded'
            ? 'Workflow finished'
            : how === 'Failed'
              ? 'Workflow failed'
              : how === 'Aborted'
                ? 'Workflow stopped'
                : 'Workflow timed out',
        outcome: how === 'Succeeded' ? 'done' : 'failed',
        ...(ev.error || ev.cause ? { detail: [ev.error, ev.cause].filter(Boolean).join(': ') } : {}),
      });
    } else if (ev.type.endsWith('StateEntered') && ev.state) {
      const item: HistoryItem = { id: ev.id, at: ev.at, state: ev.state, text: '', outcome: 'running' };
      open.push(item);
      if (!QUIET_TYPES.test(ev.type)) items.push(item);
    } else if (ev.type.endsWith('StateExited') && ev.state) {
      const i = open.map((o) => o.state).lastIndexOf(ev.state);
      if (i >= 0) {
        const item = open.splice(i, 1)[0]!;
        item.endedAt = ev.at;
        if (item.outcome === 'running') item.outcome = 'done';
      }
    } else if (/(Failed|TimedOut)$/.test(ev.type)) {
      const item = open.at(-1);
      if (item) {
        item.outcome = 'failed';
        item.detail = ev.type.endsWith('TimedOut')
          ? 'timed out'
          : [ev.error, ev.cause].filter(Boolean).join(': ') || 'failed';
      }
    } else if (/^(TaskSucceeded|LambdaFunctionSucceeded)$/.test(ev.type)) {
      const item = open.at(-1);
      if (item && item.outcome === 'failed') {
        item.outcome = 'running';
        item.detail = 'retried';
      }
    }
  }
  for (const item of open) if (finished && item.outcome === 'running') item.outcome = 'stopped';
  for (const item of items)
    if (item.state) {
      const failedState = item.state === 'ClaimFailed' || item.state === 'CompensationFailed';
      item.text = stateWords(item.state, item.outcome === 'done');
      if (failedState) item.outcome = 'failed';
      else if (item.outcome === 'failed') item.text = `${stateWords(item.state, false)}: failed`;
    }
  return items;
}
