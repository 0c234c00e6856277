/**
 * Keys of every item type in the global table, in one place (see docs/ARCHITECTURE.md for the
 * access patterns). Repositories and the seed build keys only through these functions.
 */
import type { Key } from './guarded-table.ts';

export const keys = {
  ownerRecord: (homeRegion: string): Key => ({ pk: `REGION#${homeRegion}`, sk: 'OWNER' }),
  /**
   * The home region's clock as one writer region stamps it: how fresh another region's replica is.
   * One item per writer, so the old and the new writer of an evacuation never write the same item.
   */
  writerClock: (homeRegion: string, writerRegion: string): Key => ({
    pk: `REGION#${homeRegion}`,
    sk: `CLOCK#${writerRegion}`,
  }),
  /** All partners under one partition: the back office lists them, and they are few. */
  partner: (partnerId: string): Key => ({ pk: 'PARTNERS', sk: partnerId }),
  apiKey: (sha256Hex: string): Key => ({ pk: `APIKEY#${sha256Hex}`, sk: 'APIKEY' }),
  technician: (centreId: string, technicianId: string): Key => ({
    pk: `CENTRE#${centreId}`,
    sk: `TECH#${technicianId}`,
  }),
  /** A booking of a technician for a claim, listed per centre by start time. */
  booking: (centreId: string, startIso: string, technicianId: string, claimId: string): Key => ({
    pk: `CENTREBOOKINGS#${centreId}`,
    sk: `${startIso}#${technicianId}#${claimId}`,
  }),
  /** One lock per technician and 15-minute slot: two bookings that overlap collide on a lock. */
  slotLock: (technicianId: string, slotStartIso: string): Key => ({
    pk: `TECHSLOT#${technicianId}`,
    sk: slotStartIso,
  }),
  /** Which booking a claim holds: makes booking idempotent per claim and cancellation possible. */
  claimBooking: (claimId: string): Key => ({ pk: `CLAIM#${claimId}`, sk: 'BOOKING' }),
  /** A partner's Idempotency-Key (its SHA-256) and the claim its first use filed. */
  idempotencyKey: (partnerId: string, keyHash: string): Key => ({
    pk: `IDEMPOTENCY#${partnerId}#${keyHash}`,
    sk: 'FIRST',
  }),
  vehicle: (vin: string): Key => ({ pk: `VEHICLE#${vin}`, sk: 'VEHICLE' }),
  /**
   * A vehicle's place in its market's fleet, on the vehicle item itself through the byPartner index
   * (overloaded: `FLEET#<market>` partitions hold vehicles, `PARTNER#` ones claims): the fleet of a
   * market, by model, year and VIN, is one Query, the denominator of the failure rates and the
   * affected vehicles of a campaign.
   */
  fleetIndex: (v: { market: string; model: string; modelYear: number; vin: string }) => ({
    gsi1pk: `FLEET#${v.market}`,
    gsi1sk: `${v.model}#${v.modelYear}#${v.vin}`,
  }),
  /** Service campaigns, all under one partition (few, read by every partner of their markets). */
  campaign: (campaignId: string): Key => ({ pk: 'CAMPAIGNS', sk: campaignId }),
  /** A vehicle a campaign affects: the notice sent to its customer, whether it is done. */
  campaignVehicle: (campaignId: string, vin: string): Key => ({
    pk: `CAMPAIGN#${campaignId}`,
    sk: `VIN#${vin}`,
  }),
  /** A claim's quality facts, by market and failure month (`domain/quality/ledger.ts`). */
  qualityFact: (market: string, month: string, claimId: string): Key => ({
    pk: `QUALITY#${market}#${month}`,
    sk: claimId,
  }),
  part: (partNumber: string): Key => ({ pk: `PART#${partNumber}`, sk: 'PART' }),
  laborOperation: (code: string): Key => ({ pk: `LABOROP#${code}`, sk: 'LABOROP' }),
  /** All warehouses under one partition (a handful per region). */
  warehouse: (warehouseId: string): Key => ({ pk: 'WAREHOUSES', sk: warehouseId }),
  stock: (warehouseId: string, partNumber: string): Key => ({
    pk: `WAREHOUSE#${warehouseId}`,
    sk: `STOCK#${partNumber}`,
  }),
  /** A backordered claim waiting for a part, in filing order (first come, first served). */
  backorder: (partNumber: string, queuedAt: string, claimId: string): Key => ({
    pk: `BACKORDER#${partNumber}`,
    sk: `${queuedAt}#${claimId}`,
  }),
  /** The same entry under the claim: which queues a claim is in, so it can leave them all. */
  claimQueue: (claimId: string, partNumber: string): Key => ({
    pk: `CLAIMQUEUE#${claimId}`,
    sk: partNumber,
  }),
  claim: (claimId: string): Key => ({ pk: `CLAIM#${claimId}`, sk: 'CLAIM' }),
  /**
   * The once-only record of one email of a claim, written before sending (DESIGN §8). In the global
   * table, not the regional one, so the region that takes over after a failover sees it too.
   */
  claimEmail: (claimId: string, template: string): Key => ({
    pk: `CLAIM#${claimId}`,
    sk: `EMAIL#${template}`,
  }),
  /** The claim's survey answer: its existence makes the answer count once. */
  surveyAnswer: (claimId: string): Key => ({ pk: `CLAIM#${claimId}`, sk: 'SURVEY' }),
  /**
   * The same answer filed for NPS: one partition per home region and month, sorted by partner, so a
   * report is one Query per region and month (per partner: begins_with) and never a Scan.
   */
  npsAnswer: (region: string, month: string, partnerId: string, claimId: string): Key => ({
    pk: `NPS#${region}#${month}`,
    sk: `${partnerId}#${claimId}`,
  }),
  /**
   * An address that must not get (some) email: by the SHA-256 of the lower-cased address, one item
   * per home region and reason, so each region writes only its own items and a reader finds all of
   * them with one Query of the partition.
   */
  suppression: (emailSha256: string, homeRegion: string, reason: string): Key => ({
    pk: `SUPPRESS#${emailSha256}`,
    sk: `${homeRegion}#${reason}`,
  }),
  // ── Master data kept by the back office (functions/data/master-data-store.ts) ──
  /** All markets under one partition (tens). */
  market: (code: string): Key => ({ pk: 'MARKETS', sk: code }),
  /** Which partner a service centre belongs to (the centre itself is in the partner's record). */
  centre: (centreId: string): Key => ({ pk: `CENTRE#${centreId}`, sk: 'CENTRE' }),
  /** Which centre a technician works at, so a technician is found by id alone. */
  technicianRef: (technicianId: string): Key => ({ pk: `TECHNICIAN#${technicianId}`, sk: 'TECHNICIAN' }),
  /** A partner's keys by id (with the key's hash), listed per partner; the key itself is never stored. */
  partnerKey: (partnerId: string, keyId: string): Key => ({ pk: `PARTNERKEYS#${partnerId}`, sk: keyId }),
  /** The parts catalogue and labour operations listed (the same records as PART#/LABOROP#, written together). */
  partListing: (partNumber: string): Key => ({ pk: 'PARTS', sk: partNumber }),
  laborOperationListing: (code: string): Key => ({ pk: 'LABOROPS', sk: code }),
  /** A warranty plan's latest version, listed with the others; its versions under PLAN#<id>. */
  plan: (planId: string): Key => ({ pk: 'PLANS', sk: planId }),
  planVersion: (planId: string, version: number): Key => ({
    pk: `PLAN#${planId}`,
    sk: `V#${String(version).padStart(6, '0')}`,
  }),
  /** One change of one master-data record: who, when, before and after, oldest first. */
  audit: (entity: string, entityId: string, at: string, id: string): Key => ({
    pk: `AUDIT#${entity}#${entityId}`,
    sk: `${at}#${id}`,
  }),
  /** A partner's webhook endpoint (URL, event types, signing secrets): one per partner. */
  webhookEndpoint: (partnerId: string): Key => ({ pk: `WEBHOOK#${partnerId}`, sk: 'ENDPOINT' }),
  /**
   * One partner event with its delivery state, beside its subject: a claim's (written with the
   * claim change), or a service campaign's (`CMP-…`, written when it opens).
   */
  partnerEvent: (subjectId: string, eventId: string): Key => ({
    pk: subjectId.startsWith('CMP-') ? `CAMPAIGN#${subjectId}` : `CLAIM#${subjectId}`,
    sk: `EVENT#${eventId}`,
  }),
  /** Written last by the demo seed; its presence means the seed is complete. */
  seedMarker: (name: string): Key => ({ pk: 'SEED', sk: name }),
};

