import { customerFeedback } from '../back-office/customer-feedback.ts';
import { clock, followUp, partners, region } from '../shared/adapters.ts';
import { backofficeRoute } from '../shared/backoffice-route.ts';
import { ok } from '../shared/partner-route.ts';
import { customerFeedbackContract } from './contract.ts';

/** GET /backoffice/v1/feedback?region=&months=3: NPS per partner and centre, and the comments (viewer and up). */
const feedback = customerFeedback({ clock, followUp, partners });

export const handler = backofficeRoute(customerFeedbackContract, 'viewer', async ({ query }) =>
  ok(await feedback({ region: query?.region ?? region, months: query?.months ?? 3 })),
);
