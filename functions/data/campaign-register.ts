import { type PartnerEvent, webhookBody } from '../../domain/partner-events.ts';
import type { Campaign, CampaignRegister, CampaignVehicle } from '../../domain/quality/campaign.ts';
import { campaignEventPut } from '../webhooks/partner-event-store.ts';
import type { GuardedTable } from './guarded-table.ts';
import { toModel } from './item.ts';
import { keys } from './keys.ts';
import { queryAll } from './table-reads.ts';

/** Transactions of up to 100 items (DynamoDB's limit per TransactWriteItems). */
const PER_TRANSACTION = 100;

/**
 * Service campaigns in the global table: `CAMPAIGNS` / `<campaignId>` and, per affected vehicle,
 * `CAMPAIGN#<campaignId>` / `VIN#<vin>`, all homed in the region that opened the campaign (single
 * writer). Every region reads its replica: partners and adjudication in any region see them.
 */
export class DynamoCampaignRegister implements CampaignRegister {
  constructor(private readonly table: GuardedTable) {}

  async get(campaignId: string): Promise<Campaign | undefined> {
    return toModel<Campaign>(await this.table.get(keys.campaign(campaignId)));
  }

  async list(): Promise<Campaign[]> {
    const { items } = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.campaign('').pk },
      ScanIndexForward: false,
    });
    return items.map((i) => toModel<Campaign>(i) as Campaign);
  }

  async vehicle(campaignId: string, vin: string): Promise<CampaignVehicle | undefined> {
    return toModel<CampaignVehicle>(await this.table.get(keys.campaignVehicle(campaignId, vin)));
  }

  async vehicles(campaignId: string): Promise<CampaignVehicle[]> {
    const { items } = await queryAll(this.table, {
      // The partition also holds the campaign's partner events (`EVENT#…`).
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :vin)',
      ExpressionAttributeValues: { ':pk': keys.campaignVehicle(campaignId, '').pk, ':vin': 'VIN#' },
    });
    return items.map((i) => toModel<CampaignVehicle>(i) as CampaignVehicle);
  }

  /**
   * Writes the affected vehicles, then the campaign: a campaign that can be read has all its
   * vehicles. Each write is conditional on the item being new, so an id cannot be opened twice.
   */
  async open(campaign: Campaign, vehicles: readonly CampaignVehicle[]): Promise<void> {
    const homeRegion = campaign.homeRegion;
    const isNew = { expression: 'attribute_not_exists(pk)' };
    for (let i = 0; i < vehicles.length; i += PER_TRANSACTION)
      await this.table.transact(
        vehicles.slice(i, i + PER_TRANSACTION).map((v) => ({
          put: { ...keys.campaignVehicle(v.campaignId, v.vin), type: 'CampaignVehicle', homeRegion, ...v },
          condition: isNew,
        })),
      );
    await this.table.put({ ...keys.campaign(campaign.campaignId), type: 'Campaign', ...campaign }, isNew);
  }

  /**
   * Writes the campaign's `campaign.opened` events for the partners of its markets, in its home
   * region; the webhook dispatcher there delivers them. Each is written once (a repeat is ignored).
   */
  async announce(
    campaign: Pick<Campaign, 'campaignId' | 'homeRegion' | 'openedAt'>,
    events: readonly (PartnerEvent & { partnerId: string })[],
  ): Promise<void> {
    for (let i = 0; i < events.length; i += PER_TRANSACTION)
      await this.table.transact(
        events.slice(i, i + PER_TRANSACTION).map((e) => campaignEventPut(campaign, e, webhookBody(e))),
      );
  }

  /** Records the notice sent to a vehicle's customer. */
  async recordNotice(
    campaign: Pick<Campaign, 'campaignId' | 'homeRegion'>,
    vin: string,
    notice: NonNullable<CampaignVehicle['notice']>,
  ): Promise<void> {
    await this.table.update({
      key: keys.campaignVehicle(campaign.campaignId, vin),
      homeRegion: campaign.homeRegion,
      expression: 'SET #n = :n',
      names: { '#n': 'notice' },
      values: { ':n': notice },
    });
  }

  /** The campaign's counts per market, once its notices are out. */
  async recordCounts(campaign: Pick<Campaign, 'campaignId' | 'homeRegion' | 'byMarket'>): Promise<void> {
    await this.table.update({
      key: keys.campaign(campaign.campaignId),
      homeRegion: campaign.homeRegion,
      expression: 'SET #b = :b',
      names: { '#b': 'byMarket' },
      values: { ':b': campaign.byMarket },
    });
  }
}
