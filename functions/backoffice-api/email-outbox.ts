import { emailOutbox } from '../back-office/email-outbox.ts';
import { adapters } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { emailOutboxContract } from './contract.ts';

const DEFAULT_OUTBOX_PAGE = 50;
const outbox = emailOutbox(adapters);

/** GET /backoffice/v1/outbox?claimId=|region=&limit=: emails sent, newest first (viewer and up). */
export const handler = backofficeRoute(emailOutboxContract, 'viewer', async ({ query }) =>
  ok(
    await outbox({
      region: query.region ?? adapters.region,
      limit: query.limit ?? DEFAULT_OUTBOX_PAGE,
      ...(query.claimId ? { claimId: query.claimId } : {}),
    }),
  ),
);
