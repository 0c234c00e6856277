/**
 * The requests of the deployed console's sign-in at the Cognito managed login (DESIGN §7): OAuth 2.0
 * authorization code with PKCE (RFC 7636) for a public client, so no client secret lives in the
 * browser. Pure (no DOM): cognito.ts runs the redirect.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 */
export interface CognitoIdentity {
  kind: 'cognito';
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  domain: string;
  clientId: string;
  /** The console's own URL, registered as the app client's callback. */
  redirectUri: string;
  scopes?: string[];
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export const randomString = (bytes: number) => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export function authorizeUrl(identity: CognitoIdentity, a: { state: string; challenge: string }): string {
  const url = new URL('/oauth2/authorize', identity.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: identity.clientId,
    redirect_uri: identity.redirectUri,
    scope: (identity.scopes ?? ['openid', 'email', 'profile']).join(' '),
    state: a.state,
    code_challenge: a.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** The token endpoint's request for an authorization code (form-encoded, as OAuth 2.0 requires). */
export function tokenRequest(identity: CognitoIdentity, code: string, verifier: string) {
  return {
    url: new URL('/oauth2/token', identity.domain).toString(),
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: identity.clientId,
      code,
      redirect_uri: identity.redirectUri,
      code_verifier: verifier,
    }).toString(),
  };
}

/** Ends the managed-login session too, then comes back to the console. */
export function cognitoLogoutUrl(identity: CognitoIdentity): string {
  const url = new URL('/logout', identity.domain);
  url.search = new URLSearchParams({
    client_id: identity.clientId,
    logout_uri: identity.redirectUri,
  }).toString();
  return url.toString();
}
