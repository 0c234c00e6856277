import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fetcher } from 'aws-jwt-verify/https';
import { afterAll, describe, expect, it } from 'vitest';
import {
  InvalidTokenError,
  jwksFetcher,
  NoStaffRoleError,
  roleAllows,
  staffClaimsFrom,
  staffTokenVerifier,
} from '../../functions/shared/staff-token.ts';
import { idTokenPayload, loadSigningKey, signIdToken } from '../../local/identity/identity-provider.ts';

// Two data folders: the identity provider's key, and another one that is not in the JWKS.
const dirs = [mkdtempSync(join(tmpdir(), 'cf-staff-')), mkdtempSync(join(tmpdir(), 'cf-staff-'))];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const key = loadSigningKey(dirs[0]!);
const otherKey = loadSigningKey(dirs[1]!);

const ISSUER = 'https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_TEST';
const AUDIENCE = 'console-client';
const JWKS_URI = `${ISSUER}/.well-known/jwks.json`;

/** A fake fetcher serving the JWKS (a fake, not a mock: it counts what it was asked). */
const jwksServed = (jwks: unknown) => {
  const asked: string[] = [];
  const fetcher: Fetcher = {
    fetch: async (uri) => {
      asked.push(uri);
      return new TextEncoder().encode(JSON.stringify(jwks)).buffer as ArrayBuffer;
    },
  };
  return { fetcher, asked };
};

const adjuster = {
  email: 'adjuster@claimflow.example',
  role: 'adjuster' as const,
  approvalLimits: { JPY: 200_000 },
};
const tokenOf = (payload: Record<string, unknown>, signingKey = key) => signIdToken(signingKey, payload);
const payloadOf = (over: Record<string, unknown> = {}, user = adjuster) => ({
  ...idTokenPayload(user, { issuer: ISSUER, audience: AUDIENCE, secret: 's', ttlSeconds: 600 }),
  ...over,
});

describe('staff token verification (RS256 ID tokens against a JWKS)', () => {
  const { fetcher, asked } = jwksServed({ keys: [key.jwk] });
  const verifier = staffTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUri: JWKS_URI, fetcher });

  it('accepts a Cognito-shaped ID token and maps it to StaffClaims, fetching the JWKS once', async () => {
    const first = await verifier.verify(tokenOf(payloadOf()));
    await verifier.verify(tokenOf(payloadOf()));

    expect(first).toEqual({
      sub: expect.any(String),
      email: 'adjuster@claimflow.example',
      role: 'adjuster',
      approvalLimits: { JPY: 200_000 },
    });
    expect(asked).toEqual([JWKS_URI]);
  });

  it.each([
    ['signed by a key that is not in the JWKS', () => tokenOf(payloadOf(), otherKey)],
    ['expired', () => tokenOf(payloadOf({ exp: Math.floor(Date.now() / 1000) - 1 }))],
    ['of another issuer', () => tokenOf(payloadOf({ iss: 'https://elsewhere.example' }))],
    ['for another app client', () => tokenOf(payloadOf({ aud: 'another-client' }))],
    ['an access token, not an ID token', () => tokenOf(payloadOf({ token_use: 'access' }))],
    [
      'unsigned (alg none)',
      () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${tokenOf(payloadOf()).split('.')[1]}.`,
    ],
    ['not a JWT', () => 'abc.def'],
  ])('refuses a token that is %s', async (_what, make) => {
    await expect(verifier.verify(make())).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a token whose payload was changed after signing (a viewer made manager)', async () => {
    const [header, , signature] = tokenOf(payloadOf({ 'cognito:groups': ['viewer'] })).split('.');
    const promoted = Buffer.from(JSON.stringify(payloadOf({ 'cognito:groups': ['manager'] }))).toString(
      'base64url',
    );

    await expect(verifier.verify(`${header}.${promoted}.${signature}`)).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
  });

  it('tells a valid token without a staff group apart (403, not 401)', async () => {
    await expect(
      verifier.verify(tokenOf(payloadOf({ 'cognito:groups': ['partners'] }))),
    ).rejects.toBeInstanceOf(NoStaffRoleError);
  });

  it('lets a JWKS it cannot fetch fail as our error, not as a bad token', async () => {
    const down = staffTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUri: JWKS_URI,
      fetcher: { fetch: () => Promise.reject(new Error('connection refused')) },
    });
    const err = await down.verify(tokenOf(payloadOf())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(InvalidTokenError);
  });
});

describe('staff claims from an ID token', () => {
  const base = { sub: 'u-1', email: 'a@claimflow.example' };

  it('takes the highest staff group as the role and ignores other groups', () => {
    expect(staffClaimsFrom({ ...base, 'cognito:groups': ['viewer', 'manager', 'adjuster'] }).role).toBe(
      'manager',
    );
    expect(staffClaimsFrom({ ...base, 'cognito:groups': ['auditors', 'viewer'] }).role).toBe('viewer');
  });

  it('refuses a user in no staff group', () => {
    expect(() => staffClaimsFrom({ ...base })).toThrow(NoStaffRoleError);
    expect(() => staffClaimsFrom({ ...base, 'cognito:groups': [] })).toThrow(NoStaffRoleError);
  });

  it('reads approval limits from the JSON custom attribute', () => {
    const claims = staffClaimsFrom({
      ...base,
      'cognito:groups': ['adjuster'],
      'custom:approval_limits': '{"JPY":200000,"NPR":17500000}',
    });
    expect(claims.approvalLimits).toEqual({ JPY: 200_000, NPR: 17_500_000 });
  });

  it.each([
    ['not JSON', '{JPY: 2'],
    ['not an object of currencies', '[1,2]'],
    ['a negative limit', '{"JPY":-1}'],
    ['a fractional limit', '{"JPY":1.5}'],
    ['a lower-case currency', '{"jpy":100}'],
  ])('treats limits that are %s as no limit at all (0 everywhere), and says so', (_what, value) => {
    const told: unknown[] = [];
    const claims = staffClaimsFrom(
      { ...base, 'cognito:groups': ['adjuster'], 'custom:approval_limits': value },
      { onMalformedLimits: (d) => told.push(d) },
    );
    expect(claims.approvalLimits).toEqual({});
    expect(told).toEqual([{ email: base.email, value }]);
  });

  it('ranks roles: manager may do what an adjuster may, an adjuster what a viewer may, not the reverse', () => {
    expect(roleAllows('manager', 'adjuster')).toBe(true);
    expect(roleAllows('adjuster', 'viewer')).toBe(true);
    expect(roleAllows('viewer', 'adjuster')).toBe(false);
    expect(roleAllows('adjuster', 'manager')).toBe(false);
  });
});

describe('the JWKS fetcher', () => {
  it.each(['http://example.com/.well-known/jwks.json', 'ftp://127.0.0.1/jwks.json'])(
    'refuses %s (plain http only from loopback)',
    async (uri) => {
      await expect(jwksFetcher.fetch(uri)).rejects.toThrow(/https/);
    },
  );
});