/** Index attributes per item type: which GSI an item appears in, and under which keys. */
export const indexKeys = {
  claimByPartner: (partnerId: string, filedAt: string, claimId: string) => ({
    gsi1pk: `PARTNER#${partnerId}`,
    gsi1sk: `CLAIM#${filedAt}#${claimId}`,
  }),
  claimByStatus: (homeRegion: string, status: string, updatedAt: string, claimId: string) => ({
    gsi2pk: `STATUS#${homeRegion}#${status}`,
    gsi2sk: `${updatedAt}#${claimId}`,
  }),
  claimByVin: (vin: string, filedAt: string, claimId: string) => ({
    gsi3pk: `VIN#${vin}`,
    gsi3sk: `CLAIM#${filedAt}#${claimId}`,
  }),
  stockByPart: (partNumber: string, region: string, warehouseId: string) => ({
    gsi4pk: `PART#${partNumber}`,
    gsi4sk: `${region}#${warehouseId}`,
  }),
  /**
   * A partner event waiting for (another) delivery attempt, in its home region's queue by due time.
   * Overloads index byStatus (its claim partitions are `STATUS#…`); removed once the event is settled.
   */
  partnerEventDue: (homeRegion: string, dueAt: string, eventId: string) => ({
    gsi2pk: `WEBHOOKDUE#${homeRegion}`,
    gsi2sk: `${dueAt}#${eventId}`,
  }),
  /** A partner's webhook deliveries, newest first: overloads index byPartner (claims are `PARTNER#…`). */
  partnerEventByPartner: (partnerId: string, createdAt: string, eventId: string) => ({
    gsi1pk: `WEBHOOKS#${partnerId}`,
    gsi1sk: `${createdAt}#${eventId}`,
  }),
  /**
   * A notification that could not be sent, parked where the back office and the region runbook see
   * it (issue 14: "parked, never silently dropped"): an email the mail service refused, a webhook
   * event given up. Overloads index byStatus; removed once the email is sent on a retry.
   */
  parked: (homeRegion: string, at: string, kind: 'email' | 'webhook', id: string) => ({
    gsi2pk: indexKeys.parkedIn(homeRegion),
    gsi2sk: `${at}#${kind}#${id}`,
  }),
  /** The partition of a home region's parked notifications (what the runbook counts). */
  parkedIn: (homeRegion: string) => `PARKED#${homeRegion}`,
  /**
   * An email's once-only record in its region's outbox: one partition per home region and month
   * (UTC), so "the latest emails" is a Query of this month (then the one before) and never a Scan.
   */
  emailByRegion: (homeRegion: string, at: string, claimId: string, template: string) => ({
    gsi5pk: `OUTBOX#${homeRegion}#${at.slice(0, 7)}`,
    gsi5sk: `${at}#${claimId}#${template}`,
  }),
};
