import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClaimIdSchema,
  claimIdTime,
  homeRegionOfClaimId,
  isClaimId,
  newClaimId,
} from '../../domain/claim-id.ts';

const now = new Date('2026-01-02T03:04:05.678Z');

describe('claim ids', () => {
  it('carry the home region: CLM-<region>-<26 Crockford base32 characters>', () => {
    // Act
    const id = newClaimId('ap-south-1', now, () => 0);
    // Assess
    expect(id).toMatch(/^CLM-ap-south-1-[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(homeRegionOfClaimId(id)).toBe('ap-south-1');
    expect(ClaimIdSchema.safeParse(id).success).toBe(true);
  });

  it('round-trip region and time for every region and instant (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ap-south-1', 'eu-central-1', 'ap-northeast-1', 'us-gov-west-1'),
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
        (region, ms, randoms) => {
          let i = 0;
          const id = newClaimId(region, new Date(ms), () => randoms[i++ % randoms.length] ?? 0);
          expect(homeRegionOfClaimId(id)).toBe(region);
          expect(claimIdTime(id)?.getTime()).toBe(ms);
          expect(isClaimId(id)).toBe(true);
        },
      ),
    );
  });

  it('sort by filing time within a region', () => {
    // Prepare
    const times = [0, 1, 31, 32, 1_000, 1_700_000_000_000, 1_700_000_000_001, 2 ** 48 - 1];
    // Act
    const ids = times.map((ms) => newClaimId('eu-central-1', new Date(ms), () => 0.999));
    // Assess
    expect([...ids].sort()).toEqual(ids);
  });

  it('differ when the random source differs at the same millisecond', () => {
    expect(newClaimId('ap-south-1', now, () => 0.1)).not.toBe(newClaimId('ap-south-1', now, () => 0.2));
  });

  it.each([
    'CLM-ap-south-1',
    'CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S',
    'CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7SU',
    'CLM-ap-south-1-81JD3ZQ6T8X1V9K2M4N5P6R7S8',
    'CLM-AP-SOUTH-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8',
    'XYZ-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8',
    '',
  ])('recognise %j as malformed', (id) => {
    expect(homeRegionOfClaimId(id)).toBeUndefined();
    expect(ClaimIdSchema.safeParse(id).success).toBe(false);
  });

  it('refuse to mint an id for a string that is not a region', () => {
    expect(() => newClaimId('Nepal', now, Math.random)).toThrow(RangeError);
  });
});
