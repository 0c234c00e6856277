import { useState } from 'preact/hooks';
import { startCognitoSignIn } from '../cognito.ts';
import { Field } from '../components/common.tsx';
import type { ConsoleConfig } from '../config.ts';
import { type Session, SignInError, sessionFromToken, signIn } from '../session.ts';

/**
 * Sign-in: email and password at the identity provider (the local one under `npm start`, Cognito
 * in AWS), or a bearer token pasted as it is (the tokens `npm start` prints), for when no identity
 * provider is configured.
 */
export function SignInPage(props: {
  config: ConsoleConfig;
  expired: boolean;
  /** What went wrong on the way back from the managed login (Cognito). */
  problem?: string;
  onSignedIn: (s: Session) => void;
}) {
  const identity = props.config.identity;
  const hasIdentity = identity?.kind === 'local';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(props.problem);
  const [busy, setBusy] = useState(false);

  const withPassword = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await signIn(props.config, email.trim(), password));
    } catch (err) {
      setError(err instanceof SignInError ? err.message : `sign-in failed: ${(err as Error).message}`);
      setBusy(false);
    }
  };
  const withToken = (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      props.onSignedIn(sessionFromToken(token));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <main id="main" class="signin">
      <h1>claimflow back office</h1>
      {props.expired ? (
        <p class="notice" role="status">
          Your session ended (the token expired or was refused). Sign in again.
        </p>
      ) : null}
      {error ? (
        <p class="problem" role="alert">
          {error}
        </p>
      ) : null}
      {identity?.kind === 'cognito' ? (
        <section class="card" aria-labelledby="signin-heading">
          <h2 id="signin-heading">Sign in</h2>
          <p>You sign in on the claimflow account page and come back here.</p>
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              startCognitoSignIn(identity).catch((err: Error) => {
                setError(`sign-in could not start: ${err.message}`);
                setBusy(false);
              });
            }}
          >
            {busy ? 'Opening the sign-in page…' : 'Sign in with your claimflow account'}
          </button>
        </section>
      ) : null}
      {hasIdentity ? (
        <form onSubmit={withPassword} class="card" aria-labelledby="signin-heading">
          <h2 id="signin-heading">Sign in</h2>
          <Field label="Email" id="signin-email">
            <input
              id="signin-email"
              type="email"
              autocomplete="username"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </Field>
          <Field label="Password" id="signin-password">
            <input
              id="signin-password"
              type="password"
              autocomplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </Field>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          <p class="muted small">
            Local users (<code>npm start</code>): viewer@, adjuster@ and manager@claimflow.example; their
            passwords are in <code>.claimflow/endpoints.json</code> under <code>backoffice.users</code>.
          </p>
        </form>
      ) : null}
      <details class="card" open={!identity}>
        <summary>Sign in with a token</summary>
        <form onSubmit={withToken}>
          <Field
            label="Bearer token (JWT)"
            id="signin-token"
            hint="npm start prints a token for each local user; endpoints.json has them too."
          >
            <textarea
              id="signin-token"
              rows={4}
              required
              aria-describedby="signin-token-hint"
              value={token}
              onInput={(e) => setToken(e.currentTarget.value)}
            />
          </Field>
          <button type="submit">Use this token</button>
        </form>
      </details>
    </main>
  );
}
