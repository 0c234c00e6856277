import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { type Mailer, MailRefusedError, type OutgoingEmail } from '../../domain/ports.ts';
import { tagValue } from './ses-tags.ts';

/**
 * SES refused the message (a client error: bad request, throttling, sending paused), or nothing
 * reached it: it was certainly not sent. Anything else (a timeout, a 5xx, a lost answer) may have
 * sent it.
 */
function certainlyNotSent(err: unknown): boolean {
  const e = err as { $fault?: string; code?: string; cause?: { code?: string } };
  return e.$fault === 'client' || e.code === 'ECONNREFUSED' || e.cause?.code === 'ECONNREFUSED';
}

/** Customer email through SESv2 (locally, the runtime's outbox speaks the same API). */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
    /** The configuration set whose event destination reports bounces and complaints. */
    private readonly configurationSet: string | undefined,
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId?: string }> {
    try {
      const res = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [email.to] },
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: email.text, Charset: 'UTF-8' },
                Html: { Data: email.html, Charset: 'UTF-8' },
              },
              ...(email.unsubscribeUrl
                ? {
                    Headers: [
                      { Name: 'List-Unsubscribe', Value: `<${email.unsubscribeUrl}>` },
                      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
                    ],
                  }
                : {}),
            },
          },
          ConfigurationSetName: this.configurationSet,
          EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value: tagValue(Value) })),
        }),
      );
      return res.MessageId ? { messageId: res.MessageId } : {};
    } catch (err) {
      if (certainlyNotSent(err)) throw new MailRefusedError(err);
      throw err;
    }
  }
}
