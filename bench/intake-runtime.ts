import { startRuntime } from '../local/runtime.ts';

/**
 * The runtime under test of bench/intake.ts, in a process of its own so that the load generator
 * does not share the runtime's event loop (the gateway, the DynamoDB proxy and the Step Functions
 * service all run on the main thread, as in `npm start`). Prints one JSON line when ready; stops
 * on SIGTERM.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const opts = JSON.parse(process.argv[2] ?? '{}') as {
  dataDir: string;
  workflow: 'record-only' | 'claim-lifecycle';
  inMemory: boolean;
};
const rt = await startRuntime(opts);
console.log(JSON.stringify({ ready: true, endpoints: rt.endpoints, dynamodbLocal: rt.dynamodbLocal.url }));
process.on('SIGTERM', async () => {
  await rt.stop();
  process.exit(0);
});
