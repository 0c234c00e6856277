import type { Claim } from '../../domain/claim.ts';
import type { MailCentre } from '../../functions/mail/templates.ts';

/** A claim as the workflow leaves it after an approval with an appointment: the base of mail tests. */
export function mailClaim(overrides: Partial<Claim> = {}): Claim {
  return {
    claimId: 'CLM-ap-south-1-01JQ8ZK3M4N5P6Q7R8S9T0V1W2',
    partnerId: 'np-himalayan-motors',
    centreId: 'np-himalayan-motors-c1',
    homeRegion: 'ap-south-1',
    market: 'NP',
    vin: 'MA3FB31S0N0100001',
    odometerKm: 28_400,
    failureDate: '2026-03-10',
    filedAt: '2026-03-12T05:00:00.000Z',
    repairOrderNumber: 'RO-1001',
    customer: {
      name: 'Sita Sharma',
      email: 'sita.sharma@example.com',
      language: 'ne',
      consent: { followUpEmails: true, survey: true },
    },
    complaint: 'Grinding noise when braking',
    faultCodes: ['C1234'],
    lines: [
      {
        lineNo: 1,
        partNumber: 'BRK-CALIPER-10',
        quantity: 1,
        laborOperation: 'BRK-R10',
        laborHours: 1.2,
        category: 'brakes',
        decision: 'COVERED',
        reasons: [],
      },
    ],
    status: 'SCHEDULED',
    reasons: [],
    events: [],
    version: 4,
    createdAt: '2026-03-12T05:00:00.000Z',
    updatedAt: '2026-03-12T06:00:00.000Z',
    // 04:15 UTC is 10:00 in Kathmandu (UTC+05:45).
    appointment: {
      technicianId: 'np-himalayan-motors-c1-t1',
      centreId: 'np-himalayan-motors-c1',
      start: '2026-03-18T04:15:00.000Z',
      end: '2026-03-18T05:45:00.000Z',
    },
    amounts: { approved: { amountMinor: 2_480_050, currency: 'NPR' } },
    ...overrides,
  };
}

export const kathmanduCentre: MailCentre = {
  name: 'Himalayan Motors Service, Teku',
  address: 'Teku Road 14, Kathmandu 44600, Nepal',
  phone: '+977 1 4260 000',
  timeZone: 'Asia/Kathmandu',
};

export const withLanguage = (claim: Claim, language: Claim['customer']['language']): Claim => ({
  ...claim,
  customer: { ...claim.customer, language },
});
