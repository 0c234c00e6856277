import { translator } from '../../../functions/mail/catalogue.ts';

/** A bundle entry for function-bundles.test.ts: a greeting in the customer's language, as an email starts. */
export const greet = (language: string, name: string): string => translator(language).t('greeting', { name });
