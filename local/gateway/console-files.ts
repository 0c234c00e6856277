import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/**
 * The back-office console as the local gateway serves it at `/console/` on the primary region's
 * port (in AWS: S3 behind CloudFront): the static build in `console/dist`, and `config.json`, made
 * by the runtime from the URLs it started (regions' back-office APIs, the identity provider).
 */
export interface ConsoleFiles {
  /** The Vite build (`console/dist`). */
  readonly dir: string;
  /** The console's `config.json`; undefined while the runtime is still starting. */
  readonly config: () => ConsoleConfigJson | undefined;
}

export interface ConsoleConfigJson {
  primaryRegion: string;
  regions: Record<string, { backofficeApi: string }>;
  identity: { kind: 'local'; url: string };
}

export const CONSOLE_PATH = '/console';

/** Content types of the files a console build holds. */
export const CONSOLE_FILE_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const text = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
};

/** Only the origins the console talks to: its own, each region's API, the identity provider. */
function securityHeaders(config: ConsoleConfigJson | undefined): Record<string, string> {
  const origins = new Set<string>();
  for (const r of Object.values(config?.regions ?? {})) origins.add(new URL(r.backofficeApi).origin);
  if (config?.identity.url) origins.add(new URL(config.identity.url).origin);
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': [
      "default-src 'self'",
      `connect-src 'self' ${[...origins].join(' ')}`,
      "img-src 'self' data:",
      "style-src 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
  };
}

export const isConsolePath = (pathname: string) =>
  pathname === CONSOLE_PATH || pathname.startsWith(`${CONSOLE_PATH}/`);

export function serveConsole(
  files: ConsoleFiles,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
) {
  req.resume();
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD')
    return text(res, 405, 'the console is read-only', { allow: 'GET, HEAD' });
  if (pathname === CONSOLE_PATH) {
    res.writeHead(301, { location: `${CONSOLE_PATH}/`, 'content-length': 0 });
    return res.end();
  }
  const config = files.config();
  const rel = pathname.slice(CONSOLE_PATH.length + 1) || 'index.html';
  if (rel === 'config.json') {
    if (!config) return text(res, 503, 'claimflow is still starting', { 'retry-after': '1' });
    const body = JSON.stringify(config);
    res.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(body),
    });
    return res.end(method === 'HEAD' ? undefined : body);
  }
  if (!existsSync(join(files.dir, 'index.html')))
    return text(
      res,
      503,
      'the console is not built: run `npm run build:console` (npm start builds it itself)',
    );
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return text(res, 400, 'bad path');
  }
  const file = normalize(join(files.dir, decoded));
  if (!file.startsWith(files.dir + sep) || !existsSync(file) || !statSync(file).isFile())
    return text(res, 404, `no such file in the console: /console/${rel}`);
  const size = statSync(file).size;
  const hashed = decoded.startsWith('assets/');
  res.writeHead(200, {
    'content-type': CONSOLE_FILE_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    // Vite names assets by their content hash; index.html always asks again.
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...securityHeaders(config),
  });
  if (method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}
