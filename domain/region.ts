import * as z from 'zod/mini';

/**
 * Single-writer ownership across export regions (DESIGN §3). Global tables resolve concurrent
 * writes last-writer-wins and conditions see only the local replica, so every item has one home
 * region and is written only by the region that currently holds the home region's owner record.
 * Normally that is the home region itself; a failover moves it elsewhere by bumping the epoch.
 */

export type Region = string;

export const AWS_REGION_NAME = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export const RegionSchema = /* @__PURE__ */ (() =>
  z.string().check(z.regex(AWS_REGION_NAME, 'must be an AWS region name such as ap-south-1')))();

/** Who may write the items whose home is `homeRegion`, and since which failover (`epoch`). */
export interface OwnerRecord {
  readonly homeRegion: Region;
  readonly writerRegion: Region;
  /** Starts at 1; every move of ownership adds one, so a writer holding an old epoch is refused. */
  readonly epoch: number;
}

export const OwnerRecordSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    homeRegion: RegionSchema,
    writerRegion: RegionSchema,
    epoch: z.int().check(z.gte(1)),
  }))();

export class ForeignRegionWriteError extends Error {
  constructor(
    /** The region that may write the item now. */
    readonly ownerRegion: Region,
    readonly writerRegion: Region,
    readonly itemKey: string,
  ) {
    super(
      `${itemKey} is owned by ${ownerRegion}; ${writerRegion} must not write it (send the write to ${ownerRegion})`,
    );
    this.name = 'ForeignRegionWriteError';
  }
}

export class StaleEpochError extends Error {
  constructor(
    readonly homeRegion: Region,
    readonly expectedEpoch: number,
    readonly actualEpoch: number,
  ) {
    super(
      `ownership of ${homeRegion} moved: the writer holds epoch ${expectedEpoch} but the owner record is at epoch ${actualEpoch}`,
    );
    this.name = 'StaleEpochError';
  }
}

/** The owner record a region starts with: it writes its own items, epoch 1. */
export const initialOwnerRecord = (homeRegion: Region): OwnerRecord => ({
  homeRegion,
  writerRegion: homeRegion,
  epoch: 1,
});

/**
 * The runbook's failover (and failback): `toRegion` becomes the writer of `owner.homeRegion`'s
 * items under the next epoch. Moving to the current writer is a no-op so a retried command does
 * not burn epochs.
 */
export function moveOwnership(owner: OwnerRecord, toRegion: Region): OwnerRecord {
  if (owner.writerRegion === toRegion) return owner;
  return { homeRegion: owner.homeRegion, writerRegion: toRegion, epoch: owner.epoch + 1 };
}

export interface WriteAttempt {
  /** Home region of the item being written (for a claim, the region in its id). */
  readonly itemHomeRegion: Region;
  /** The region executing the write. */
  readonly writerRegion: Region;
  /** The owner record of the item's home region, as read in the writer's region. */
  readonly owner: OwnerRecord;
  /** A human-readable key for the message, e.g. `CLAIM#CLM-ap-south-1-01J…`. */
  readonly itemKey: string;
  /**
   * The epoch the writer started under (e.g. the `-e<epoch>` of a workflow execution). When
   * given, a different current epoch means ownership moved in between and the write is refused.
   */
  readonly expectedEpoch?: number;
}

/**
 * Allows the write iff the writer region holds the item's home region (`owner.writerRegion`) and,
 * when the writer states its epoch, that epoch is current. Returns the epoch to stamp on the item;
 * the adapter makes the write conditional on the owner record still carrying it.
 */
export function assertWritable({
  itemHomeRegion,
  writerRegion,
  owner,
  itemKey,
  expectedEpoch,
}: WriteAttempt): number {
  if (owner.homeRegion !== itemHomeRegion) {
    // A wiring mistake, not a failover: the caller read the owner record of another region.
    throw new Error(
      `owner record of ${owner.homeRegion} used to guard ${itemKey}, whose home is ${itemHomeRegion}`,
    );
  }
  if (owner.writerRegion !== writerRegion) {
    throw new ForeignRegionWriteError(owner.writerRegion, writerRegion, itemKey);
  }
  if (expectedEpoch !== undefined && expectedEpoch !== owner.epoch) {
    throw new StaleEpochError(itemHomeRegion, expectedEpoch, owner.epoch);
  }
  return owner.epoch;
}
