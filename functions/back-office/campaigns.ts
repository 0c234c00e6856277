import type { Claim } from '../../domain/claim.ts';
import { isPartnerActive } from '../../domain/partner.ts';
import { campaignOpenedEvents } from '../../domain/partner-events.ts';
import {
  type Campaign,
  CampaignError,
  type CampaignVehicle,
  campaignIdOf,
  MAX_CAMPAIGN_VEHICLES,
  selects,
  vinsOfList,
} from '../../domain/quality/campaign.ts';
import type { OpenCampaign } from '../../domain/quality/campaign-request.ts';
import type { FleetVehicle } from '../../domain/quality/rates.ts';
import type { FieldError } from '../../domain/validation.ts';
import { tagValue } from '../mail/ses-tags.ts';
import { renderCampaignNotice } from '../mail/templates.ts';
import { mapLimited } from '../shared/concurrency.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

/**
 * Service campaigns (issue 17): opened by a manager from an early-warning flag or by hand, their
 * vehicles found in the registry, every affected customer told in their language, and their
 * completion read from the quality ledger (the campaign claims' facts), never claim by claim.
 */

type Deps = Pick<
  BackOfficeDependencies,
  | 'region'
  | 'clock'
  | 'fleet'
  | 'vehicles'
  | 'partsCatalog'
  | 'claims'
  | 'campaigns'
  | 'partners'
  | 'mailer'
  | 'emails'
  | 'quality'
  | 'metrics'
  | 'log'
>;

const AT_ONCE = 8;
export const NOTICE_TEMPLATE = 'campaign-notice';

/** The remedy must name a labour operation and parts the catalogue has. */
async function remedyErrors(deps: Deps, remedy: OpenCampaign['remedy']): Promise<FieldError[]> {
  const [parts, operations] = await Promise.all([
    deps.partsCatalog.getParts(remedy.parts.map((p) => p.partNumber)),
    deps.partsCatalog.getLaborOperations([remedy.laborOperation]),
  ]);
  const errors: FieldError[] = [];
  if (!operations.has(remedy.laborOperation))
    errors.push({
      pointer: '/remedy/laborOperation',
      detail: `no labour operation ${remedy.laborOperation} in the catalogue`,
    });
  remedy.parts.forEach((p, i) => {
    if (!parts.has(p.partNumber))
      errors.push({
        pointer: `/remedy/parts/${i}/partNumber`,
        detail: `no part ${p.partNumber} in the catalogue`,
      });
  });
  return errors;
}

/** The registered vehicles the selection names in the campaign's markets, and the VINs left out. */
async function affectedVehicles(deps: Deps, body: OpenCampaign) {
  if (body.affected.kind === 'fleet') {
    const selection = body.affected;
    const fleets = await mapLimited(body.markets, AT_ONCE, (m) => deps.fleet.ofMarket(m, selection.model));
    return {
      vehicles: fleets.flat().filter((v) => selects(selection, v)),
      notRegistered: [],
      outsideMarkets: [],
    };
  }
  const { vins, errors } = vinsOfList(body.affected.csv);
  if (errors.length > 0) throw new CampaignError('the VIN list has lines that are not VINs', errors);
  if (vins.length > MAX_CAMPAIGN_VEHICLES)
    throw new CampaignError('too many vehicles', [
      {
        pointer: '/affected/csv',
        detail: `at most ${MAX_CAMPAIGN_VEHICLES} VINs per campaign, got ${vins.length}`,
      },
    ]);
  const found = await mapLimited(vins, AT_ONCE, async (vin) => ({
    vin,
    vehicle: await deps.vehicles.get(vin),
  }));
  const vehicles: FleetVehicle[] = [];
  const notRegistered: string[] = [];
  const outsideMarkets: string[] = [];
  for (const { vin, vehicle } of found) {
    if (!vehicle) notRegistered.push(vin);
    else if (!body.markets.includes(vehicle.market)) outsideMarkets.push(vin);
    else vehicles.push(vehicle);
  }
  return { vehicles, notRegistered, outsideMarkets };
}

