import type { PeriodCount } from '../../../domain/quality/early-warning.ts';
import {
  DEFAULT_DETECTOR,
  type DetectorSettings,
  scanSeries,
} from '../../../domain/quality/early-warning.ts';

/** A small seeded generator (mulberry32): the same seed gives the same history on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A Poisson draw by multiplying uniforms (Knuth); fine for the means of a month's claims. */
export function poissonDraw(mean: number, random: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let product = random();
  while (product > limit) {
    k++;
    product *= random();
  }
  return k;
}

export interface History {
  /** Months of one component in one market. */
  months: number;
  /** Vehicle-months in service each month. */
  exposure: number;
  /** Claims per vehicle-month before the rise. */
  baseRate: number;
  /** From this month on the rate is multiplied by `factor` (no rise when absent). */
  rise?: { fromMonth: number; factor: number };
  /** Fleet growth per month (exposure × (1 + growth)^month), as fleets grow while they ship. */
  growth?: number;
}

export function generateHistory(history: History, seed: number): PeriodCount[] {
  const random = seededRandom(seed);
  return Array.from({ length: history.months }, (_, month) => {
    const exposure = Math.round(history.exposure * (1 + (history.growth ?? 0)) ** month);
    const factor = history.rise && month >= history.rise.fromMonth ? history.rise.factor : 1;
    const period = `m${String(month).padStart(2, '0')}`;
    return { period, exposure, claims: poissonDraw(history.baseRate * factor * exposure, random) };
  });
}

export interface DetectorMeasurement {
  histories: number;
  /** Tests run on months before any rise, and how many of them flagged. */
  testsWithoutRise: number;
  falseAlarms: number;
  /** Histories with a rise whose rise was flagged in the month it began or later. */
  detected: number;
  /** Months from the rise to its first flag (0 = flagged in the month it began), per detection. */
  delays: number[];
}

export function measureDetector(
  history: History,
  seeds: readonly number[],
  settings: DetectorSettings = DEFAULT_DETECTOR,
): DetectorMeasurement {
  const riseAt = history.rise?.fromMonth ?? history.months;
  const result: DetectorMeasurement = {
    histories: seeds.length,
    testsWithoutRise: 0,
    falseAlarms: 0,
    detected: 0,
    delays: [],
  };
  for (const seed of seeds) {
    const series = generateHistory(history, seed);
    const flags = scanSeries(series, settings);
    const monthOf = (period: string) => series.findIndex((p) => p.period === period);
    // A test of a month before the rise whose baseline is still clean counts toward false alarms.
    result.testsWithoutRise += Math.max(0, riseAt - settings.baselinePeriods);
    result.falseAlarms += flags.filter((f) => monthOf(f.period) < riseAt).length;
    const first = flags.find((f) => monthOf(f.period) >= riseAt);
    if (history.rise && first) {
      result.detected++;
      result.delays.push(monthOf(first.period) - riseAt);
    }
  }
  return result;
}
