import * as z from 'zod/mini';
import { CLAIM_STATUSES } from '../../domain/claim.ts';
import { MoneySchema } from '../../domain/money.ts';
import { PARTNER_EVENT_TYPES, PartnerEventTypeSchema } from '../../domain/partner-events.ts';
import { wholeNumberParam } from '../shared/query-params.ts';
import { MAX_WEBHOOK_URL_LENGTH } from '../webhooks/url-policy.ts';

/**
 * The partner API's webhook contract: the endpoint settings, the deliveries, and the events
 * themselves (the OpenAPI document's `webhooks`, Standard Webhooks 1.0 headers and payloads).
 */

export const WebhookSettingsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    url: z.string({ error: 'url must be a string' }).check(
      z.minLength(1, 'url must not be empty'),
      z.maxLength(MAX_WEBHOOK_URL_LENGTH, `url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`),
      z.meta({
        description: 'HTTPS URL on a public address; deliveries are POSTed here',
        examples: ['https://dealer.example/claimflow'],
      }),
    ),
    events: z
      .array(PartnerEventTypeSchema)
      .check(
        z.minLength(1, 'events must name at least one event type'),
        z.maxLength(PARTNER_EVENT_TYPES.length * 2, 'events lists each event type once'),
        z.meta({ description: 'The event types to receive' }),
      ),
  }))();

export const WebhookEndpointViewSchema = /* @__PURE__ */ (() =>
  z.object({
    url: z.string(),
    events: z.array(z.enum(PARTNER_EVENT_TYPES)),
    enabled: z.boolean().check(
      z.meta({
        description: 'false after the endpoint answered 410 Gone; PUT /v1/webhook again to enable it',
      }),
    ),
    disabledAt: z.optional(z.string()),
    disabledReason: z.optional(z.string()),
    secretCreatedAt: z.optional(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    secret: z
      .optional(z.string())
      .check(z.meta({ description: 'whsec_… signing secret: in the answer that made it, and never again' })),
    previousSecretRetiresAt: z.optional(z.string()).check(
      z.meta({
        description: 'After a rotation: until then every delivery is signed with the old secret too',
      }),
    ),
  }))();

const AttemptSchema = /* @__PURE__ */ (() =>
  z.object({
    at: z.string(),
    httpStatus: z.optional(z.int()).check(z.meta({ description: "Your endpoint's answer" })),
    error: z
      .optional(z.string())
      .check(z.meta({ description: 'Why no answer came (timeout, connection refused, …)' })),
    ms: z.int(),
  }))();

export const WebhookDeliveryListSchema = /* @__PURE__ */ (() =>
  z.object({
    items: z.array(
      z.object({
        eventId: z.string().check(z.meta({ description: 'The webhook-id header: the same on every retry' })),
        type: z.enum(PARTNER_EVENT_TYPES),
        claimId: z
          .optional(z.string())
          .check(z.meta({ description: 'The claim the event is about (claim.* events)' })),
        campaignId: z
          .optional(z.string())
          .check(z.meta({ description: 'The service campaign the event is about (campaign.opened)' })),
        createdAt: z.string(),
        state: z.enum(['pending', 'delivered', 'failed']).check(
          z.meta({
            description:
              'pending: more attempts to come (nextAttemptAt); failed: no more attempts (note says why)',
          }),
        ),
        url: z.optional(z.string()),
        attempts: z.array(AttemptSchema).check(z.meta({ description: 'The latest attempts, oldest first' })),
        nextAttemptAt: z.optional(z.string()),
        deliveredAt: z.optional(z.string()),
        note: z.optional(z.string()),
      }),
    ),
    nextCursor: z.optional(z.string()),
  }))();

export const DeliveriesQuerySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    cursor: z.optional(
      z
        .string()
        .check(z.minLength(1), z.maxLength(2048, 'cursor must be one this API returned (nextCursor)')),
    ),
    limit: z
      .optional(wholeNumberParam('limit', 1, 100))
      .check(z.meta({ description: 'Deliveries per page, 1 to 100 (default 20)' })),
  }))();

// ── The events (what your endpoint receives) ────────────────────────────────────────────────

const claimRef = /* @__PURE__ */ (() => ({
  claimId: z.string(),
  repairOrderNumber: z.string(),
  vin: z.string(),
}))();
const AppointmentSchema = /* @__PURE__ */ (() =>
  z.object({
    centreId: z.string(),
    technicianId: z.string(),
    start: z.string().check(z.meta({ description: 'ISO 8601 with offset' })),
    end: z.string(),
  }))();
