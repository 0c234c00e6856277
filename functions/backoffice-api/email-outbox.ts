import { emailOutbox } from '../lifecycle/back-office-operations.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { settings } from '../shared/context.ts';
import { ok } from '../shared/partner-route.ts';
import { backofficeContracts } from './contract.ts';

const DEFAULT_OUTBOX_PAGE = 50;

/** GET /backoffice/v1/outbox?claimId=|region=&limit=: emails sent, newest first (viewer and up). */
export const handler = backofficeRoute(backofficeContracts.emailOutbox, 'viewer', async ({ query }) =>
  ok(
    await emailOutbox({
      region: query.region ?? settings.region,
      limit: query.limit ?? DEFAULT_OUTBOX_PAGE,
      ...(query.claimId ? { claimId: query.claimId } : {}),
    }),
  ),
);
