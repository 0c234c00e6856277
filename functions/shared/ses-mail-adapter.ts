import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../mail/ses-mailer.ts';
import { quiet, requestHandler, thisRegion } from './clients.ts';

/**
 * The mailer over SES with its client: `import()`ed by adapters.ts on first use (on-first-use.ts),
 * so only the functions that send email load the SES client.
 */
export const sesMailer = () =>
  new SesMailer(
    quiet(new SESv2Client({ region: thisRegion, requestHandler })),
    process.env.CLAIMFLOW_MAIL_FROM ?? 'after-sales@claimflow.example',
    process.env.CLAIMFLOW_SES_CONFIGURATION_SET,
  );