const envelope = <T extends z.ZodMiniType>(
  type: (typeof PARTNER_EVENT_TYPES)[number],
  data: T,
  description: string,
) => z.object({ type: z.literal(type), timestamp: z.string(), data }).check(z.meta({ description }));

export const WEBHOOK_EVENT_SCHEMAS = /* @__PURE__ */ (() =>
  ({
    'claim.status_changed': envelope(
      'claim.status_changed',
      z.object({
        ...claimRef,
        from: z.enum(CLAIM_STATUSES),
        to: z.enum(CLAIM_STATUSES),
        reasons: z
          .array(z.string())
          .check(z.meta({ description: 'Claim-level reason codes of the latest decision' })),
      }),
      'The claim moved from one status to the next (every move, REJECTED and CANCELLED included)',
    ),
    'claim.appointment_booked': envelope(
      'claim.appointment_booked',
      z.object({ ...claimRef, appointment: AppointmentSchema, rebooked: z.boolean() }),
      'The repair is booked (or booked again at another time)',
    ),
    'claim.repair_report_due': envelope(
      'claim.repair_report_due',
      z.object({
        ...claimRef,
        reminder: z.int().check(z.meta({ description: '1 for the first reminder, then 2, 3, …' })),
        appointment: z.optional(AppointmentSchema),
        report: z.string().check(z.meta({ description: 'The call that reports the repair done' })),
      }),
      'The appointment has passed and the repair has not been reported: report it with POST /v1/claims/{claimId}/completion',
    ),
    'claim.settled': envelope(
      'claim.settled',
      z.object({ ...claimRef, settled: z.optional(MoneySchema), approved: z.optional(MoneySchema) }),
      'The claim is settled: `settled` is what you are paid, in minor units of your currency',
    ),
    'campaign.opened': envelope(
      'campaign.opened',
      z.object({
        campaignId: z.string(),
        title: z.string(),
        component: z.string().check(z.meta({ description: 'The component category at fault' })),
        market: z.string().check(z.meta({ description: 'Your market, one of those the campaign names' })),
        openedAt: z.string(),
        remedy: z
          .object({
            laborOperation: z.string(),
            laborHours: z.number(),
            parts: z.array(z.object({ partNumber: z.string(), quantity: z.int() })),
          })
          .check(z.meta({ description: 'The repair the campaign pays for: cite campaignId on the claim' })),
        vehicles: z.int().check(z.meta({ description: 'Vehicles of your market it affects' })),
        openVehicles: z
          .string()
          .check(z.meta({ description: 'The call that lists them: GET /v1/campaigns' })),
      }),
      'A service campaign (recall) was opened for your market: its vehicles are listed by GET /v1/campaigns',
    ),
  }) as const)();

const WEBHOOK_HEADERS = [
  ['webhook-id', 'The event id: the same on every retry; deduplicate by it'],
  ['webhook-timestamp', 'Seconds since 1970 when this attempt was signed; refuse old ones (5 minutes)'],
  [
    'webhook-signature',
    'Space-separated `v1,<base64>` HMAC-SHA256 signatures of `id.timestamp.body` (one per live secret)',
  ],
] as const;

/** The OpenAPI 3.1 `webhooks` object: one POST per event type, its body a named component. */
export function webhooksSection(refOf: (name: string) => Record<string, unknown>) {
  return Object.fromEntries(
    PARTNER_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: z.globalRegistry.get(WEBHOOK_EVENT_SCHEMAS[type])?.description,
          description:
            'Standard Webhooks 1.0. At least once: retried with exponential backoff (30 s doubling, at most 6 h ' +
            'apart) for at least 24 hours with the same webhook-id until you answer 2xx; 410 Gone disables the ' +
            'endpoint. Answer fast and process later: an answer later than 5 s counts as a failure.',
          parameters: WEBHOOK_HEADERS.map(([name, description]) => ({
            name,
            in: 'header',
            required: true,
            description,
            schema: { type: 'string' },
          })),
          requestBody: {
            required: true,
            content: { 'application/json': { schema: refOf(eventComponentName(type)) } },
          },
          responses: {
            '2XX': { description: 'Received: not sent again' },
            '410': {
              description: 'Gone: the endpoint is disabled, nothing more is sent until it is set again',
            },
            default: { description: 'Anything else (or no answer in 5 s): sent again later' },
          },
        },
      },
    ]),
  );
}

export const eventComponentName = (type: string) =>
  `${type
    .split(/[._]/)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')}Event`;
