import { type Claim, type ClaimSubmission, receiveClaim } from '../../../domain/claim.ts';
import { newClaimId } from '../../../domain/claim-id.ts';
import { money } from '../../../domain/money.ts';
import type { LaborOperation, Part } from '../../../domain/part.ts';
import type { Partner, ServiceCentre, WorkingHours } from '../../../domain/partner.ts';
import type { Technician } from '../../../domain/technician.ts';
import type { Vehicle } from '../../../domain/vehicle.ts';
import { makeVin } from '../../../domain/vin.ts';

/** Deterministic builders for unit tests: valid by default, overridable field by field. */

export const VIN = makeVin('MA3FB32SR1', 1);

const weekdays8to17: WorkingHours = {
  sun: 'closed',
  mon: { open: '08:00', close: '17:00' },
  tue: { open: '08:00', close: '17:00' },
  wed: { open: '08:00', close: '17:00' },
  thu: { open: '08:00', close: '17:00' },
  fri: { open: '08:00', close: '17:00' },
  sat: 'closed',
};

export const aCentre = (over: Partial<ServiceCentre> = {}): ServiceCentre => ({
  centreId: 'KTM-1',
  name: 'Kathmandu Service Centre',
  address: 'Tripureshwor, Kathmandu',
  phone: '+977 1 4100000',
  timeZone: 'Asia/Kathmandu',
  workingHours: weekdays8to17,
  ...over,
});

export const aPartner = (over: Partial<Partner> = {}): Partner => ({
  partnerId: 'np-himalaya-motors',
  name: 'Himalaya Motors',
  market: 'NP',
  homeRegion: 'ap-south-1',
  currency: 'NPR',
  laborRate: money(150000, 'NPR'),
  autoApprovalLimit: money(50_000_00, 'NPR'),
  tier: 'standard',
  serviceCentres: [aCentre()],
  ...over,
});

export const aVehicle = (over: Partial<Vehicle> = {}): Vehicle => ({
  vin: VIN,
  model: 'Crossline 1.5',
  modelYear: 2023,
  deliveryDate: '2023-03-15',
  market: 'NP',
  warrantyPlan: 'standard',
  powertrain: 'ICE',
  homeRegion: 'ap-south-1',
  ...over,
});

export const aPart = (over: Partial<Part> = {}): Part => ({
  partNumber: 'ALT-1001',
  name: 'Alternator',
  category: 'electrical',
  prices: { NPR: 2_500_000, JPY: 24_000, KZT: 9_500_000 },
  ...over,
});

export const aLaborOperation = (over: Partial<LaborOperation> = {}): LaborOperation => ({
  code: 'EL-ALT-R',
  description: 'Replace alternator',
  hours: 1.5,
  skill: 'electrical',
  ...over,
});

export const aSubmission = (over: Partial<ClaimSubmission> = {}): ClaimSubmission => ({
  vin: VIN,
  odometerKm: 42_000,
  failureDate: '2025-01-10',
  repairOrderNumber: 'RO-2025-0001',
  customer: { name: 'Sita Sharma', email: 'sita@example.com', language: 'ne' },
  complaint: 'Battery warning light on, car does not start in the morning',
  faultCodes: ['P0562'],
  lines: [{ partNumber: 'ALT-1001', quantity: 1, laborOperation: 'EL-ALT-R', laborHours: 1.5 }],
  ...over,
});

export const FILED_AT = new Date('2025-01-15T06:00:00Z');

export const aClaim = (over: Partial<Claim> = {}, submission: Partial<ClaimSubmission> = {}): Claim => ({
  ...receiveClaim({
    claimId: newClaimId('ap-south-1', FILED_AT, () => 0.5),
    partner: aPartner(),
    centreId: 'KTM-1',
    submission: aSubmission(submission),
    region: 'ap-south-1',
    at: FILED_AT,
  }),
  ...over,
});

export const aTechnician = (over: Partial<Technician> = {}): Technician => ({
  technicianId: 'tech-ram',
  name: 'Ram Thapa',
  centreId: 'KTM-1',
  partnerId: 'np-himalaya-motors',
  homeRegion: 'ap-south-1',
  skills: ['general'],
  ...over,
});
