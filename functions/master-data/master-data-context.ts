import type { AuditActor } from '../../domain/master-data/audit.ts';
import type { MasterDataStore } from '../data/master-data-store.ts';

/**
 * What the master-data operations need, given to them rather than imported: the back-office
 * handlers build it from the Lambda's environment (`live.ts`), the demo seed from the local
 * runtime's tables, so both go through the same rules and the same writes.
 */
export interface MasterDataContext {
  readonly store: MasterDataStore;
  readonly now: () => Date;
  /** The deployment's export regions. */
  readonly regions: readonly string[];
  /** Where the catalogue, labour operations, warranty plans and markets are written. */
  readonly primaryRegion: string;
  /** Markets of the deployment's config → the region that serves each. */
  readonly configuredMarkets: ReadonlyMap<string, string>;
  /** A new key id, `key-<lower-case letters and digits>`, for a key of this partner. */
  readonly newKeyId: (partnerId: string) => string;
  /** The secret of a new API key (`cfk_` + 32 base64url characters); shown once, never stored. */
  readonly newKeySecret: (partnerId: string, keyId: string) => string;
}

export type Actor = AuditActor;

/** The actor of a request made by a member of staff. */
export const staffActor = (staff: { email: string; role: string }): Actor => ({
  kind: 'staff',
  id: staff.email,
  role: staff.role,
});

export const today = (ctx: Pick<MasterDataContext, 'now'>): string => ctx.now().toISOString().slice(0, 10);
