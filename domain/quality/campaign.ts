import * as z from 'zod/mini';
import type { ClaimStatus } from '../claim-status.ts';
import type { ComponentCategory } from '../part.ts';
import type { FieldError } from '../validation.ts';
import { isVin } from '../vin.ts';
import type { CampaignSelection, FleetSelection, OpenCampaign } from './campaign-request.ts';

/**
 * Service campaigns (recalls): a manager names the vehicles a fault affects, the repair that
 * remedies it (one labour operation, its time, the parts) and the markets; every affected customer
 * is told, partners see the open vehicles of their market, and a claim citing the campaign is
 * approved without a person as long as it stays within that repair. Pure: the rules here, the
 * reads and writes in `functions/`.
 */

export const CampaignIdSchema = /* @__PURE__ */ (() =>
  z
    .string()
    .check(z.regex(/^CMP-[0-9]{8}-[A-Z0-9]{6}$/, 'a campaign id is CMP-<yyyymmdd>-<6 letters or digits>')))();
export type CampaignId = z.infer<typeof CampaignIdSchema>;

/** The most vehicles one campaign may name: they are listed and told in one request (see docs/quality.md). */
export const MAX_CAMPAIGN_VEHICLES = 2_000;

export interface CampaignVehicleCount {
  market: string;
  vehicles: number;
  /** Customers told (a vehicle with no known customer contact cannot be). */
  noticesSent: number;
}

export interface Campaign extends Omit<OpenCampaign, 'affected'> {
  campaignId: CampaignId;
  status: 'OPEN';
  affected: CampaignSelection;
  openedAt: string;
  openedBy: string;
  /** Where it was opened, and is written (single writer). */
  homeRegion: string;
  byMarket: CampaignVehicleCount[];
}

/** A vehicle a campaign affects, and its customer's notice. */
export interface CampaignVehicle {
  campaignId: CampaignId;
  vin: string;
  market: string;
  model: string;
  modelYear: number;
  notice?: { language: string; messageId?: string; at: string };
}

export class CampaignError extends Error {
  constructor(
    message: string,
    readonly errors: FieldError[],
  ) {
    super(message);
    this.name = 'CampaignError';
  }
}

/**
 * The VINs of a CSV list, each once, in order. Every bad line is reported (line number and why),
 * so a manager fixes the file once.
 */
export function vinsOfList(csv: string): { vins: string[]; errors: FieldError[] } {
  const vins: string[] = [];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const lines = csv.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const value = raw.split(',')[0]?.trim().toUpperCase() ?? '';
    if (value === '' || (index === 0 && value === 'VIN')) return;
    if (!isVin(value)) {
      errors.push({ pointer: '/affected/csv', detail: `line ${index + 1}: ${value} is not a VIN` });
      return;
    }
    if (!seen.has(value)) {
      seen.add(value);
      vins.push(value);
    }
  });
  if (vins.length === 0 && errors.length === 0)
    errors.push({ pointer: '/affected/csv', detail: 'the list names no VIN' });
  return { vins, errors };
}

interface FleetVehicleLike {
  vin: string;
  market: string;
  model: string;
  modelYear: number;
}

/** Whether a fleet selection takes this vehicle (its market is judged by the campaign's markets). */
export function selects(selection: FleetSelection, v: FleetVehicleLike): boolean {
  if (v.model !== selection.model) return false;
  if (
    selection.modelYears &&
    (v.modelYear < selection.modelYears.from || v.modelYear > selection.modelYears.to)
  )
    return false;
  if (selection.vinRange && (v.vin < selection.vinRange.from || v.vin > selection.vinRange.to)) return false;
  return true;
}

export interface ClaimLineForCampaign {
  lineNo: number;
  partNumber: string;
  quantity: number;
  laborOperation: string;
  laborHours: number;
}

export type CampaignScope =
  | { within: true }
  | {
      within: false;
      why: 'VEHICLE_NOT_IN_CAMPAIGN' | 'MARKET_NOT_IN_CAMPAIGN' | 'OUTSIDE_REMEDY';
      detail: string;
    };

/**
 * Whether a claim citing the campaign stays within its work scope: the vehicle is one the campaign
 * names, in one of its markets, and every line is the campaign's labour operation (within its time)
 * or one of its parts (within its quantity, counted over all lines). Anything more is for a person.
 */
