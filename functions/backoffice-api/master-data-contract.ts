import * as z from 'zod/mini';
import { IssueKeySchema, KeyIdSchema } from '../../domain/master-data/api-keys.ts';
import { MASTER_DATA_ENTITIES } from '../../domain/master-data/audit.ts';
import {
  LaborOperationDraftSchema,
  PartDraftSchema,
  WarehouseDraftSchema,
} from '../../domain/master-data/catalogue.ts';
import { IMPORT_KINDS } from '../../domain/master-data/imports.ts';
import { MarketDraftSchema } from '../../domain/master-data/market.ts';
import {
  NewPartnerSchema,
  PartnerChangesSchema,
  ServiceCentreDraftSchema,
} from '../../domain/master-data/partners.ts';
import { TechnicianDraftSchema } from '../../domain/master-data/technicians.ts';
import { LaborOperationCodeSchema, PartNumberSchema } from '../../domain/part.ts';
import { CentreIdSchema, MarketCodeSchema, PartnerIdSchema } from '../../domain/partner.ts';
import { WarehouseIdSchema } from '../../domain/stock.ts';
import { TechnicianIdSchema } from '../../domain/technician.ts';
import { WarrantyPlanDraftSchema, WarrantyPlanIdSchema } from '../../domain/warranty-plan.ts';
import { wholeNumberParam } from '../shared/query-params.ts';
import { type BackofficeRouteContract, MAX_IMPORT_BYTES } from './contract.ts';

/**
 * The master-data routes' requests as zod schemas (issue 15), one contract per operation; the
 * operations and their paths are in `functions/catalog.ts` (`masterDataApi`). Bodies are the
 * domain's schemas (domain/master-data/), strict: an unknown field is an error naming it. One map
 * per function of `masterDataApi`, each built in a pure function: a function builds only the
 * schemas of its own routes (cold start, issue 18).
 */

const pageSize = /* @__PURE__ */ (() => wholeNumberParam('limit', 1, 200))();

const PageQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    limit: z.optional(pageSize),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  }))();

/** Any master-data record's id, as the audit trail names it. */
const EntityIdSchema = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.regex(/^[A-Za-z0-9][A-Za-z0-9_:.-]{0,129}$/, 'must be the id of a record (letters, digits, - _ : .)'),
    ))();

/** `managePartners` (catalog-backoffice.ts): markets, partners and their API keys. */
export const partnerDataContracts = /* @__PURE__ */ (() =>
  ({
    listMarkets: {
      role: 'manager',
      summary:
        'Every market: those of the deployment config and those opened since, with the region serving each',
      responses: { 200: { description: '{ items: Market[] }' } },
      problems: [],
    },
    putMarket: {
      role: 'manager',
      summary: 'Opens a market (or describes a configured one), naming the export region that serves it',
      path: z.strictObject({ code: MarketCodeSchema }),
      body: MarketDraftSchema,
      responses: { 200: { description: 'The market, changed' }, 201: { description: 'The market, opened' } },
      problems: [409],
    },
    createPartner: {
      role: 'manager',
      summary: "Creates a partner in its market's region: active, no service centre, no key yet",
      body: NewPartnerSchema,
      responses: {
        201: { description: 'The partner', headers: { Location: 'The partner' } },
        200: { description: 'The same partner sent again: as it is' },
      },
      problems: [409],
    },
    getPartner: {
      role: 'manager',
      summary: 'A partner with its service centres and its keys (never the keys themselves)',
      path: z.strictObject({ partnerId: PartnerIdSchema }),
      responses: { 200: { description: '{ partner, keys }' } },
      problems: [404],
    },
    changePartner: {
      role: 'manager',
      summary:
        'Changes a partner: name, tier, contact, rates, price list, status (suspended: its keys get 403 at once)',
      path: z.strictObject({ partnerId: PartnerIdSchema }),
      body: PartnerChangesSchema,
      responses: { 200: { description: 'The partner' } },
      problems: [404, 409],
    },
    issueKey: {
      role: 'manager',
      summary:
        'Issues an API key (shown in this answer only); with rotates, the old key expires after overlapHours',
      path: z.strictObject({ partnerId: PartnerIdSchema }),
      // `{}`: a new key with the default label.
      body: IssueKeySchema,
      responses: { 201: { description: '{ keyId, apiKey, key, rotated? }' } },
      problems: [404, 409],
    },
    revokeKey: {
      role: 'manager',
      summary: 'Revokes an API key: the next request with it is 403',
      path: z.strictObject({ partnerId: PartnerIdSchema, keyId: KeyIdSchema }),
      responses: { 200: { description: 'The key, revoked' } },
      problems: [404],
    },
  }) as const satisfies Record<string, BackofficeRouteContract>)();

/** `manageServiceNetwork` (catalog-backoffice.ts): service centres and technicians. */
export const serviceNetworkContracts = /* @__PURE__ */ (() =>
  ({
    getCentre: {
      role: 'manager',
      summary: 'A service centre with its technicians',
      path: z.strictObject({ centreId: CentreIdSchema }),
      responses: { 200: { description: 'The centre' } },
      problems: [404],
    },
    putCentre: {
      role: 'manager',
      summary: "Puts a partner's service centre: address, time zone, opening hours, public holidays",
      path: z.strictObject({ centreId: CentreIdSchema }),
      body: ServiceCentreDraftSchema,
      responses: { 200: { description: 'The centre, changed' }, 201: { description: 'The centre, created' } },
      problems: [409],
    },
    getTechnician: {
      role: 'manager',
      summary: 'A technician: skills, certifications, working days, leave',
      path: z.strictObject({ technicianId: TechnicianIdSchema }),
      responses: { 200: { description: 'The technician' } },
      problems: [404],
    },
    putTechnician: {
      role: 'manager',
      summary:
        'Puts a technician at a centre (replaced whole: skills, certifications with expiry, working days, leave)',
      path: z.strictObject({ technicianId: TechnicianIdSchema }),
      body: TechnicianDraftSchema,
      responses: {
        200: { description: 'The technician, changed' },
        201: { description: 'The technician, created' },
      },
      problems: [409],
    },
  }) as const satisfies Record<string, BackofficeRouteContract>)();

