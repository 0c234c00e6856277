import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
  timingSafeEqual,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as z from 'zod';
import { PROBLEM_CONTENT_TYPE, problem } from '../../functions/shared/problem.ts';
import { STAFF_TOKEN_CLAIMS } from '../../functions/shared/staff-token.ts';
import { readBody } from '../read-body.ts';
import {
  LOCAL_STAFF,
  type LocalStaffUser,
  localStaffPassword,
  localStaffSecret,
  localStaffSubject,
} from '../staff-users.ts';

/**
 * The local stand-in for the Cognito user pool (`npm start`): it signs RS256 ID tokens shaped like
 * Cognito's (`token_use: id`, `cognito:groups`, `custom:approval_limits`, `email`, `aud` = the
 * console's client id, `iss` = this server's URL) for the local users, and publishes its public key
 * as a JWKS, which the local gateway's stand-in for API Gateway's Cognito authorizer verifies them
 * against (local/gateway/staff-authorizer.ts); the back-office functions then read the claims as they
 * do behind Cognito's (functions/shared/staff-token.ts).
 *
 *   GET  /.well-known/jwks.json              the public key (kid = RFC 7638 thumbprint)
 *   GET  /.well-known/openid-configuration   issuer and jwks_uri, as an OpenID provider publishes
 *   POST /login {email, password}            200 {idToken, expiresIn, email, role} | 401 problem+json
 *
 * The key pair is made once and kept in `<dataDir>/identity/`, and the server tries to listen on the
 * port it had last time, so tokens stay valid across restarts of one data folder (the issuer is the
 * URL). Login answers CORS for the console's origin only.
 */

