import { CampaignError } from '../../domain/quality/campaign.ts';
import { openCampaign } from '../back-office/campaigns.ts';
import {
  campaigns,
  claims,
  clock,
  emails,
  fleet,
  log,
  mailer,
  partners,
  partsCatalog,
  quality,
  region,
  vehicles,
} from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { businessMetrics } from '../shared/business-metrics.ts';
import { ProblemError } from '../shared/problem.ts';
import { openCampaignContract } from './campaign-contract.ts';

/**
 * POST campaigns (a manager opens a service campaign; catalog `openCampaign`): checks the body
 * against the campaign schemas, mails every affected customer in their language (every template's
 * messages, the SES client) and counts the emails (Powertools Metrics). A function apart from the
 * reports (claim-metrics.ts), which need none of it.
 */
const open = openCampaign({
  region,
  clock,
  fleet,
  vehicles,
  partsCatalog,
  claims,
  campaigns,
  partners,
  mailer,
  emails,
  quality,
  metrics: businessMetrics,
  log,
});

export const handler = backofficeRoute(openCampaignContract, 'manager', async ({ body, staff }) => {
  try {
    const opened = await open(body, staff.email);
    return {
      status: 201,
      body: opened,
      headers: { location: `/backoffice/v1/campaigns?campaignId=${opened.campaign.campaignId}` },
    };
  } catch (err) {
    if (err instanceof CampaignError)
      throw new ProblemError('validation', `${err.message}. Nothing was opened`, { errors: err.errors });
    throw err;
  }
});
