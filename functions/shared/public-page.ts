import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { isTranslated, TRANSLATED_LANGUAGES } from '../mail/catalogue.ts';
import { errorPage } from '../mail/pages.ts';
import { logger } from './logger.ts';

/**
 * The one middleware chain of the public pages behind the signed links (catalog kind
 * `public-page`): the API Gateway proxy event (payload format 1.0, locally and in AWS) becomes a
 * small request with the token, the query and the posted form; the page function returns HTML.
 * Responses are never cached and never leak the token (no Referer, no framing, no scripts); any
 * failure is a friendly error page in the browser's language, never a stack trace.
 */
export interface PublicRequest {
  readonly method: string;
  /** The signed link's token: `t` in the query (or in the posted form). */
  readonly token: string;
  readonly query: Readonly<Record<string, string>>;
  /** The posted form (application/x-www-form-urlencoded), empty for GET. */
  readonly form: Readonly<Record<string, string>>;
  /** The best language the browser asks for among those we write, for pages without a claim. */
  readonly browserLanguage: string;
}

export interface PageResult {
  readonly status: number;
  readonly html: string;
}

const MAX_FORM_BYTES = 16 * 1024;

export const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

/** `ne-NP,ne;q=0.9,en;q=0.8` → `ne`; English when nothing matches. */
export function browserLanguage(acceptLanguage: string | undefined): string {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { lang: tag.toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.find((x) => isTranslated(x.lang))?.lang ?? TRANSLATED_LANGUAGES[0]!;
}

function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const found = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === name);
  return found?.[1] ?? undefined;
}

function formOf(event: APIGatewayProxyEvent): Record<string, string> {
  if (!event.body) return {};
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw) > MAX_FORM_BYTES) return {};
  const type = header(event, 'content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return {};
  return Object.fromEntries(new URLSearchParams(raw));
}

export function publicPage(page: (req: PublicRequest) => Promise<PageResult>) {
  return middy(async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const query = Object.fromEntries(
      Object.entries(event.queryStringParameters ?? {}).filter((e): e is [string, string] => e[1] != null),
    );
    const form = event.httpMethod === 'POST' ? formOf(event) : {};
    const lang = browserLanguage(header(event, 'accept-language'));
    try {
      const result = await page({
        method: event.httpMethod,
        token: query.t ?? form.t ?? '',
        query,
        form,
        browserLanguage: lang,
      });
      return { statusCode: result.status, headers: HTML_HEADERS, body: result.html };
    } catch (err) {
      logger.error('public page failed', { error: err as Error });
      return { statusCode: 500, headers: HTML_HEADERS, body: errorPage(lang) };
    }
  }).use(injectLambdaContext(logger, { clearState: true }));
}
