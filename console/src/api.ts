import { type ConsoleConfig, homeRegionOfClaimId } from './config.ts';
import type { Session } from './session.ts';

/**
 * The back-office API over HTTP. Every answer that is not 2xx becomes an `ApiProblem` carrying the
 * problem+json body (RFC 9457), so a screen can show its title, detail and field errors as the API
 * wrote them. An action refused with 421 (the claim lives in another region) is repeated once at
 * the region the answer names.
 */

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  homeRegion?: string;
  requestId?: string;
  errors?: {
    pointer?: string;
    parameter?: string;
    header?: string;
    row?: number;
    column?: string;
    detail: string;
  }[];
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
    readonly region: string,
  ) {
    super(problem.detail ?? problem.title ?? `the API answered ${status}`);
    this.name = 'ApiProblem';
  }
  get kind(): string {
    return this.problem.type?.split(':').pop() ?? String(this.status);
  }
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A raw body (CSV) with its content type. */
  raw?: { body: string; contentType: string };
  signal?: AbortSignal;
  /** The answer is text (a CSV export), handed back as it is. */
  text?: boolean;
}

export class BackOfficeApi {
  constructor(
    readonly config: ConsoleConfig,
    private readonly session: () => Session | undefined,
    private readonly onUnauthenticated: () => void,
  ) {}

  regions(): string[] {
    return Object.keys(this.config.regions);
  }

  baseOf(region: string): string {
    const r = this.config.regions[region];
    if (!r) throw new Error(`the console knows no region ${region}`);
    return `${r.backofficeApi}backoffice/v1/`;
  }

  async call<T>(region: string, path: string, opts: ApiOptions = {}, retried = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.session()?.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (opts.raw) {
      headers['content-type'] = opts.raw.contentType;
      body = opts.raw.body;
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await fetch(this.baseOf(region) + path, {
        method: opts.method ?? 'GET',
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiProblem(
        0,
        {
          title: 'No answer',
          detail: `the back-office API of ${region} did not answer (network error or the region is down)`,
        },
        region,
      );
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.ok) return (opts.text ? text : json) as T;
    const problem: ProblemBody =
      json && typeof json === 'object' ? (json as ProblemBody) : { title: res.statusText, detail: text };
    if (res.status === 421 && problem.homeRegion && !retried && this.config.regions[problem.homeRegion])
      return this.call<T>(problem.homeRegion, path, opts, true);
    if (res.status === 401) this.onUnauthenticated();
    throw new ApiProblem(res.status, problem, region);
  }

  get<T>(region: string, path: string, signal?: AbortSignal) {
    return this.call<T>(region, path, signal ? { signal } : {});
  }

  /** A text answer (a CSV export). */
  getText(region: string, path: string) {
    return this.call<string>(region, path, { text: true });
  }

  post<T>(region: string, path: string, body: unknown) {
    return this.call<T>(region, path, { method: 'POST', body });
  }

  put<T>(region: string, path: string, body: unknown) {
    return this.call<T>(region, path, { method: 'PUT', body });
  }

  patch<T>(region: string, path: string, body: unknown) {
    return this.call<T>(region, path, { method: 'PATCH', body });
  }

  delete<T>(region: string, path: string) {
    return this.call<T>(region, path, { method: 'DELETE' });
  }

  /** Actions on a claim go to its home region, where it is written (the id says which). */
  claimRegion(claimId: string, fallback: string): string {
    const home = homeRegionOfClaimId(claimId);
    return home && this.config.regions[home] ? home : fallback;
  }
}

/** `status=IN_REVIEW&vin=…`: only the values that are set. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  return q.toString();
}