/** `manageCatalogue` (catalog-backoffice.ts): parts, labour operations, warehouses, warranty plans. */
export const catalogueContracts = /* @__PURE__ */ (() =>
  ({
    listParts: {
      role: 'manager',
      summary: 'The parts catalogue, by part number, a page at a time',
      query: PageQuery,
      responses: { 200: { description: '{ items: Part[], nextCursor? }' } },
      problems: [],
    },
    getPart: {
      role: 'manager',
      summary: 'A part with its prices',
      path: z.strictObject({ partNumber: PartNumberSchema }),
      responses: { 200: { description: 'The part' } },
      problems: [404],
    },
    putPart: {
      role: 'manager',
      summary:
        'Puts a part: category, supplier, price per currency in minor units, the labour operations that fit',
      path: z.strictObject({ partNumber: PartNumberSchema }),
      body: PartDraftSchema,
      responses: { 200: { description: 'The part, changed' }, 201: { description: 'The part, created' } },
      problems: [],
    },
    listLaborOperations: {
      role: 'manager',
      summary: 'The labour operations, by code, a page at a time',
      query: PageQuery,
      responses: { 200: { description: '{ items: LaborOperation[], nextCursor? }' } },
      problems: [],
    },
    getLaborOperation: {
      role: 'manager',
      summary: 'A labour operation',
      path: z.strictObject({ code: LaborOperationCodeSchema }),
      responses: { 200: { description: 'The labour operation' } },
      problems: [404],
    },
    putLaborOperation: {
      role: 'manager',
      summary: 'Puts a labour operation: flat-rate hours and the skill it needs',
      path: z.strictObject({ code: LaborOperationCodeSchema }),
      body: LaborOperationDraftSchema,
      responses: {
        200: { description: 'The labour operation, changed' },
        201: { description: 'The labour operation, created' },
      },
      problems: [],
    },
    getWarehouse: {
      role: 'manager',
      summary: 'A warehouse with its stock levels',
      path: z.strictObject({ warehouseId: WarehouseIdSchema }),
      responses: { 200: { description: 'The warehouse and { stock }' } },
      problems: [404],
    },
    putWarehouse: {
      role: 'manager',
      summary: 'Puts a warehouse in an export region (stock is set by the stock import, received by restock)',
      path: z.strictObject({ warehouseId: WarehouseIdSchema }),
      body: WarehouseDraftSchema,
      responses: {
        200: { description: 'The warehouse, changed' },
        201: { description: 'The warehouse, created' },
      },
      problems: [409],
    },
    listPlans: {
      role: 'manager',
      summary: 'The warranty plans, each with its latest version',
      responses: { 200: { description: '{ items: WarrantyPlan[] }' } },
      problems: [],
    },
    getPlan: {
      role: 'manager',
      summary: 'A warranty plan with every version, oldest first',
      path: z.strictObject({ planId: WarrantyPlanIdSchema }),
      responses: { 200: { description: '{ planId, versions }' } },
      problems: [404],
    },
    addPlanVersion: {
      role: 'manager',
      summary:
        'Adds the next version of a warranty plan (the first creates it), in force for vehicles delivered from effectiveFrom on',
      path: z.strictObject({ planId: WarrantyPlanIdSchema }),
      body: WarrantyPlanDraftSchema,
      responses: { 201: { description: 'The new version' } },
      problems: [409],
    },
  }) as const satisfies Record<string, BackofficeRouteContract>)();

/** `importMasterData` (catalog-backoffice.ts): the CSV imports. */
export const importContracts = /* @__PURE__ */ (() =>
  ({
    importMasterData: {
      role: 'manager',
      summary: 'Imports a CSV file of parts, technicians or stock, all of it or none',
      path: z.strictObject({
        kind: z.enum(IMPORT_KINDS, { error: `kind must be one of ${IMPORT_KINDS.join(', ')}` }),
      }),
      body: z.string().check(z.minLength(1, 'the body is empty: send the CSV file, header row first')),
      textBody: { mediaType: 'text/csv', maxBytes: MAX_IMPORT_BYTES },
      responses: { 200: { description: '{ kind, imported, created, changed, unchanged }' } },
      problems: [409, 422],
    },
  }) as const satisfies Record<string, BackofficeRouteContract>)();

/** `masterDataHistory` (catalog-backoffice.ts): the audit trail. */
export const historyContracts = /* @__PURE__ */ (() =>
  ({
    history: {
      role: 'manager',
      summary: 'The audit trail of one record: who changed what, when, before and after, oldest first',
      path: z.strictObject({
        entity: z.enum(MASTER_DATA_ENTITIES, {
          error: `entity must be one of ${MASTER_DATA_ENTITIES.join(', ')}`,
        }),
        entityId: EntityIdSchema,
      }),
      responses: { 200: { description: '{ items: AuditEntry[] }' } },
      problems: [],
    },
  }) as const satisfies Record<string, BackofficeRouteContract>)();

/** Every master-data route's contract by operation (the OpenAPI document and the CDK construct read them all). */
export const masterDataContracts = /* @__PURE__ */ (() => ({
  ...partnerDataContracts,
  ...serviceNetworkContracts,
  ...catalogueContracts,
  ...importContracts,
  ...historyContracts,
}))();

export type MasterDataOperation = keyof typeof masterDataContracts;
