import { OpenCampaignSchema } from '../../domain/quality/campaign-request.ts';
import type { BackofficeRouteContract } from './contract.ts';

/**
 * POST campaigns: apart from the other back-office contracts (route-contracts.ts lists it with
 * them), so that only the function that opens campaigns (open-campaign.ts) carries the campaign
 * schemas: esbuild keeps a file's top-level schemas with the file (cold start, issue 18).
 */
export const openCampaignContract = /* @__PURE__ */ (() =>
  ({
    role: 'manager',
    summary: 'Opens a service campaign and tells every affected customer in their language',
    body: OpenCampaignSchema,
    responses: { 201: { description: '{ campaign, vehicles, noticesSent, notRegistered, outsideMarkets }' } },
    problems: [],
  }) as const satisfies BackofficeRouteContract)();
