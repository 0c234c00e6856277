import { z } from 'zod';
import { ClaimStatusSchema, LINE_DECISIONS } from '../../domain/claim.ts';
import { ClaimIdSchema } from '../../domain/claim-id.ts';
import { RegionSchema } from '../../domain/region.ts';
import { WarehouseIdSchema } from '../../domain/stock.ts';
import type { RouteContract } from '../partner-api/contract.ts';

/** The back-office API's requests as zod schemas, one contract per route (DESIGN §7). */

const pageSize = z
  .string()
  .regex(/^[0-9]{1,3}$/, 'limit must be a whole number from 1 to 100')
  .transform(Number)
  .pipe(z.number().min(1, 'limit must be from 1 to 100').max(100, 'limit must be from 1 to 100'));

export const QueueQuerySchema = z.strictObject({
  status: ClaimStatusSchema,
  /** Default: the region that serves the request. */
  region: RegionSchema.optional(),
  limit: pageSize.optional(),
  cursor: z.string().min(1).max(2048).optional(),
});

export const ReviewBodySchema = z.strictObject({
  outcome: z.enum(['APPROVED', 'REJECTED']),
  decisions: z
    .array(
      z.strictObject({
        lineNo: z.number().int().min(1),
        decision: z.enum(LINE_DECISIONS),
        quantity: z.number().int().min(0).optional(),
        laborHours: z.number().min(0).optional(),
      }),
    )
    .min(1)
    .max(200)
    .optional(),
  note: z.string().min(1).max(2000).optional(),
});

export const RestockBodySchema = z.strictObject({
  partNumber: z.string().min(1).max(64),
  quantity: z.number().int().min(1).max(1_000_000),
});

const ClaimPath = z.strictObject({ claimId: ClaimIdSchema });
const WarehousePath = z.strictObject({ warehouseId: WarehouseIdSchema });

export const backofficeContracts = {
  claimQueue: {
    summary: 'Claims of one status in a region, oldest change first',
    query: QueueQuerySchema,
    responses: { 200: { description: 'A page of claims' } },
    problems: [],
  },
  claimDetail: {
    summary: 'A claim with its audit trail and execution history',
    path: ClaimPath,
    responses: { 200: { description: 'The claim and its execution' } },
    problems: [404],
  },
  reviewClaim: {
    summary: 'Approve, reject or adjust a claim in review',
    path: ClaimPath,
    body: ReviewBodySchema,
    responses: { 200: { description: 'The claim after the review' } },
    problems: [404, 409, 421, 422],
  },
  restockWarehouse: {
    summary: 'Stock received in a warehouse; resumes backordered claims it serves',
    path: WarehousePath,
    body: RestockBodySchema,
    responses: { 200: { description: 'The claims resumed' } },
    problems: [404],
  },
} as const satisfies Record<string, RouteContract>;