/** The local app client id: the `aud` of every local token (in AWS: the console's Cognito app client id). */
export const LOCAL_CONSOLE_CLIENT_ID = 'claimflow-console-local';
/** A login's ID token lives a working day (the CDK app client's ID token validity is the same). */
export const LOGIN_TOKEN_TTL_SECONDS = 8 * 3600;
/** The ready-made tokens in endpoints.json, for scripts and tests: a week. */
export const READY_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** The public key as it appears in the JWKS. */
  readonly jwk: Record<string, string>;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** The RSA key pair of the data folder, made on first use (2048 bits, as Cognito's). */
export function loadSigningKey(dataDir: string): SigningKey {
  const dir = join(dataDir, 'identity');
  const file = join(dir, 'signing-key.pem');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  const { n, e } = createPublicKey(privateKey).export({ format: 'jwk' }) as { n: string; e: string };
  // RFC 7638: SHA-256 of the required members in lexicographic order.
  const kid = createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('base64url');
  return { kid, privateKey, jwk: { kty: 'RSA', alg: 'RS256', use: 'sig', kid, n, e } };
}

/** A compact JWS, RS256, with the key's kid. */
export function signIdToken(
  key: Pick<SigningKey, 'kid' | 'privateKey'>,
  payload: Record<string, unknown>,
): string {
  const header = b64url(JSON.stringify({ kid: key.kid, alg: 'RS256' }));
  const body = b64url(JSON.stringify(payload));
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${body}`), key.privateKey);
  return `${header}.${body}.${b64url(signature)}`;
}

export interface IdTokenOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly secret: string;
  readonly ttlSeconds: number;
  readonly now?: Date;
}

/** The payload of a Cognito ID token for `user` (the claims claimflow reads, and Cognito's usual others). */
export function idTokenPayload(user: LocalStaffUser, opts: IdTokenOptions): Record<string, unknown> {
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const sub = localStaffSubject(opts.secret, user.email);
  return {
    sub,
    [STAFF_TOKEN_CLAIMS.groups]: [user.role],
    email_verified: true,
    iss: opts.issuer,
    'cognito:username': sub,
    aud: opts.audience,
    event_id: randomUUID(),
    token_use: 'id',
    auth_time: iat,
    exp: iat + opts.ttlSeconds,
    iat,
    jti: randomUUID(),
    email: user.email,
    // Cognito custom attributes are strings: the limits travel as JSON.
    ...(user.approvalLimits
      ? { [STAFF_TOKEN_CLAIMS.approvalLimits]: JSON.stringify(user.approvalLimits) }
      : {}),
  };
}

export interface LocalStaffAccount {
  readonly email: string;
  readonly role: string;
  readonly approvalLimits?: Readonly<Record<string, number>>;
  readonly password: string;
  /** A ready ID token (a week long), for scripts and tests that skip the login. */
  readonly token: string;
}

export interface IdentityProvider {
  /** Base URL, no trailing slash; also the tokens' `iss`. */
  readonly url: string;
  readonly issuer: string;
  /** The tokens' `aud` (the local console client id). */
  readonly audience: string;
  readonly jwksUri: string;
  readonly users: readonly LocalStaffAccount[];
  stop(): Promise<void>;
}

export interface IdentityProviderOptions {
  readonly dataDir: string;
  readonly users?: readonly LocalStaffUser[];
  readonly host?: string;
  /** The console's origin (scheme://host:port): the only one whose browser calls to /login get CORS headers. */
  readonly consoleOrigin?: string;
}

const LoginRequest = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) });
const MAX_LOGIN_BODY = 16 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const data = Buffer.from(JSON.stringify(body));
  const type = status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json';
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    ...headers,
    'content-length': data.length,
  });
  res.end(data);
}

const sameSecret = (given: string, expected: string) => {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
};

/** Listens on the port this data folder used last time if it is free, else on any. */
async function listen(server: Server, host: string, portFile: string): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
  const saved = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8').trim()) : 0;
  try {
    await tryPort(Number.isInteger(saved) && saved > 0 && saved < 65536 ? saved : 0);
  } catch {
    await tryPort(0);
  }
  const port = (server.address() as AddressInfo).port;
  writeFileSync(portFile, String(port));
  return port;
}

export async function startIdentityProvider(opts: IdentityProviderOptions): Promise<IdentityProvider> {
  const host = opts.host ?? '127.0.0.1';
  const users = opts.users ?? LOCAL_STAFF;
  const secret = localStaffSecret(opts.dataDir);
  const key = loadSigningKey(opts.dataDir);
  const audience = LOCAL_CONSOLE_CLIENT_ID;
  let issuer = '';
  const tokenFor = (user: LocalStaffUser, ttlSeconds: number) =>
    signIdToken(key, idTokenPayload(user, { issuer, audience, secret, ttlSeconds }));

  const cors = (req: IncomingMessage): Record<string, string> =>
    opts.consoleOrigin && req.headers.origin === opts.consoleOrigin
      ? { 'access-control-allow-origin': opts.consoleOrigin, vary: 'Origin' }
      : { vary: 'Origin' };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    if (path === '/.well-known/jwks.json' || path === '/.well-known/openid-configuration') {
      req.resume();
      if (method !== 'GET')
        return sendJson(res, 405, problem('methodNotAllowed', 'use GET'), { allow: 'GET' });
      const body =
        path === '/.well-known/jwks.json'
          ? { keys: [key.jwk] }
          : {
              issuer,
              jwks_uri: `${issuer}/.well-known/jwks.json`,
              id_token_signing_alg_values_supported: ['RS256'],
              response_types_supported: ['id_token'],
              subject_types_supported: ['public'],
            };
      // Public keys: anyone may read them, from any page.
      return sendJson(res, 200, body, { 'cache-control': 'max-age=300', 'access-control-allow-origin': '*' });
    }
    if (path !== '/login') {
      req.resume();
      return sendJson(
        res,
        404,
        problem('notFound', `no route ${path}; POST /login or GET /.well-known/jwks.json`),
      );
    }
    if (method === 'OPTIONS') {
      req.resume();
      res.writeHead(204, {
        ...cors(req),
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      });
      return res.end();
    }
    if (method !== 'POST') {
      req.resume();
      return sendJson(res, 405, problem('methodNotAllowed', 'use POST'), {
        ...cors(req),
        allow: 'POST, OPTIONS',
      });
    }
    const body = await readBody(req, MAX_LOGIN_BODY);
    if (body === 'too-large')
      return sendJson(res, 413, problem('payloadTooLarge', 'the body is too large'), cors(req));
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, problem('malformedJson', 'send {"email", "password"} as JSON'), cors(req));
    }
    const parsed = LoginRequest.safeParse(json);
    if (!parsed.success)
      return sendJson(
        res,
        400,
        problem('validation', 'send {"email", "password"} as JSON', {
          errors: parsed.error.issues.map((i) => ({ pointer: `/${i.path.join('/')}`, detail: i.message })),
        }),
        cors(req),
      );
    const { email, password } = parsed.data;
    const user = users.find((u) => u.email.toLowerCase() === email.toLowerCase());
    // One answer for an unknown email and a wrong password: the endpoint does not tell who exists.
    if (!user || !sameSecret(password, localStaffPassword(secret, user.email)))
      return sendJson(res, 401, problem('unauthenticated', 'the email or the password is wrong'), {
        ...cors(req),
        'www-authenticate': 'Bearer',
      });
    return sendJson(
      res,
      200,
      {
        idToken: tokenFor(user, LOGIN_TOKEN_TTL_SECONDS),
        expiresIn: LOGIN_TOKEN_TTL_SECONDS,
        email: user.email,
        role: user.role,
      },
      cors(req),
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, problem('internal', 'the local identity provider failed'));
      else res.destroy();
    });
  });
  const port = await listen(server, host, join(opts.dataDir, 'identity', 'port'));
  const url = `http://${host}:${port}`;
  issuer = url;
  return {
    url,
    issuer,
    audience,
    jwksUri: `${url}/.well-known/jwks.json`,
    users: users.map((u) => ({
      email: u.email,
      role: u.role,
      ...(u.approvalLimits ? { approvalLimits: u.approvalLimits } : {}),
      password: localStaffPassword(secret, u.email),
      token: tokenFor(u, READY_TOKEN_TTL_SECONDS),
    })),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
