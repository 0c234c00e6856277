import { authorizeUrl, type CognitoIdentity, codeChallenge, randomString, tokenRequest } from './oauth.ts';

/**
 * Sign-in at the Cognito managed login (the deployed console): the verifier and state wait in
 * sessionStorage across the redirect; the ID token is what the back-office API's authorizer and
 * handlers verify. The requests themselves are in oauth.ts.
 */

const PENDING_KEY = 'claimflow.cognito.pending';

interface PendingSignIn {
  state: string;
  verifier: string;
}

/** Leaves for the managed login page; it comes back to `redirectUri` with `?code=&state=`. */
export async function startCognitoSignIn(identity: CognitoIdentity): Promise<void> {
  // 64 random bytes → 86 characters: within RFC 7636's 43–128.
  const pending: PendingSignIn = { state: randomString(16), verifier: randomString(64) };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(
    authorizeUrl(identity, { state: pending.state, challenge: await codeChallenge(pending.verifier) }),
  );
}

/**
 * On the way back from the managed login: the ID token for the code in the URL, or undefined when
 * the URL carries no answer. A state that does not match the one this tab sent is refused (CSRF).
 */
export async function completeCognitoSignIn(
  identity: CognitoIdentity,
  here: URL,
): Promise<string | undefined> {
  const code = here.searchParams.get('code');
  const error = here.searchParams.get('error');
  if (!code && !error) return undefined;
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  // The code is single-use and must not stay in the address bar or the history.
  history.replaceState(null, '', `${here.pathname}${here.hash}`);
  if (error)
    throw new Error(`the sign-in page answered: ${here.searchParams.get('error_description') ?? error}`);
  const pending = raw ? (JSON.parse(raw) as PendingSignIn) : undefined;
  if (!pending || pending.state !== here.searchParams.get('state'))
    throw new Error('this sign-in answer was not asked for by this tab; sign in again');
  const request = tokenRequest(identity, code!, pending.verifier);
  const res = await fetch(request.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: request.body,
  });
  const body = (await res.json().catch(() => ({}))) as { id_token?: string; error?: string };
  if (!res.ok || !body.id_token)
    throw new Error(`the token endpoint refused the code (${body.error ?? res.status})`);
  return body.id_token;
}
