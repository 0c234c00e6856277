import * as z from 'zod/mini';
import type { Region } from './region.ts';

/**
 * Claim ids carry their home region so any region can route a request to the owner without a
 * lookup: `CLM-<region>-<ULID>`. The ULID part (https://github.com/ulid/spec) is 10 Crockford
 * base32 characters of milliseconds since the epoch followed by 16 of randomness, so ids of one
 * region sort by filing time.
 */

export type ClaimId = string;

const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_LENGTH = 10;
const RANDOM_LENGTH = 16;
const MAX_TIME_MS = 2 ** 48 - 1;

// The first ULID character is at most 7: 48 bits of time fill 10 base32 characters less 2 bits.
const CLAIM_ID = /^CLM-([a-z]{2}(?:-gov)?-[a-z]+-\d)-([0-7][0-9A-HJKMNP-TV-Z]{25})$/;

function encodeTime(ms: number): string {
  let rest = ms;
  let text = '';
  for (let i = 0; i < TIME_LENGTH; i++) {
    text = CROCKFORD_BASE32[rest % 32] + text;
    rest = Math.floor(rest / 32);
  }
  return text;
}

function encodeRandom(random: () => number): string {
  let text = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) {
    // min() guards a source that returns 1.0, which Math.random never does but a test double may.
    text += CROCKFORD_BASE32[Math.min(31, Math.floor(random() * 32))];
  }
  return text;
}

/** A new claim id for a claim owned by `region`, time-stamped with `now`. */
export function newClaimId(region: Region, now: Date, random: () => number): ClaimId {
  const ms = now.getTime();
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIME_MS)
    throw new RangeError(`cannot stamp a claim id with ${now}`);
  const id = `CLM-${region}-${encodeTime(ms)}${encodeRandom(random)}`;
  if (!CLAIM_ID.test(id)) throw new RangeError(`${JSON.stringify(region)} is not an AWS region name`);
  return id;
}

/** The home region a claim id names, or undefined if `id` is not a claim id. */
export function homeRegionOfClaimId(id: string): Region | undefined {
  return CLAIM_ID.exec(id)?.[1];
}

/** When the claim id was minted (its ULID time), or undefined if `id` is not a claim id. */
export function claimIdTime(id: string): Date | undefined {
  const ulid = CLAIM_ID.exec(id)?.[2];
  if (!ulid) return undefined;
  let ms = 0;
  for (const c of ulid.slice(0, TIME_LENGTH)) ms = ms * 32 + CROCKFORD_BASE32.indexOf(c);
  return new Date(ms);
}

export const isClaimId = (id: unknown): id is ClaimId => typeof id === 'string' && CLAIM_ID.test(id);

export const ClaimIdSchema = /* @__PURE__ */ (() =>
  z
    .string()
    .check(z.regex(CLAIM_ID, 'must be a claim id such as CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8')))();
