import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  type CognitoIdentity,
  codeChallenge,
  cognitoLogoutUrl,
  tokenRequest,
} from '../../console/src/oauth.ts';

const identity: CognitoIdentity = {
  kind: 'cognito',
  domain: 'https://claimflow-staff-123456789012.auth.ap-northeast-1.amazoncognito.com',
  clientId: 'client123',
  redirectUri: 'https://d111111abcdef8.cloudfront.net/console/',
  scopes: ['openid', 'email', 'profile'],
};

describe('the console signing in at the Cognito managed login (code + PKCE)', () => {
  it('derives the S256 challenge of RFC 7636 (its appendix B example)', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('asks the authorize endpoint for a code, with the challenge, the state and the callback', () => {
    const url = new URL(authorizeUrl(identity, { state: 'st4te', challenge: 'ch4llenge' }));
    expect(url.origin + url.pathname).toBe(`${identity.domain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: identity.redirectUri,
      scope: 'openid email profile',
      state: 'st4te',
      code_challenge: 'ch4llenge',
      code_challenge_method: 'S256',
    });
  });

  it('trades the code and the verifier at the token endpoint, form-encoded, without a client secret', () => {
    const request = tokenRequest(identity, 'c0de', 'v3rifier');
    expect(request.url).toBe(`${identity.domain}/oauth2/token`);
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'c0de',
      redirect_uri: identity.redirectUri,
      code_verifier: 'v3rifier',
    });
  });

  it('signs out of the managed login and comes back to the console', () => {
    const url = new URL(cognitoLogoutUrl(identity));
    expect(url.pathname).toBe('/logout');
    expect(url.searchParams.get('logout_uri')).toBe(identity.redirectUri);
    expect(url.searchParams.get('client_id')).toBe('client123');
  });
});
