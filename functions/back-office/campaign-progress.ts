import { monthsLater } from '../../domain/calendar.ts';
import { type Campaign, campaignCompletion } from '../../domain/quality/campaign.ts';
import type { QualityFactRecord } from '../../domain/quality/ledger.ts';
import { monthOf, monthsFrom } from '../../domain/quality/monitor.ts';
import { mapLimited } from '../shared/concurrency.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

/**
 * Service campaigns as the back office and the partners read them: the list, one campaign's
 * completion, a partner's open vehicles. Completion comes from the quality ledger (the campaign
 * claims' facts), never claim by claim. Opening a campaign, which mails the customers, is in
 * `campaigns.ts`: apart, so that the partner API's campaign listing does not load the mail templates.
 */

type Deps = Pick<BackOfficeDependencies, 'campaigns' | 'quality' | 'clock'>;

const AT_ONCE = 8;

/** The campaign claims' facts in the ledger: its markets, from the month before it opened on. */
async function campaignClaims(
  deps: Pick<Deps, 'quality' | 'clock'>,
  campaign: Campaign,
  markets: readonly string[],
) {
  // A claim may be filed up to 30 days after the failure, so a repair done on opening day may be filed under the month before.
  const from = monthOf(monthsLater(campaign.openedAt.slice(0, 10), -1));
  const months = monthsFrom(from, monthOf(deps.clock.now().toISOString().slice(0, 10)));
  const reads = markets.flatMap((market) => months.map((month) => ({ market, month })));
  const facts = (await mapLimited(reads, AT_ONCE, (r) => deps.quality.month(r.market, r.month))).flat();
  return facts.filter((f: QualityFactRecord) => f.campaignId === campaign.campaignId);
}

/** Every campaign (or those running in one market), newest first, with its counts. */
export function listCampaigns(deps: Pick<Deps, 'campaigns'>) {
  return async (q: { market?: string }) => {
    const all = await deps.campaigns.list();
    return { items: q.market ? all.filter((c) => c.markets.includes(q.market as string)) : all };
  };
}

/** One campaign with its completion per market and per partner. */
export function campaignDetail(deps: Deps) {
  return async (campaignId: string) => {
    const campaign = await deps.campaigns.get(campaignId);
    if (!campaign) return undefined;
    const [vehicles, claims] = await Promise.all([
      deps.campaigns.vehicles(campaignId),
      campaignClaims(deps, campaign, campaign.markets),
    ]);
    return {
      campaign,
      completion: campaignCompletion(vehicles, claims),
      claims: claims.map((c) => ({
        claimId: c.claimId,
        vin: c.vin,
        partnerId: c.partnerId,
        status: c.status,
      })),
    };
  };
}

/**
 * What a partner sees: the campaigns running in its market, each with the vehicles of that market
 * still to be repaired under it.
 */
export function partnerCampaigns(deps: Deps) {
  return async (market: string) => {
    const running = (await deps.campaigns.list()).filter((c) => c.markets.includes(market));
    const items = await mapLimited(running, AT_ONCE, async (campaign) => {
      const [vehicles, claims] = await Promise.all([
        deps.campaigns.vehicles(campaign.campaignId),
        campaignClaims(deps, campaign, [market]),
      ]);
      const repaired = new Set(
        claims.filter((c) => ['REPAIRED', 'SETTLED', 'CLOSED'].includes(c.status)).map((c) => c.vin),
      );
      const inMarket = vehicles.filter((v) => v.market === market);
      return {
        campaignId: campaign.campaignId,
        title: campaign.title,
        component: campaign.component,
        openedAt: campaign.openedAt,
        remedy: campaign.remedy,
        vehicles: inMarket.length,
        openVins: inMarket
          .filter((v) => !repaired.has(v.vin))
          .map((v) => v.vin)
          .sort(),
      };
    });
    return { market, items };
  };
}
