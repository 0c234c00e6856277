import type { workflowTasks } from '../functions/catalog.ts';

/**
 * The claim workflow's contract, apart from its definition (claim-lifecycle.ts): the state names
 * (the local Step Functions service keys its overrides by them, the console draws the graph from
 * them), the catalog task each Task state invokes, the task-token states, the notify templates, the
 * errors and the timing.
 */

export type WorkflowTaskKey = keyof typeof workflowTasks;

/** Seconds the workflow waits at each step; infra/config.ts `workflow` section has this shape. */
export interface ClaimLifecycleTiming {
  readonly reviewTimeoutSeconds: number;
  readonly managerReviewTimeoutSeconds: number;
  readonly reviewReminders: number;
  readonly reviewOverdueTimeoutSeconds: number;
  readonly restockTimeoutSeconds: number;
  readonly repairReminderAfterSeconds: number;
  readonly repairReminders: number;
  readonly repairFinalTimeoutSeconds: number;
  readonly surveyReminderAfterSeconds: number;
  /** From the repair to the maintenance reminder (its own workflow, started by CloseClaim). */
  readonly maintenanceReminderAfterSeconds: number;
  readonly taskTimeoutSeconds: number;
}

export const CLAIM_LIFECYCLE_STATES = {
  notifyReceived: 'NotifyReceived',
  adjudicate: 'Adjudicate',
  routeDecision: 'RouteDecision',
  notifyRejection: 'NotifyRejection',
  claimRejected: 'ClaimRejected',
  awaitReview: 'AwaitReview',
  escalateReview: 'EscalateReview',
  awaitManagerReview: 'AwaitManagerReview',
  remindReview: 'RemindReview',
  moreReviewReminders: 'MoreReviewReminders',
  awaitReviewOverdue: 'AwaitReviewOverdue',
  routeReview: 'RouteReview',
  allocateParts: 'AllocateParts',
  partsBackordered: 'PartsBackordered',
  notifyWaitingForParts: 'NotifyWaitingForParts',
  awaitRestock: 'AwaitRestock',
  assignTechnician: 'AssignTechnician',
  notifyAppointment: 'NotifyAppointment',
  awaitRepair: 'AwaitRepair',
  remindRepair: 'RemindRepair',
  moreRepairReminders: 'MoreRepairReminders',
  awaitRepairFinal: 'AwaitRepairFinal',
  settleClaim: 'SettleClaim',
  notifyCompletion: 'NotifyCompletion',
  waitForSurveyAnswer: 'WaitForSurveyAnswer',
  remindSurvey: 'RemindSurvey',
  closeClaim: 'CloseClaim',
  compensate: 'Compensate',
  notifyClaimEnded: 'NotifyClaimEnded',
  claimFailed: 'ClaimFailed',
  compensationFailed: 'CompensationFailed',
  handedOver: 'HandedOver',
} as const;

export type ClaimLifecycleState = (typeof CLAIM_LIFECYCLE_STATES)[keyof typeof CLAIM_LIFECYCLE_STATES];

const S = CLAIM_LIFECYCLE_STATES;

/** Every Task state and the catalog task (functions/catalog.ts `workflowTasks`) it invokes. */
export const CLAIM_LIFECYCLE_TASKS = {
  [S.notifyReceived]: 'notifyCustomer',
  [S.adjudicate]: 'adjudicate',
  [S.notifyRejection]: 'notifyCustomer',
  [S.awaitReview]: 'awaitReview',
  [S.escalateReview]: 'escalateReview',
  [S.awaitManagerReview]: 'awaitReview',
  [S.remindReview]: 'remindReview',
  [S.awaitReviewOverdue]: 'awaitReview',
  [S.allocateParts]: 'allocateParts',
  [S.notifyWaitingForParts]: 'notifyCustomer',
  [S.awaitRestock]: 'awaitRestock',
  [S.assignTechnician]: 'assignTechnician',
  [S.notifyAppointment]: 'notifyCustomer',
  [S.awaitRepair]: 'awaitRepair',
  [S.remindRepair]: 'remindRepair',
  [S.awaitRepairFinal]: 'awaitRepair',
  [S.settleClaim]: 'settleClaim',
  [S.notifyCompletion]: 'notifyCustomer',
  [S.remindSurvey]: 'notifyCustomer',
  [S.closeClaim]: 'closeClaim',
  [S.compensate]: 'releaseReservations',
  [S.notifyClaimEnded]: 'notifyCustomer',
} as const satisfies Partial<Record<ClaimLifecycleState, WorkflowTaskKey>>;

/** The `.waitForTaskToken` states: each parks the claim until SendTaskSuccess/SendTaskFailure. */
export const TASK_TOKEN_STATES = [
  S.awaitReview,
  S.awaitManagerReview,
  S.awaitReviewOverdue,
  S.awaitRestock,
  S.awaitRepair,
  S.awaitRepairFinal,
] as const;

/** The email template each notify-customer state asks for. */
export const NOTIFY_TEMPLATES = {
  [S.notifyReceived]: 'received',
  [S.notifyRejection]: 'decision',
  [S.notifyAppointment]: 'appointment',
  [S.notifyCompletion]: 'repair-done',
  [S.remindSurvey]: 'survey-reminder',
  [S.notifyWaitingForParts]: 'waiting-for-parts',
  // Cancelled or failed: the step tells them apart by the error that ended the claim.
  [S.notifyClaimEnded]: 'claim-ended',
} as const;

/** The error of every failed claim execution (the Fail state ClaimFailed). */
export const CLAIM_FAILED_ERROR = 'ClaimWorkflowFailed';
/** The error when compensation itself failed: something may still be reserved, an operator must look. */
export const COMPENSATION_FAILED_ERROR = 'ClaimCompensationFailed';
/**
 * The error to send with SendTaskFailure to end a claim that waits on a task token (a cancellation).
 * Never retried; after reservations it goes through Compensate.
 */
export const CLAIM_CANCELLED_ERROR = 'ClaimCancelled';
