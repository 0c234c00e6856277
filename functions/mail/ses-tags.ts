/**
 * SES tag values allow letters, digits, `_` and `-` only. A module of its own: the campaign notices
 * name their tags without loading the SES client (ses-mailer.ts), which only the send needs.
 */
export const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_');
