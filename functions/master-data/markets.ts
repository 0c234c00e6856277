import { auditEntry, sameRecord } from '../../domain/master-data/audit.ts';
import { defineMarket, type Market, type MarketDraft } from '../../domain/master-data/market.ts';
import { keys } from '../data/keys.ts';
import { recordOf } from '../data/master-data-store.ts';
import type { Actor, MasterDataContext } from './master-data-context.ts';

const MARKET_FIELDS = ['code', 'name', 'currency', 'timeZone', 'languages', 'region'] as const;

export interface MarketView {
  readonly code: string;
  readonly region: string;
  /** From the deployment's config (a region serves it from the start), or opened by a manager. */
  readonly source: 'config' | 'opened';
  readonly name?: string;
  readonly currency?: string;
  readonly timeZone?: string;
  readonly languages?: string[];
}

/** Every market: the configured ones and those opened since, with what is stored about each. */
export async function listMarkets(ctx: MasterDataContext): Promise<MarketView[]> {
  // Read where markets are written: a market opened a moment ago counts at once (a few items).
  const stored = new Map(
    (await ctx.store.partition('MARKETS', { homeRegion: ctx.primaryRegion }))
      .map((i) => recordOf<Market>(i, MARKET_FIELDS)!)
      .map((m) => [m.code, m]),
  );
  const codes = [...new Set([...ctx.configuredMarkets.keys(), ...stored.keys()])].sort();
  return codes.map((code) => {
    const market = stored.get(code);
    const configured = ctx.configuredMarkets.get(code);
    return {
      ...(market ?? {}),
      code,
      region: configured ?? market!.region,
      source: configured ? 'config' : 'opened',
    };
  });
}

/** The region that serves a market, or undefined for a market nobody opened. */
export async function regionOfMarket(ctx: MasterDataContext, code: string): Promise<string | undefined> {
  const configured = ctx.configuredMarkets.get(code);
  if (configured) return configured;
  const stored = await ctx.store.find(keys.market(code));
  return stored ? String(stored.region) : undefined;
}

/** Every market → region, configured and opened (the vehicle import's and onboarding's lookup). */
export async function marketRegions(ctx: MasterDataContext): Promise<Map<string, string>> {
  return new Map((await listMarkets(ctx)).map((m) => [m.code, m.region]));
}

/** Opens a market (or describes a configured one): written in the primary region, audited. */
export async function putMarket(
  ctx: MasterDataContext,
  code: string,
  draft: MarketDraft,
  actor: Actor,
): Promise<{ market: Market; created: boolean }> {
  const key = keys.market(code);
  const read = await ctx.store.read(ctx.primaryRegion, key);
  const existing = recordOf<Market>(read, MARKET_FIELDS);
  const market = defineMarket(code, draft, {
    regions: ctx.regions,
    ...(ctx.configuredMarkets.get(code) ? { configuredRegion: ctx.configuredMarkets.get(code)! } : {}),
    ...(existing ? { existing } : {}),
  });
  if (existing && sameRecord(existing, market)) return { market, created: false };
  await ctx.store.write(
    ctx.primaryRegion,
    [{ key, read, put: { ...market }, type: 'Market' }],
    [
      auditEntry({
        entity: 'market',
        entityId: code,
        action: existing ? 'changed' : 'opened',
        at: ctx.now(),
        actor,
        before: existing,
        after: market,
      }),
    ],
    { by: actor.id },
  );
  return { market, created: !existing };
}