/** The customer we know for a vehicle: the contact on its latest claim (the registry keeps none). */
async function customerOf(deps: Deps, vin: string): Promise<Claim['customer'] | undefined> {
  const claims = await deps.claims.listByVin(vin, '2000-01-01');
  return claims.sort((a, b) => b.filedAt.localeCompare(a.filedAt))[0]?.customer;
}

export function openCampaign(deps: Deps) {
  /** Tells one vehicle's customer; the notice is recorded on the campaign's vehicle. */
  async function notify(campaign: Campaign, vehicle: CampaignVehicle): Promise<boolean> {
    const customer = await customerOf(deps, vehicle.vin);
    if (!customer) return false;
    // A safety notice goes to customers who stopped surveys, but not to an address that bounced.
    const suppressed = await deps.emails.suppressionsOf(customer.email);
    if (suppressed.includes('bounced') || suppressed.includes('complained')) return false;
    const email = renderCampaignNotice({ campaign, vehicle, customer });
    try {
      const sent = await deps.mailer.send({
        to: customer.email,
        subject: email.subject,
        text: email.text,
        html: email.html,
        tags: { template: NOTICE_TEMPLATE, campaignId: tagValue(campaign.campaignId), vin: vehicle.vin },
      });
      deps.metrics.count('EmailSent');
      await deps.campaigns.recordNotice(campaign, vehicle.vin, {
        language: email.language,
        at: deps.clock.now().toISOString(),
        ...(sent.messageId ? { messageId: sent.messageId } : {}),
      });
      return true;
    } catch (err) {
      deps.metrics.count('EmailFailed');
      deps.log.warn('campaign notice not sent', {
        campaignId: campaign.campaignId,
        vin: vehicle.vin,
        err: String(err),
      });
      return false;
    }
  }

  return async (body: OpenCampaign, openedBy: string) => {
    const [errors, affected] = await Promise.all([
      remedyErrors(deps, body.remedy),
      affectedVehicles(deps, body),
    ]);
    if (errors.length > 0)
      throw new CampaignError('the remedy names what the catalogue does not have', errors);
    if (affected.vehicles.length === 0)
      throw new CampaignError('the campaign names no registered vehicle in its markets', [
        { pointer: '/affected', detail: `no registered vehicle in ${body.markets.join(', ')} matches` },
      ]);
    if (affected.vehicles.length > MAX_CAMPAIGN_VEHICLES)
      throw new CampaignError('too many vehicles', [
        {
          pointer: '/affected',
          detail: `${affected.vehicles.length} vehicles match; at most ${MAX_CAMPAIGN_VEHICLES} per campaign (narrow the years or the VIN range)`,
        },
      ]);
    const now = deps.clock.now();
    const campaignId = campaignIdOf(now, Math.random);
    const vehicles: CampaignVehicle[] = affected.vehicles.map((v) => ({
      campaignId,
      vin: v.vin,
      market: v.market,
      model: v.model,
      modelYear: v.modelYear,
    }));
    const campaign: Campaign = {
      ...body,
      campaignId,
      status: 'OPEN',
      openedAt: now.toISOString(),
      openedBy,
      homeRegion: deps.region,
      byMarket: body.markets.map((market) => ({
        market,
        vehicles: vehicles.filter((v) => v.market === market).length,
        noticesSent: 0,
      })),
    };
    await deps.campaigns.open(campaign, vehicles);
    // Partners of its markets learn of it by webhook (those subscribed to campaign.opened), as it opens.
    const partners = (await deps.partners.list()).filter(isPartnerActive);
    await deps.campaigns.announce(campaign, campaignOpenedEvents(campaign, partners));
    const told = await mapLimited(vehicles, AT_ONCE, async (v) =>
      (await notify(campaign, v)) ? v.market : undefined,
    );
    const opened: Campaign = {
      ...campaign,
      byMarket: campaign.byMarket.map((m) => ({
        ...m,
        noticesSent: told.filter((t) => t === m.market).length,
      })),
    };
    await deps.campaigns.recordCounts(opened);
    return {
      campaign: opened,
      vehicles: vehicles.length,
      noticesSent: told.filter(Boolean).length,
      notRegistered: affected.notRegistered,
      outsideMarkets: affected.outsideMarkets,
    };
  };
}
