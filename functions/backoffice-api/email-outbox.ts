import { emailOutbox } from '../back-office/email-outbox.ts';
import { claimReads, clock, emails, followUp, region } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { emailOutboxContract } from './contract.ts';

const DEFAULT_OUTBOX_PAGE = 50;
const outbox = emailOutbox({ emails, followUp, claimReads, clock });

/** GET /backoffice/v1/outbox?claimId=|region=&limit=: emails sent, newest first (viewer and up). */
export const handler = backofficeRoute(emailOutboxContract, 'viewer', async ({ query }) =>
  ok(
    await outbox({
      region: query.region ?? region,
      limit: query.limit ?? DEFAULT_OUTBOX_PAGE,
      ...(query.claimId ? { claimId: query.claimId } : {}),
    }),
  ),
);
