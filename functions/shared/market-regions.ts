/**
 * Which export region serves each market, handed to every function as `CLAIMFLOW_MARKETS`
 * (`NP=ap-south-1,BD=ap-south-1,…,JP=ap-northeast-1`): the CDK stacks and the local runtime write it
 * from `infra/config.ts`, which functions may not import. A vehicle's home region is its market's.
 */
export const MARKETS_ENV = 'CLAIMFLOW_MARKETS';

export function formatMarketRegions(
  regions: readonly { region: string; markets: readonly { code: string }[] }[],
) {
  return regions.flatMap((r) => r.markets.map((m) => `${m.code}=${r.region}`)).join(',');
}

export function parseMarketRegions(value: string | undefined): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const pair of (value ?? '').split(',')) {
    const [market, region] = pair.split('=').map((s) => s.trim());
    if (market && region) out.set(market, region);
  }
  return out;
}
