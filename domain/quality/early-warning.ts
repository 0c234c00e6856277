/**
 * Early warning: is a component's claim rate in a market this period above its own baseline?
 *
 * The test is a one-sided exact Poisson test. Claims of one component in one market in one period
 * (a calendar month) are counted against the exposure of that period: vehicle-months in service of
 * the market's registered fleet. The baseline rate is that of the `baselinePeriods` periods before
 * it, λ₀ = (claims + ½) ÷ exposure (the half claim keeps a component that never failed from having
 * an expected count of zero, so one claim on it is not infinitely surprising). Under "nothing
 * changed" this period's count is Poisson with mean μ = λ₀ × exposure; the period is flagged when
 * P(X ≥ observed | μ) ≤ `alpha` and the count is at least `minClaims`.
 *
 * False alarms: `alpha` is the chance that one test (one component, one market, one month) flags
 * when nothing changed, 0.001 by default; with 20 components × 5 markets tested monthly that is
 * about one false flag a year across the fleet. The estimated baseline adds a little to it; the
 * measured rate is in docs/quality.md. `minClaims` (5) keeps a handful of claims on a rare
 * component from ever raising a flag, however improbable they look.
 *
 * Chosen over CUSUM because each flag stands on its own evidence a manager can read (observed,
 * expected, p-value) and needs no reset rule; CUSUM would catch a small, slow drift sooner.
 */

export interface PeriodCount {
  /** The period's name, e.g. "2026-11". */
  period: string;
  claims: number;
  /** Vehicle-months in service in the period (the denominator). */
  exposure: number;
}

export interface DetectorSettings {
  /** Chance of a false flag per test when nothing changed. */
  alpha: number;
  /** Never flag fewer claims than this in a period. */
  minClaims: number;
  /** Periods before the tested one that make its baseline. */
  baselinePeriods: number;
}

export const DEFAULT_DETECTOR: DetectorSettings = { alpha: 0.001, minClaims: 5, baselinePeriods: 12 };

export interface EarlyWarningFlag {
  period: string;
  claims: number;
  expected: number;
  /** Claims per 1,000 vehicle-months this period and at baseline. */
  ratePer1000: number;
  baselinePer1000: number;
  baselineClaims: number;
  pValue: number;
  test: 'one-sided exact Poisson';
  alpha: number;
}

const lnFactorialTable: number[] = [0];
function lnFactorial(n: number): number {
  if (n < 1024) {
    for (let i = lnFactorialTable.length; i <= n; i++)
      lnFactorialTable[i] = (lnFactorialTable[i - 1] as number) + Math.log(i);
    return lnFactorialTable[n] as number;
  }
  // Stirling with two correction terms: exact to ~1e-12 relative at n ≥ 1024.
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

/** P(X ≥ k) for X ~ Poisson(mean), summed term by term from whichever side is short. */
export function poissonUpperTail(k: number, mean: number): number {
  if (!(Number.isInteger(k) && mean >= 0))
    throw new RangeError(`need a whole k and a mean ≥ 0, got ${k}, ${mean}`);
  if (k <= 0) return 1;
  if (mean === 0) return 0;
  if (k > mean) {
    let term = Math.exp(-mean + k * Math.log(mean) - lnFactorial(k));
    let sum = 0;
    for (let i = k; term > 0 && term > sum * 1e-17; i++) {
      sum += term;
      term *= mean / (i + 1);
    }
    return Math.min(1, sum);
  }
  // k ≤ mean: 1 − P(X ≤ k−1), summing downward from k−1 where the terms are largest.
  let term = Math.exp(-mean + (k - 1) * Math.log(mean) - lnFactorial(k - 1));
  let lower = 0;
  for (let i = k - 1; i >= 0 && term > 0; i--) {
    lower += term;
    term *= i / mean;
  }
  return Math.max(0, 1 - lower);
}

/** Tests one period against the periods before it; undefined when there is too little history. */
export function testPeriod(
  history: readonly PeriodCount[],
  current: PeriodCount,
  settings: DetectorSettings = DEFAULT_DETECTOR,
): EarlyWarningFlag | undefined {
  const baseline = history.slice(-settings.baselinePeriods);
  if (baseline.length < settings.baselinePeriods || current.exposure <= 0) return undefined;
  const baselineClaims = baseline.reduce((n, p) => n + p.claims, 0);
  const baselineExposure = baseline.reduce((n, p) => n + p.exposure, 0);
  if (baselineExposure <= 0) return undefined;
  const baselineRate = (baselineClaims + 0.5) / baselineExposure;
  const expected = baselineRate * current.exposure;
  const pValue = poissonUpperTail(current.claims, expected);
  if (current.claims < settings.minClaims || pValue > settings.alpha) return undefined;
  return {
    period: current.period,
    claims: current.claims,
    expected,
    ratePer1000: (current.claims * 1000) / current.exposure,
    baselinePer1000: (baselineClaims * 1000) / baselineExposure,
    baselineClaims,
    pValue,
    test: 'one-sided exact Poisson',
    alpha: settings.alpha,
  };
}

/** Every flagged period of a series (oldest first), each tested against the periods before it. */
export function scanSeries(
  series: readonly PeriodCount[],
  settings: DetectorSettings = DEFAULT_DETECTOR,
): EarlyWarningFlag[] {
  const flags: EarlyWarningFlag[] = [];
  for (let i = settings.baselinePeriods; i < series.length; i++) {
    const flag = testPeriod(series.slice(0, i), series[i] as PeriodCount, settings);
    if (flag) flags.push(flag);
  }
  return flags;
}
