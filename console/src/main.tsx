import { render } from 'preact';
import { App } from './app.tsx';
import { completeCognitoSignIn } from './cognito.ts';
import { loadConfig } from './config.ts';
import { saveSession, sessionFromToken } from './session.ts';
import './styles.css';

const root = document.getElementById('app')!;

/** Back from the Cognito managed login: the code in the URL becomes the session before the app starts. */
async function start() {
  const config = await loadConfig();
  let signInProblem: string | undefined;
  if (config.identity?.kind === 'cognito') {
    try {
      const idToken = await completeCognitoSignIn(config.identity, new URL(location.href));
      if (idToken) saveSession(sessionFromToken(idToken));
    } catch (err) {
      signInProblem = (err as Error).message;
    }
  }
  return { config, signInProblem };
}

start().then(
  ({ config, signInProblem }) => {
    root.textContent = '';
    render(<App config={config} {...(signInProblem ? { signInProblem } : {})} />, root);
  },
  (err: Error) => {
    root.innerHTML = '';
    const p = document.createElement('p');
    p.className = 'problem';
    p.setAttribute('role', 'alert');
    p.textContent = `The console could not read its configuration (config.json): ${err.message}`;
    root.append(p);
  },
);
