import { ensureConsoleBuilt } from '../../local/console-build.ts';

/**
 * The infra tests synthesize the console stack, which deploys `console/dist`; without a build it
 * warns (a placeholder page would be deployed) and cdk-nag's report counts the warning. Build it
 * when missing or stale, as `npm start` does, so `npm test` holds on a fresh clone.
 */
export default async function setup() {
  await ensureConsoleBuilt();
}
