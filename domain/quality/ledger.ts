import type { Month } from './monitor.ts';
import type { QualityClaim } from './rates.ts';

/**
 * The quality facts of every claim, kept as claims change: one record per claim, filed under its
 * market and failure month, so the early-warning test of a month reads 13 partitions of one market
 * instead of scanning claims. A record carries the claim's version; an older version never
 * overwrites a newer one, so the writes are safe to repeat and to arrive out of order.
 */
export interface QualityFactRecord extends QualityClaim {
  /** The claim's version these facts were taken from. */
  version: number;
  homeRegion: string;
}

export interface QualityLedger {
  /** Stores the facts unless newer ones of the same claim are stored; true when stored. */
  record(facts: QualityFactRecord): Promise<boolean>;
  /** The facts of a market's claims that failed in `month`. */
  month(market: string, month: Month): Promise<QualityFactRecord[]>;
}
