import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { afterAll, describe, expect, it } from 'vitest';
import {
  groupsOf,
  InvalidTokenError,
  NoStaffRoleError,
  roleAllows,
  staffClaimsFrom,
  staffOfVerifiedClaims,
  staffTokenOfStage,
} from '../../functions/shared/staff-token.ts';
import { asGatewayClaims, jwksFetcher, StaffAuthorizer } from '../../local/gateway/staff-authorizer.ts';
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

describe("the back-office routes' authorizer (API Gateway's Cognito user pool authorizer, locally)", () => {
  const { fetcher, asked } = jwksServed({ keys: [key.jwk] });
  const pool = { issuer: ISSUER, audience: AUDIENCE, jwksUri: JWKS_URI };
  const authorizer = new StaffAuthorizer(() => pool, fetcher);
  const claimsOf = async (authorization: string | undefined) => {
    const answer = await authorizer.authorize(authorization, 'req-1');
    if ('problem' in answer) throw new Error(`refused: ${answer.problem.status}`);
    return answer.claims;
  };
  const statusOf = async (authorization: string | undefined) => {
    const answer = await authorizer.authorize(authorization, 'req-1');
    return 'problem' in answer ? answer.problem.status : 200;
  };

  it('passes a Cognito-shaped ID token on as string claims, which map to StaffClaims; the JWKS fetched once', async () => {
    const claims = await claimsOf(`Bearer ${tokenOf(payloadOf())}`);
    await claimsOf(tokenOf(payloadOf()));

    expect(claims).toMatchObject({
      iss: ISSUER,
      aud: AUDIENCE,
      token_use: 'id',
      'cognito:groups': 'adjuster',
      'custom:approval_limits': '{"JPY":200000}',
    });
    expect(Object.values(claims).every((v) => typeof v === 'string')).toBe(true);
    expect(staffOfVerifiedClaims(claims, pool)).toEqual({
      sub: expect.any(String),
      email: 'adjuster@claimflow.example',
      role: 'adjuster',
      approvalLimits: { JPY: 200_000 },
    });
    expect(asked).toEqual([JWKS_URI]);
  });

  it.each([
    ['missing', () => undefined],
    ['signed by a key that is not in the JWKS', () => tokenOf(payloadOf(), otherKey)],
    ['expired', () => tokenOf(payloadOf({ exp: Math.floor(Date.now() / 1000) - 1 }))],
    ['of another issuer', () => tokenOf(payloadOf({ iss: 'https://elsewhere.example' }))],
    [
      'unsigned (alg none)',
      () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${tokenOf(payloadOf()).split('.')[1]}.`,
    ],
    ['not a JWT', () => 'abc.def'],
  ])('refuses a token that is %s with 401, before any function runs', async (_what, make) => {
    const token = make();
    expect(await statusOf(token === undefined ? undefined : `Bearer ${token}`)).toBe(401);
  });

  it('refuses a token whose payload was changed after signing (a viewer made manager)', async () => {
    const [header, , signature] = tokenOf(payloadOf({ 'cognito:groups': ['viewer'] })).split('.');
    const promoted = Buffer.from(JSON.stringify(payloadOf({ 'cognito:groups': ['manager'] }))).toString(
      'base64url',
    );

    expect(await statusOf(`Bearer ${header}.${promoted}.${signature}`)).toBe(401);
  });

  it('answers 503, not 401, when the JWKS cannot be fetched or the pool is not known yet', async () => {
    const down = new StaffAuthorizer(() => pool, {
      fetch: () => Promise.reject(new FetchError(JWKS_URI, 'connection refused')),
    });
    const starting = new StaffAuthorizer(() => undefined, fetcher);
    for (const a of [down, starting]) {
      const answer = await a.authorize(`Bearer ${tokenOf(payloadOf())}`, 'req-1');
      expect('problem' in answer && answer.problem.status).toBe(503);
    }
  });
});

describe("staff claims from the authorizer's verified claims", () => {
  const pool = { issuer: ISSUER, audience: AUDIENCE };
  const verified = (over: Record<string, unknown> = {}) =>
    asGatewayClaims({ ...payloadOf(), ...over } as Record<string, unknown>);

  it.each([
    ['for another app client (the authorizer checks the pool, not the client)', { aud: 'another-client' }],
    ['an access token, not an ID token', { token_use: 'access' }],
    ['of another issuer', { iss: 'https://elsewhere.example' }],
  ])('refuses claims of a token that is %s', (_what, over) => {
    expect(() => staffOfVerifiedClaims(verified(over), pool)).toThrow(InvalidTokenError);
  });

  it("takes the issuer and the app client from the stage's variables, and fails on a stage without them", () => {
    expect(staffTokenOfStage({ staffIssuer: ISSUER, staffAudience: AUDIENCE, consoleOrigin: 'x' })).toEqual(
      pool,
    );
    expect(() => staffTokenOfStage({ staffIssuer: ISSUER })).toThrow(/staffAudience/);
    expect(() => staffTokenOfStage(null)).toThrow(/staffIssuer/);
  });

  it('refuses a request that reached the route without the authorizer (no claims)', () => {
    expect(() => staffOfVerifiedClaims(undefined, pool)).toThrow(InvalidTokenError);
  });

  it('tells a valid token without a staff group apart (403, not 401)', () => {
    expect(() => staffOfVerifiedClaims(verified({ 'cognito:groups': ['partners'] }), pool)).toThrow(
      NoStaffRoleError,
    );
  });

  it.each([
    ['a JSON array (the token)', ['viewer', 'manager']],
    ['comma-separated', 'viewer,manager'],
    ['bracketed, space-separated', '[viewer manager]'],
    ['bracketed, comma-separated', '[viewer,manager]'],
  ])('reads cognito:groups given as %s', (_what, groups) => {
    expect(groupsOf(groups)).toEqual(['viewer', 'manager']);
    expect(staffOfVerifiedClaims({ ...verified(), 'cognito:groups': groups }, pool).role).toBe('manager');
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
