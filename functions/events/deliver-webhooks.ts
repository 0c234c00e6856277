import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger, webhookDispatch } from '../shared/adapters.ts';
import { dispatchSettingsFromEnv, dispatchWebhooks } from '../webhooks/dispatch.ts';
import { urlPolicyFromEnv } from '../webhooks/url-policy.ts';

const dispatchSettings = { ...dispatchSettingsFromEnv(), policy: urlPolicyFromEnv() };

/** Scheduled: one dispatcher run (see functions/webhooks/dispatch.ts). */
export const handler = middy(async () => {
  const report = await dispatchWebhooks(webhookDispatch, dispatchSettings);
  if (report.attempted + report.skipped + report.failed > 0)
    logger.info('webhooks dispatched', { ...report });
  return report;
}).use(injectLambdaContext(logger, { clearState: true }));
