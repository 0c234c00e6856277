import { openCampaignContract } from './campaign-contract.ts';
import {
  type BackofficeRouteContract,
  cancelClaimContract,
  claimDetailContract,
  claimMetricsContract,
  claimQueueContract,
  customerFeedbackContract,
  emailOutboxContract,
  goodwillClaimContract,
  importVehiclesContract,
  inventoryContract,
  listCampaignsContract,
  movePartReturnContract,
  openApiDocumentContract,
  partnerDirectoryContract,
  partnerWebhookContract,
  queueCountsContract,
  redriveClaimContract,
  restockWarehouseContract,
  reviewClaimContract,
  workflowDefinitionContract,
} from './contract.ts';

/**
 * Every back-office route's contract, by catalog key: for the OpenAPI document, the CDK API's
 * routes and the tests. A module of its own, which no function imports: a route imports only its
 * own contract, and a contract a function loads on first use (campaign-contract.ts) stays out of
 * the chunks the function reads at start (cold start, issue 18).
 */
export const backofficeContracts = {
  claimQueue: claimQueueContract,
  claimDetail: claimDetailContract,
  queueCounts: queueCountsContract,
  workflowDefinition: workflowDefinitionContract,
  openApiDocument: openApiDocumentContract,
  cancelClaim: cancelClaimContract,
  redriveClaim: redriveClaimContract,
  reviewClaim: reviewClaimContract,
  restockWarehouse: restockWarehouseContract,
  inventory: inventoryContract,
  importVehicles: importVehiclesContract,
  partnerDirectory: partnerDirectoryContract,
  emailOutbox: emailOutboxContract,
  movePartReturn: movePartReturnContract,
  goodwillClaim: goodwillClaimContract,
  customerFeedback: customerFeedbackContract,
  partnerWebhook: partnerWebhookContract,
  claimMetrics: claimMetricsContract,
  listCampaigns: listCampaignsContract,
  openCampaign: openCampaignContract,
} as const satisfies Record<string, BackofficeRouteContract>;
