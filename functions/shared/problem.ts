import type { APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod/mini';

/**
 * Problem details (RFC 9457) for every error of the partner API, the handlers' and the local
 * gateway's alike. `type` is a URN naming the kind of problem (stable, for clients to branch on;
 * listed in the OpenAPI document), `detail` says what to do about this occurrence, and `errors`
 * names each bad input: a JSON Pointer (RFC 6901) into the body, or a query/path parameter, or a
 * header.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const PROBLEM_TYPES = {
  validation: { status: 400, title: 'The request is not valid' },
  malformedJson: { status: 400, title: 'The body is not valid JSON' },
  unauthorized: { status: 401, title: 'Missing API key' },
  forbidden: { status: 403, title: 'The API key is not valid' },
  /** Back-office API: no bearer token, or one that is not valid (signature, issuer, expiry). */
  unauthenticated: { status: 401, title: 'Missing or invalid bearer token' },
  /** Back-office API: the token is valid, its role may not do this. */
  roleForbidden: { status: 403, title: 'Your role does not allow this' },
  notFound: { status: 404, title: 'Not found' },
  methodNotAllowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  payloadTooLarge: { status: 413, title: 'The body is too large' },
  unsupportedMediaType: { status: 415, title: 'The body is not in a media type this route accepts' },
  /** Back-office API: an approval above the adjuster's limit. */
  approvalLimitExceeded: { status: 422, title: 'Over your approval limit' },
  /** Back-office API: a vehicle import file with invalid rows (each in `errors`); nothing was imported. */
  invalidImport: { status: 422, title: 'The file has rows that cannot be imported' },
  /** Back-office API: an import that ran out of time part-way; the same file sent again completes it. */
  importIncomplete: { status: 503, title: 'The import stopped before the end' },
  wrongRegion: { status: 421, title: "Call the home region's API" },
  tooManyRequests: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  badGateway: { status: 502, title: 'The function behind this route failed' },
  /** The region's database does not answer for now (an outage): try again after Retry-After. */
  serviceUnavailable: { status: 503, title: 'Unavailable for a moment' },
  gatewayTimeout: { status: 504, title: 'The function behind this route took too long' },
} as const;
export type ProblemKind = keyof typeof PROBLEM_TYPES;
/** Problems only the back-office API answers (left out of the partner API's OpenAPI document). */
export const BACKOFFICE_PROBLEM_KINDS: ReadonlySet<ProblemKind> = new Set([
  'unauthenticated',
  'roleForbidden',
  'approvalLimitExceeded',
  'invalidImport',
  'importIncomplete',
]);

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
export const problemTypeUri = (kind: ProblemKind) => `urn:claimflow:problem:${kebab(kind)}`;

export const FieldErrorSchema = /* @__PURE__ */ (() =>
  z
    .object({
      detail: z.string(),
      pointer: z
        .optional(z.string())
        .check(z.meta({ description: 'JSON Pointer (RFC 6901) into the request body' })),
      parameter: z.optional(z.string()).check(z.meta({ description: 'a path or query parameter' })),
      header: z.optional(z.string()).check(z.meta({ description: 'a request header' })),
      row: z
        .optional(z.int())
        .check(z.meta({ description: 'an uploaded CSV file: the line (the header is 1)' })),
      column: z
        .optional(z.string())
        .check(z.meta({ description: "with row: the column's header name ('' for the row)" })),
    })
    .check(
      z.meta({
        description:
          'One bad input: exactly one of pointer, parameter, header names it (or row and column, in a file).',
      }),
    ))();
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const ProblemSchema = /* @__PURE__ */ (() =>
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.int(),
      detail: z.string(),
      instance: z.optional(z.string()),
      errors: z.optional(z.array(FieldErrorSchema)),
      homeRegion: z
        .optional(z.string())
        .check(z.meta({ description: 'With status 421: the export region whose API serves this request' })),
      requestId: z.optional(z.string()),
    })
    .check(z.meta({ description: 'RFC 9457 problem details' })))();
export type Problem = z.infer<typeof ProblemSchema>;

/** An error a handler or middleware throws to answer with a problem; anything else is a 500. */
export class ProblemError extends Error {
  constructor(
    readonly kind: ProblemKind,
    detail: string,
    readonly extra: { errors?: FieldError[]; homeRegion?: string; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export function problem(
  kind: ProblemKind,
  detail: string,
  extra: Omit<Problem, 'type' | 'title' | 'status' | 'detail'> = {},
): Problem {
  const { status, title } = PROBLEM_TYPES[kind];
  return { type: problemTypeUri(kind), title, status, detail, ...extra };
}

export function problemResponse(p: Problem, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: p.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(p),
  };
}
