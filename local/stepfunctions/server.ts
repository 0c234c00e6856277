import '../node20-support.ts';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../read-body.ts';
import { regionOfRequest } from '../request-region.ts';
import { SfnApiError } from './errors.ts';
import { LocalStepFunctions, type LocalStepFunctionsOptions } from './service.ts';
import { loadStatesTimeoutError } from './timers.ts';

/**
 * The local Step Functions endpoint: the AWS JSON 1.0 protocol that @aws-sdk/client-sfn speaks,
 * `POST /` with `X-Amz-Target: AWSStepFunctions.<Action>`, on loopback. The region of a call is the
 * one in the SigV4 credential scope of its Authorization header, so one endpoint serves every
 * simulated region, each with its own executions.
 */

export interface StepFunctionsServiceOptions extends LocalStepFunctionsOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface StepFunctionsService {
  /** e.g. http://127.0.0.1:54321 — the `endpoint` for SFNClient or AWS_ENDPOINT_URL_SFN. */
  url: string;
  port: number;
  /** Stops serving and running; RUNNING executions stay RUNNING on disk and resume on the next start. */
  stop(): Promise<void>;
  setTimeScale(scale: number): void;
}

const TARGET_PREFIX = 'AWSStepFunctions.';
const MAX_BODY_BYTES = 1024 * 1024;

export async function startStepFunctionsService(
  options: StepFunctionsServiceOptions,
): Promise<StepFunctionsService> {
  await loadStatesTimeoutError();
  const service = await LocalStepFunctions.open(options);
  const server = createServer((request, response) => {
    handle(service, request, response).catch((error: unknown) => {
      (options.onError ?? console.error)(error);
      if (!response.headersSent) reply(response, 500, { __type: 'InternalFailure', message: String(error) });
    });
  });
  // Callers keep their connections (stop() closes them all): with a 1 s idle timeout, the SDK's
  // keep-alive sockets were closed between bursts and a third of StartExecutions opened a new one.
  server.keepAliveTimeout = 30_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    setTimeScale: (scale) => service.setTimeScale(scale),
    stop: () => {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await service.close();
        await closed;
      })();
      return stopping;
    },
  };
}

async function handle(
  service: LocalStepFunctions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'POST' || (request.url ?? '/').split('?')[0] !== '/') {
    return reply(response, 404, { __type: 'UnknownOperationException', message: 'POST / only' });
  }
  const target = String(request.headers['x-amz-target'] ?? '');
  if (!target.startsWith(TARGET_PREFIX)) {
    return reply(response, 400, {
      __type: 'UnknownOperationException',
      message: `unknown X-Amz-Target: ${target}`,
    });
  }
  const region = regionOfRequest(request.headers);
  if (!region) {
    return reply(response, 400, {
      __type: 'MissingAuthenticationTokenException',
      message: 'a SigV4 Authorization header with a credential scope is required (it names the region)',
    });
  }
  let body: Record<string, unknown>;
  try {
    const raw = await readBody(request, MAX_BODY_BYTES);
    if (raw === 'too-large') throw new Error('request body too large');
    const text = raw.toString('utf8');
    const parsed: unknown = text.length === 0 ? {} : JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    body = parsed as Record<string, unknown>;
  } catch (error) {
    return reply(response, 400, {
      __type: 'SerializationException',
      message: `invalid request body: ${(error as Error).message}`,
    });
  }
  try {
    reply(response, 200, await service.call(region, target.slice(TARGET_PREFIX.length), body));
  } catch (error) {
    if (!(error instanceof SfnApiError)) throw error;
    reply(response, error.statusCode, { __type: error.code, message: error.message });
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? {});
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/x-amz-json-1.0',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
  };
  if (status >= 400 && body && typeof body === 'object' && '__type' in body) {
    headers['x-amzn-ErrorType'] = String((body as { __type: unknown }).__type);
  }
  response.writeHead(status, headers);
  response.end(text);
}
