import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The admin CLI's connection to a claimflow deployment: its `endpoints.json` (the local one that
 * `npm start` writes, or a deployment's: `CLAIMFLOW_ENDPOINTS=path/to/endpoints.json`), a manager's
 * ID token, and the back-office API over HTTP, nothing else.
 */

export interface EndpointsFile {
  regions: Record<string, { backofficeApi: string }>;
  /** The console's URL: its region is the primary (the default region to call). */
  console?: string;
  primaryRegion?: string;
  backoffice?: {
    identity?: string;
    users?: { email: string; role: string; password?: string }[];
  };
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function endpointsFile(env: NodeJS.ProcessEnv = process.env): {
  path: string;
  endpoints: EndpointsFile;
} {
  const path = resolve(
    env.CLAIMFLOW_ENDPOINTS ?? resolve(env.CLAIMFLOW_DATA_DIR ?? '.claimflow', 'endpoints.json'),
  );
  if (!existsSync(path))
    throw new CliError(
      `No ${path}: start claimflow (npm start), or set CLAIMFLOW_ENDPOINTS to a deployment's endpoints.json`,
    );
  const endpoints = JSON.parse(readFileSync(path, 'utf8')) as EndpointsFile;
  if (!endpoints.regions || Object.keys(endpoints.regions).length === 0)
    throw new CliError(`${path} lists no regions`);
  return { path, endpoints };
}

/** The region called when none is named: the primary (the console's), else the first listed. */
export function defaultRegion(endpoints: EndpointsFile): string {
  if (endpoints.primaryRegion && endpoints.regions[endpoints.primaryRegion]) return endpoints.primaryRegion;
  const consoleOrigin = endpoints.console ? new URL(endpoints.console).origin : undefined;
  const primary = Object.entries(endpoints.regions).find(
    ([, r]) => consoleOrigin && new URL(r.backofficeApi).origin === consoleOrigin,
  );
  return primary?.[0] ?? Object.keys(endpoints.regions)[0]!;
}

/**
 * A manager's ID token: CLAIMFLOW_ID_TOKEN as given (in AWS, from the Cognito sign-in), else a
 * sign-in at the local identity provider as CLAIMFLOW_EMAIL (default: the local manager) with
 * CLAIMFLOW_PASSWORD (default: that user's password in endpoints.json).
 */
export async function managerToken(
  endpoints: EndpointsFile,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (env.CLAIMFLOW_ID_TOKEN) return env.CLAIMFLOW_ID_TOKEN;
  const identity = endpoints.backoffice?.identity;
  if (!identity)
    throw new CliError(
      'this deployment signs staff in at Cognito: set CLAIMFLOW_ID_TOKEN to a manager’s ID token',
    );
  const user =
    endpoints.backoffice?.users?.find((u) => u.email === env.CLAIMFLOW_EMAIL) ??
    endpoints.backoffice?.users?.find((u) => u.role === 'manager');
  const email = env.CLAIMFLOW_EMAIL ?? user?.email;
  const password = env.CLAIMFLOW_PASSWORD ?? user?.password;
  if (!email || !password) throw new CliError('set CLAIMFLOW_EMAIL and CLAIMFLOW_PASSWORD of a manager');
  let res: Response;
  try {
    res = await fetch(`${identity}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    throw new CliError(`the sign-in at ${identity} does not answer: is claimflow running?`);
  }
  const body = (await res.json().catch(() => ({}))) as { idToken?: string; detail?: string };
  if (res.status !== 200 || !body.idToken)
    throw new CliError(`sign-in as ${email} refused: ${body.detail ?? res.status}`);
  return body.idToken;
}

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the CLI prints and reads fields of arbitrary JSON answers
  body: any;
}

/** A problem answer, as a person reads it: the detail, then each field or row at fault. */
export function describeProblem(answer: ApiAnswer): string {
  const p = answer.body as {
    title?: string;
    detail?: string;
    errors?: {
      pointer?: string;
      parameter?: string;
      header?: string;
      row?: number;
      column?: string;
      detail: string;
    }[];
  };
  const where = (e: NonNullable<typeof p.errors>[number]) =>
    e.row !== undefined
      ? `row ${e.row}${e.column ? `, ${e.column}` : ''}`
      : (e.pointer ?? e.parameter ?? e.header ?? '');
  return [
    `${answer.status} ${p.title ?? ''}: ${p.detail ?? ''}`.trim(),
    ...(p.errors ?? []).map((e) => `  ${where(e) || '(body)'}: ${e.detail}`),
  ].join('\n');
}

export function backofficeClient(endpoints: EndpointsFile, region: string, token: string) {
  const api = endpoints.regions[region]?.backofficeApi;
  if (!api)
    throw new CliError(
      `no region ${region}; the regions are ${Object.keys(endpoints.regions).join(', ')}`,
      2,
    );
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    let res: Response;
    try {
      res = await fetch(`${api}backoffice/v1/${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': contentType }),
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    } catch {
      throw new CliError(`the back-office API at ${api} does not answer: is claimflow running?`);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body: parsed } as ApiAnswer;
  };
  return {
    region,
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
    put: (path: string, body: unknown) => call('PUT', path, body),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
    csv: (path: string, text: string) => call('POST', path, text, 'text/csv; charset=utf-8'),
  };
}

export type BackofficeClient = ReturnType<typeof backofficeClient>;
