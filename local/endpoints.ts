import type { DemoSummary } from './seed/seed.ts';

/**
 * What `.claimflow/endpoints.json` says (DESIGN §6): a contract for scripts and tests outside the
 * project, like the API. Later parts add keys, never rename them.
 */

export interface RegionEndpoints {
  /** The partner API v1 of this region (ends in `/`: `${partnerApi}v1/claims`). */
  partnerApi: string;
  dynamodb: string;
  sfn: string;
  ses: string;
  /** The back-office API v1 of this region (ends in `/`: `${backofficeApi}backoffice/v1/claims`). */
  backofficeApi: string;
}

export interface Endpoints {
  regions: Record<string, RegionEndpoints>;
  /** Control of the simulated network between regions: GET for its state, POST to change it. */
  network: string;
  /** The local email outbox: GET `outbox?claimId=…` lists what was sent. */
  outbox: string;
  /** The ClaimLifecycle state machine's ARN per region. */
  stateMachines: Record<string, string>;
  /** The MaintenanceReminder state machine's ARN per region (the runbook moves waiting reminders). */
  maintenanceReminders: Record<string, string>;
  /** The configured delay from a repair to its maintenance reminder (the runbook's fallback when a region is down). */
  maintenanceReminderAfterSeconds: number;
  timeScale: number;
  partners: { partnerId: string; name: string; market: string; region: string; apiKey: string }[];
  demo: DemoSummary['demo'];
  /** The back-office console (served by the primary region's gateway; `config.json` beside it). */
  console: string;
  /**
   * The back-office API: its URL per region, the local identity provider (`POST <identity>/login`,
   * `GET <identity>/.well-known/jwks.json`) and the local staff users with their passwords and a
   * ready ID token each.
   */
  backoffice: {
    urls: Record<string, string>;
    identity: string;
    users: {
      email: string;
      role: string;
      approvalLimits?: Readonly<Record<string, number>>;
      password: string;
      token: string;
    }[];
  };
}
