import { apiError } from './errors.ts';

/** The values of the Step Functions API as the local service reads and writes them on the wire. */

/** A request's JSON body. */
export type ApiRequest = Record<string, unknown>;

export const MAX_PAYLOAD_BYTES = 256 * 1024;
// Names: 1-80 characters, none of whitespace, brackets, wildcards, "#%\^|~`$&,;:/ or control characters.
const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,80}$/;
export const isValidName = (name: string): boolean =>
  NAME_PATTERN.test(name) &&
  [...name].every((char) => {
    const code = char.codePointAt(0)!;
    return code > 0x1f && (code < 0x7f || code > 0x9f);
  });

export function pageSize(maxResults: unknown): number {
  if (maxResults === undefined || maxResults === 0) return 100;
  if (
    typeof maxResults !== 'number' ||
    !Number.isInteger(maxResults) ||
    maxResults < 0 ||
    maxResults > 1000
  ) {
    throw apiError('ValidationException', 'maxResults must be an integer from 0 to 1000');
  }
  return maxResults;
}

export const encodePageToken = (cursor: object): string =>
  Buffer.from(JSON.stringify(cursor)).toString('base64url');

export function decodePageToken(token: unknown): unknown {
  if (typeof token !== 'string') throw invalidPageToken();
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidPageToken();
  }
}

export const invalidPageToken = () =>
  apiError('InvalidToken', 'Invalid Token: the nextToken is not one this service issued');

export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw apiError('ValidationException', `${field} must be a string`);
  return value;
}

export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Same JSON value, whatever the key order or spacing. */
export function sameJson(a: string, b: string): boolean {
  return canonical(JSON.parse(a)) === canonical(JSON.parse(b));
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Timestamps travel as epoch seconds in the AWS JSON protocols. */
export const epochSeconds = (ms: number): number => ms / 1000;

export function definedOnly(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}
