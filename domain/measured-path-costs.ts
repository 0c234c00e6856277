import type { ClaimPath } from './claim-paths.ts';

/**
 * Dollars per 1,000 claims of each path, as `npm run bench cost` measured them on the embedded
 * runtime at list prices (domain/cost-model.ts). Written by `BENCH_COST_WRITE=1 npm run bench
 * cost`; not edited by hand. The back office weights them by a period's mix of paths to model
 * its cost per 1,000 claims (functions/back-office/claim-metrics.ts).
 */
export const MEASURED_PATH_COSTS: {
  readonly measuredOn: string;
  readonly commit: string;
  readonly claimsPerPath: number;
  readonly usdPer1000: Readonly<Record<ClaimPath, number>>;
} = {
  measuredOn: '2026-12-06',
  commit: 'a3bc0e3',
  claimsPerPath: 8,
  usdPer1000: {
    'in-warranty': 0.9754,
    'in-review': 1.2077,
    rejected: 0.2562,
    backordered: 1.2511,
    'cross-region-parts': 1.024,
  },
};
