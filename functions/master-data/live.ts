import { randomBytes } from 'node:crypto';
import { API_KEY_PREFIX } from '../../domain/master-data/api-keys.ts';
import type { Clock } from '../../domain/ports.ts';
import type { GuardedTable } from '../data/guarded-table.ts';
import { MasterDataStore } from '../data/master-data-store.ts';
import type { MasterDataContext } from './master-data-context.ts';

/** Time first (base 36), then 64 random bits: unique, and roughly in the order made. */
export const newId = () => `${Date.now().toString(36)}${randomBytes(8).toString('hex')}`;

/** The master-data context of a Lambda container (shared/adapters.ts): its tables, real randomness. */
export function liveMasterData(deps: {
  writerFor: (homeRegion: string) => Promise<GuardedTable>;
  local: GuardedTable;
  clock: Clock;
  regions: readonly string[];
  primaryRegion: string;
  marketRegions: ReadonlyMap<string, string>;
}): MasterDataContext {
  return {
    store: new MasterDataStore({
      writerFor: deps.writerFor,
      local: deps.local,
      regions: deps.regions,
      newId,
    }),
    now: () => deps.clock.now(),
    regions: deps.regions,
    primaryRegion: deps.primaryRegion,
    configuredMarkets: deps.marketRegions,
    newKeyId: () => `key-${newId()}`,
    // 24 random bytes: 32 base64url characters, 192 bits.
    newKeySecret: () => `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`,
  };
}
