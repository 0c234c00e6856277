import {
  Agent,
  type ClientRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
} from 'node:http';

/**
 * DynamoDB Local keeps a database per access key and region; the proxy signs every request with
 * one key so that any caller's credentials reach the region's one database (it checks no signature).
 */
// DynamoDB Local accepts only letters and digits in an access key.
export const LOCAL_ACCESS_KEY = 'claimflowlocal';

/** A DynamoDB JSON request or answer body: the proxy reads and rewrites only a few fields of it. */
// biome-ignore lint/suspicious/noExplicitAny: wire JSON of many DynamoDB actions, narrowed where read
export type WireBody = Record<string, any>;

/** The `Authorization` header with its access key replaced by the one key every region's database is under. */
export const withLocalAccessKey = (authorization: string): string =>
  authorization.replace(/Credential=[^/]+\//, `Credential=${LOCAL_ACCESS_KEY}/`);

/**
 * The proxy's sockets to DynamoDB Local: one pool of keep-alive connections for forwarded requests
 * and for the replicator's own calls.
 */
export class DynamoDbLocalConnection {
  private readonly backend: URL;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(backendUrl: string) {
    this.backend = new URL(backendUrl);
  }

  /** `host:port`, for the Host header of a forwarded request. */
  get host(): string {
    return this.backend.host;
  }

  /** Sends a client's request on as it is; the caller reads the answer. */
  forward(
    method: string | undefined,
    path: string | undefined,
    headers: OutgoingHttpHeaders,
    onAnswer: (answer: IncomingMessage) => void,
  ): ClientRequest {
    return request(
      { host: this.backend.hostname, port: this.backend.port, method, path, headers, agent: this.agent },
      onAnswer,
    );
  }

  /**
   * One call straight to DynamoDB Local, for the replicator: its writes must not be stamped or
   * queued again. Plain HTTP with the shared sockets (DynamoDB Local checks no signature, only the
   * credential scope, which names the region's database): the SDK's serialization and signing cost
   * more CPU than the call itself on two cores.
   */
  call(region: string, action: string, payload: WireBody): Promise<{ status: number; body: WireBody }> {
    const body = Buffer.from(JSON.stringify(payload));
    return new Promise((resolve, reject) => {
      const req = this.forward(
        'POST',
        '/',
        {
          'content-type': 'application/x-amz-json-1.0',
          'content-length': body.length,
          'x-amz-target': `DynamoDB_20120810.${action}`,
          authorization: `AWS4-HMAC-SHA256 Credential=${LOCAL_ACCESS_KEY}/20120810/${region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({ status: res.statusCode ?? 500, body: text ? JSON.parse(text) : {} });
            } catch (err) {
              reject(err);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