export function campaignScopeOf(
  campaign: Pick<Campaign, 'markets' | 'remedy'>,
  claim: { market: string; lines: readonly ClaimLineForCampaign[] },
  vehicleAffected: boolean,
): CampaignScope {
  if (!vehicleAffected)
    return {
      within: false,
      why: 'VEHICLE_NOT_IN_CAMPAIGN',
      detail: 'the campaign does not name this vehicle',
    };
  if (!campaign.markets.includes(claim.market))
    return {
      within: false,
      why: 'MARKET_NOT_IN_CAMPAIGN',
      detail: `the campaign does not run in ${claim.market}`,
    };
  const allowed = new Map(campaign.remedy.parts.map((p) => [p.partNumber, p.quantity]));
  const used = new Map<string, number>();
  for (const line of claim.lines) {
    if (line.laborOperation !== campaign.remedy.laborOperation)
      return {
        within: false,
        why: 'OUTSIDE_REMEDY',
        detail: `line ${line.lineNo}: labour operation ${line.laborOperation} is not the campaign's ${campaign.remedy.laborOperation}`,
      };
    if (line.laborHours > campaign.remedy.laborHours)
      return {
        within: false,
        why: 'OUTSIDE_REMEDY',
        detail: `line ${line.lineNo}: ${line.laborHours} h is over the campaign's ${campaign.remedy.laborHours} h`,
      };
    const quantity = (used.get(line.partNumber) ?? 0) + line.quantity;
    used.set(line.partNumber, quantity);
    const most = allowed.get(line.partNumber);
    if (most === undefined || quantity > most)
      return {
        within: false,
        why: 'OUTSIDE_REMEDY',
        detail:
          most === undefined
            ? `line ${line.lineNo}: part ${line.partNumber} is not one of the campaign's`
            : `line ${line.lineNo}: ${quantity} × ${line.partNumber} is over the campaign's ${most}`,
      };
  }
  return { within: true };
}

/** Statuses at which a campaign repair is done: the vehicle is remedied. */
const DONE: readonly ClaimStatus[] = ['REPAIRED', 'SETTLED', 'CLOSED'];
const DROPPED: readonly ClaimStatus[] = ['REJECTED', 'CANCELLED'];

export interface CampaignClaim {
  vin: string;
  partnerId: string;
  status: ClaimStatus;
}

export interface CampaignCompletion {
  byMarket: { market: string; vehicles: number; completed: number; rate: number | null }[];
  /** Of the campaign claims a partner filed (not rejected or cancelled), how many are repaired. */
  byPartner: { partnerId: string; claims: number; completed: number; rate: number | null }[];
}

/**
 * Completion of a campaign: per market, the share of its affected vehicles repaired under the
 * campaign; per partner, the share of its campaign claims repaired. A vehicle counts once however
 * many claims cite it.
 */
export function campaignCompletion(
  vehicles: readonly Pick<CampaignVehicle, 'vin' | 'market'>[],
  claims: readonly CampaignClaim[],
): CampaignCompletion {
  const affected = new Map(vehicles.map((v) => [v.vin, v.market]));
  const done = new Set(
    claims.filter((c) => DONE.includes(c.status) && affected.has(c.vin)).map((c) => c.vin),
  );
  const markets = new Map<string, { vehicles: number; completed: number }>();
  for (const [vin, market] of affected) {
    const m = markets.get(market) ?? { vehicles: 0, completed: 0 };
    m.vehicles++;
    if (done.has(vin)) m.completed++;
    markets.set(market, m);
  }
  const partners = new Map<string, { claims: number; completed: number }>();
  for (const c of claims) {
    if (DROPPED.includes(c.status)) continue;
    const p = partners.get(c.partnerId) ?? { claims: 0, completed: 0 };
    p.claims++;
    if (DONE.includes(c.status)) p.completed++;
    partners.set(c.partnerId, p);
  }
  const rate = (n: number, of: number) => (of === 0 ? null : n / of);
  return {
    byMarket: [...markets]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([market, m]) => ({ market, ...m, rate: rate(m.completed, m.vehicles) })),
    byPartner: [...partners]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([partnerId, p]) => ({ partnerId, ...p, rate: rate(p.completed, p.claims) })),
  };
}

/** A new campaign's id: the day it opens and six letters or digits from `random` (0 ≤ r < 1 each). */
export function campaignIdOf(at: Date, random: () => number): CampaignId {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let tail = '';
  for (let i = 0; i < 6; i++) tail += alphabet[Math.floor(random() * alphabet.length)];
  return `CMP-${at.toISOString().slice(0, 10).replaceAll('-', '')}-${tail}`;
}

export type { ComponentCategory };

/** The campaigns and the vehicles they affect (in the global table; adapter in `functions/data/`). */
export interface CampaignRegister {
  get(campaignId: string): Promise<Campaign | undefined>;
  /** Every campaign, newest first. */
  list(): Promise<Campaign[]>;
  /** The campaign's record of one vehicle, when it affects it. */
  vehicle(campaignId: string, vin: string): Promise<CampaignVehicle | undefined>;
  vehicles(campaignId: string): Promise<CampaignVehicle[]>;
}
