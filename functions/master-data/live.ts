import { randomBytes } from 'node:crypto';
import { API_KEY_PREFIX } from '../../domain/master-data/api-keys.ts';
import { MasterDataStore } from '../data/master-data-store.ts';
import { clock, globalTable, settings, writerFor } from '../shared/context.ts';
import type { MasterDataContext } from './master-data-context.ts';

/** The master-data context of a Lambda container: this region's tables, real randomness. */

/** Time first (base 36), then 64 random bits: unique, and roughly in the order made. */
export const newId = () => `${Date.now().toString(36)}${randomBytes(8).toString('hex')}`;

export const masterData: MasterDataContext = {
  store: new MasterDataStore({ writerFor, local: globalTable, regions: settings.regions, newId }),
  now: () => clock.now(),
  regions: settings.regions,
  primaryRegion: settings.primaryRegion,
  configuredMarkets: settings.marketRegions,
  newKeyId: () => `key-${newId()}`,
  // 24 random bytes: 32 base64url characters, 192 bits.
  newKeySecret: () => `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`,
};
