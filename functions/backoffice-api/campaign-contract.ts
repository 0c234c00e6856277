import { OpenCampaignSchema } from '../../domain/quality/campaign-request.ts';
import type { BackofficeRouteContract } from './contract.ts';

/**
 * POST campaigns: apart from the other back-office contracts (contract.ts lists it with them), so
 * that the route loaded on its first request (open-campaign.ts) takes the campaign schemas with it:
 * esbuild puts a module that the function's start and a first-use chunk both import in a chunk read
 * at start, whole (cold start, issue 18).
 */
export const openCampaignContract = /* @__PURE__ */ (() =>
  ({
    role: 'manager',
    summary: 'Opens a service campaign and tells every affected customer in their language',
    body: OpenCampaignSchema,
    responses: { 201: { description: '{ campaign, vehicles, noticesSent, notRegistered, outsideMarkets }' } },
    problems: [],
  }) as const satisfies BackofficeRouteContract)();
