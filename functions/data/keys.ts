/**
 * Keys of every item type in the global table, in one place (see docs/ARCHITECTURE.md for the
 * access patterns). Repositories and the seed build keys only through these functions.
 */
import type { Key } from './guarded-table.ts';

export const keys = {
  ownerRecord: (homeRegion: string): Key => ({ pk: `REGION#${homeRegion}`, sk: 'OWNER' }),
  partner: (partnerId: string): Key => ({ pk: `PARTNER#${partnerId}`, sk: 'PROFILE' }),
  apiKey: (sha256Hex: string): Key => ({ pk: `APIKEY#${sha256Hex}`, sk: 'APIKEY' }),
  technician: (centreId: string, technicianId: string): Key => ({
    pk: `CENTRE#${centreId}`,
    sk: `TECH#${technicianId}`,
  }),
  booking: (technicianId: string, startIso: string): Key => ({
    pk: `TECHBOOKINGS#${technicianId}`,
    sk: `SLOT#${startIso}`,
  }),
  vehicle: (vin: string): Key => ({ pk: `VEHICLE#${vin}`, sk: 'VEHICLE' }),
  part: (partNumber: string): Key => ({ pk: `PART#${partNumber}`, sk: 'PART' }),
  laborOperation: (code: string): Key => ({ pk: `LABOROP#${code}`, sk: 'LABOROP' }),
  warehouse: (warehouseId: string): Key => ({ pk: `WAREHOUSE#${warehouseId}`, sk: 'WAREHOUSE' }),
  stock: (warehouseId: string, partNumber: string): Key => ({
    pk: `WAREHOUSE#${warehouseId}`,
    sk: `STOCK#${partNumber}`,
  }),
  claim: (claimId: string): Key => ({ pk: `CLAIM#${claimId}`, sk: 'CLAIM' }),
  claimEvent: (claimId: string, at: string, seq: number): Key => ({
    pk: `CLAIM#${claimId}`,
    sk: `EVENT#${at}#${String(seq).padStart(4, '0')}`,
  }),
  /** Written last by the demo seed; its presence means the seed is complete. */
  seedMarker: (name: string): Key => ({ pk: 'SEED', sk: name }),
};

/** Index attributes per item type: which GSI an item appears in, and under which keys. */
export const indexKeys = {
  claimByPartner: (partnerId: string, filedAt: string, claimId: string) => ({
    gsi1pk: `PARTNER#${partnerId}`,
    gsi1sk: `CLAIM#${filedAt}#${claimId}`,
  }),
  claimByStatus: (homeRegion: string, status: string, updatedAt: string, claimId: string) => ({
    gsi2pk: `STATUS#${homeRegion}#${status}`,
    gsi2sk: `${updatedAt}#${claimId}`,
  }),
  claimByVin: (vin: string, filedAt: string, claimId: string) => ({
    gsi3pk: `VIN#${vin}`,
    gsi3sk: `CLAIM#${filedAt}#${claimId}`,
  }),
  stockByPart: (partNumber: string, region: string, warehouseId: string) => ({
    gsi4pk: `PART#${partNumber}`,
    gsi4sk: `${region}#${warehouseId}`,
  }),
};
