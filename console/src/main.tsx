import { render } from 'preact';
import { App } from './app.tsx';
import { loadConfig } from './config.ts';
import './styles.css';

const root = document.getElementById('app')!;

loadConfig().then(
  (config) => {
    root.textContent = '';
    render(<App config={config} />, root);
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
