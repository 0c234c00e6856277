import { describe, expect, it } from 'vitest';
import {
  InvalidTokenError,
  roleAllows,
  signStaffToken,
  verifyStaffToken,
} from '../../functions/shared/staff-token.ts';

const SECRET = 'test-secret';
const ISSUER = 'claimflow-test';
const adjuster = {
  sub: 'adjuster',
  email: 'adjuster@claimflow.example',
  role: 'adjuster' as const,
  approvalLimits: { JPY: 200_000 },
  iss: ISSUER,
};
const now = new Date('2026-11-22T09:00:00Z');

describe('staff tokens', () => {
  it('verifies a token it signed and returns its claims', () => {
    const token = signStaffToken(SECRET, adjuster, { now, ttlSeconds: 60 });
    expect(verifyStaffToken(SECRET, token, { issuer: ISSUER, now })).toMatchObject(adjuster);
  });

  it('refuses a token signed with another secret, expired, of another issuer, or with alg none', () => {
    const token = signStaffToken(SECRET, adjuster, { now, ttlSeconds: 60 });
    const [, payload] = token.split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    const cases = [
      () => verifyStaffToken('other', token, { issuer: ISSUER, now }),
      () => verifyStaffToken(SECRET, token, { issuer: ISSUER, now: new Date(now.getTime() + 60_000) }),
      () => verifyStaffToken(SECRET, token, { issuer: 'other', now }),
      () => verifyStaffToken(SECRET, none, { issuer: ISSUER, now }),
      () => verifyStaffToken(SECRET, 'a.b', { issuer: ISSUER, now }),
    ];
    for (const verify of cases) expect(verify).toThrow(InvalidTokenError);
  });

  it('refuses a token whose payload was changed after signing (a viewer made manager)', () => {
    const token = signStaffToken(SECRET, { ...adjuster, role: 'viewer' }, { now, ttlSeconds: 60 });
    const [header, payload, sig] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'manager' })).toString('base64url');
    expect(() => verifyStaffToken(SECRET, `${header}.${promoted}.${sig}`, { issuer: ISSUER, now })).toThrow(
      'bad signature',
    );
  });

  it('ranks roles: manager may do what an adjuster may, an adjuster what a viewer may, not the reverse', () => {
    expect(roleAllows('manager', 'adjuster')).toBe(true);
    expect(roleAllows('adjuster', 'viewer')).toBe(true);
    expect(roleAllows('viewer', 'adjuster')).toBe(false);
    expect(roleAllows('adjuster', 'manager')).toBe(false);
  });
});
