import { randomBytes } from 'node:crypto';
import { addDays } from '../../domain/calendar.ts';
import { STANDARD_PLAN, type WarrantyPlanDraft } from '../../domain/warranty-plan.ts';
import type { GuardedTable } from '../../functions/data/guarded-table.ts';
import { MasterDataStore } from '../../functions/data/master-data-store.ts';
import { addPlanVersion, planVersions, putLaborOperation } from '../../functions/master-data/catalogue.ts';
import { importParts, importStock, importTechnicians } from '../../functions/master-data/imports.ts';
import { putMarket } from '../../functions/master-data/markets.ts';
import type { Actor, MasterDataContext } from '../../functions/master-data/master-data-context.ts';
import { putCentre } from '../../functions/master-data/network.ts';
import { createPartner, issueApiKey, listKeys } from '../../functions/master-data/partners.ts';
import { putWarehouse } from '../../functions/master-data/warehouses.ts';
import type { Config } from '../../infra/config.ts';
import { demoLaborOperations, demoParts, demoSuppliers } from './demo-catalogue.ts';
import { demoPartners } from './demo-partners.ts';
import { demoStock, demoWarehouses } from './demo-stock.ts';

/**
 * The demo network onboarded the way an exporter's back office does it: through the master-data
 * operations the back-office API runs (functions/master-data/), with their rules, conditional
 * writes and audit trail, and the CSV imports for parts, technicians and stock. So every first
 * `npm start` proves onboarding from an empty table. Each step is idempotent (a record already as
 * the seed would write it is left alone), so an interrupted first start simply runs it again.
 */

export const SEED_ACTOR: Actor = { kind: 'system', id: 'demo-seed' };

/** The master-data context of the seed: the runtime's tables, the demo's derived API keys. */
export function seedContext(opts: {
  config: Config;
  globalTableIn: (region: string) => GuardedTable;
  /** The demo key of a partner (derived from the local secret, so it can be printed at every start). */
  demoApiKey: (partnerId: string) => string;
  /** A fixed id for the partner's demo key, so a second run finds it. */
  demoKeyId: (partnerId: string) => string;
}): MasterDataContext {
  const { config } = opts;
  const regions = config.regions.map((r) => r.region);
  return {
    store: new MasterDataStore({
      writerFor: async (region) => opts.globalTableIn(region),
      local: opts.globalTableIn(config.primaryRegion),
      regions,
      newId: () => `${Date.now().toString(36)}${randomBytes(8).toString('hex')}`,
    }),
    now: () => new Date(),
    regions,
    primaryRegion: config.primaryRegion,
    configuredMarkets: new Map(config.regions.flatMap((r) => r.markets.map((m) => [m.code, r.region]))),
    newKeyId: opts.demoKeyId,
    newKeySecret: (partnerId) => opts.demoApiKey(partnerId),
  };
}

const csv = (rows: (string | number)[][]) =>
  rows
    .map((r) =>
      r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : c)).join(','),
    )
    .join('\n');

const { planId: DEMO_PLAN_ID, version: _first, ...demoPlan } = STANDARD_PLAN;
/** DESIGN §4's default plan, as the first version of the demo's `standard` plan. */
export const DEMO_PLAN: WarrantyPlanDraft = demoPlan;
export { DEMO_PLAN_ID };

/** Markets of the config and the standard warranty plan: what every later step names. */
export async function onboardReferenceData(ctx: MasterDataContext, config: Config): Promise<void> {
  for (const r of config.regions)
    for (const m of r.markets)
      await putMarket(
        ctx,
        m.code,
        {
          name: m.name,
          currency: m.currency,
          timeZone: m.timeZone,
          languages: m.languages,
          region: r.region,
        },
        SEED_ACTOR,
      );
  if ((await planVersions(ctx, DEMO_PLAN_ID, { consistent: true })).length === 0)
    await addPlanVersion(ctx, DEMO_PLAN_ID, DEMO_PLAN, SEED_ACTOR);
}

/** Runs `fn` over `items`, a few at a time. */
async function limited<T>(items: readonly T[], fn: (item: T) => Promise<unknown>, concurrency = 6) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** The whole demo network, from an empty table. */
export async function onboardDemoNetwork(
  ctx: MasterDataContext,
  config: Config,
  regionOfMarket: (market: string) => string,
  today: string,
): Promise<void> {
  await onboardReferenceData(ctx, config);

  await limited(demoLaborOperations, ({ code, ...op }) => putLaborOperation(ctx, code, op, SEED_ACTOR));
  const currencies = [...new Set(demoParts.flatMap((p) => Object.keys(p.prices)))].sort();
  await importParts(
    ctx,
    csv([
      [
        'partNumber',
        'name',
        'category',
        'supplier',
        'laborOperations',
        ...currencies.map((c) => `price.${c}`),
      ],
      ...demoParts.map((p, i) => [
        p.partNumber,
        p.name,
        p.category,
        demoSuppliers[p.category] ?? 'claimflow Genuine Parts',
        demoLaborOperations[i]?.code ?? '',
        ...currencies.map((c) => p.prices[c] ?? ''),
      ]),
    ]),
    SEED_ACTOR,
  );

  await limited(demoWarehouses, ({ warehouseId, ...w }) => putWarehouse(ctx, warehouseId, w, SEED_ACTOR));
  await importStock(
    ctx,
    csv([
      ['warehouseId', 'partNumber', 'onHand'],
      ...demoStock().map((s) => [s.warehouseId, s.partNumber, s.onHand]),
    ]),
    SEED_ACTOR,
  );

  const { partners, technicians } = demoPartners(regionOfMarket);
  await limited(partners, async (p) => {
    const { serviceCentres, homeRegion, status: _s, ...fields } = p;
    await createPartner(
      ctx,
      {
        ...fields,
        homeRegion,
        contact: {
          name: `${p.name} after-sales`,
          email: `after-sales@${p.partnerId}.example`,
          ...(serviceCentres[0] ? { phone: serviceCentres[0].phone } : {}),
        },
      },
      SEED_ACTOR,
    );
    const keyId = ctx.newKeyId(p.partnerId);
    if (!(await listKeys(ctx, p.partnerId, { homeRegion })).some((k) => k.keyId === keyId))
      await issueApiKey(ctx, p.partnerId, { label: 'demo key' }, SEED_ACTOR);
    for (const { centreId, ...centre } of serviceCentres)
      await putCentre(ctx, centreId, { ...centre, partnerId: p.partnerId }, SEED_ACTOR);
  });

  // Certified for two years from the day of the seed: every skill but general needs it.
  const expiresOn = addDays(today, 730);
  await importTechnicians(
    ctx,
    csv([
      ['technicianId', 'name', 'centreId', 'skills', 'certifications', 'workingDays'],
      ...technicians.map((t) => [
        t.technicianId,
        t.name,
        t.centreId,
        t.skills.join(';'),
        t.skills
          .filter((s) => s !== 'general')
          .map((s) => `${s}:${expiresOn}`)
          .join(';'),
        '',
      ]),
    ]),
    SEED_ACTOR,
  );
}
