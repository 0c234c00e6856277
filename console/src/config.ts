import type { CognitoIdentity } from './oauth.ts';

/**
 * Where the console finds the back office: `config.json` beside `index.html`, written by whoever
 * serves the console (`npm start` generates it; a CloudFront deployment ships its own).
 */
export interface ConsoleConfig {
  primaryRegion: string;
  regions: Record<string, { backofficeApi: string }>;
  identity?: { kind: 'local'; url: string } | CognitoIdentity;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('./config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json answered ${res.status}`);
  const config = (await res.json()) as ConsoleConfig;
  if (!config.regions || Object.keys(config.regions).length === 0)
    throw new Error('config.json lists no region');
  return config;
}

/** `CLM-ap-south-1-01J…`: the region a claim is written in is part of its id. */
export function homeRegionOfClaimId(claimId: string): string | undefined {
  return /^CLM-([a-z]{2}(?:-[a-z]+)+-\d+)-[0-9A-HJKMNP-TV-Z]{26}$/.exec(claimId)?.[1];
}
