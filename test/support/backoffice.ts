import type { Endpoints } from '../../local/endpoints.ts';
import { type HttpAnswer, send } from './partner-api.ts';

/** The back-office API over real HTTP, as the console or the admin CLI calls it. */

export type StaffRole = 'viewer' | 'adjuster' | 'manager';

/** Signs in at the identity provider with the user's password (POST /login), as a person would. */
export async function signIn(endpoints: Endpoints, role: StaffRole): Promise<string> {
  const user = endpoints.backoffice.users.find((u) => u.role === role)!;
  const res = await send(`${endpoints.backoffice.identity}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${role} failed: ${res.status} ${res.text}`);
  return res.json.idToken as string;
}

export function backoffice(endpoints: Endpoints, region: string, token: string | undefined) {
  const base = `${endpoints.backoffice.urls[region]}backoffice/v1/`;
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const json = (method: string, path: string, body?: unknown): Promise<HttpAnswer> =>
    send(`${base}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    base,
    get: (path: string) => json('GET', path),
    post: (path: string, body: unknown) => json('POST', path, body),
    put: (path: string, body: unknown) => json('PUT', path, body),
    patch: (path: string, body: unknown) => json('PATCH', path, body),
    delete: (path: string) => json('DELETE', path),
    csv: (path: string, text: string) =>
      send(`${base}${path}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv' },
        body: text,
      }),
    /** Any request, bytes and headers as given (the fuzz test). */
    raw: (method: string, path: string, headers: Record<string, string>, body?: string) =>
      send(`${base}${path}`, {
        method,
        headers: { ...auth, ...headers },
        ...(body === undefined ? {} : { body }),
      }),
  };
}

export type Backoffice = ReturnType<typeof backoffice>;
