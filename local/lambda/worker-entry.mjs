// A simulated region's Lambda runtime runs in its own worker thread, so each region's handler
// modules (and their module-scope clients) see that region's environment. Plain JavaScript: it
// registers the TypeScript loader before loading the TypeScript host, whoever started the worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker-host.ts');
