import type { IncomingMessage } from 'node:http';

/**
 * The region a request is meant for, as AWS reads it: from the SigV4 credential scope of its
 * `Authorization` header (`Credential=KEY/DATE/REGION/SERVICE/aws4_request`). One local endpoint
 * (DynamoDB, Step Functions, SES) serves every simulated region this way. No signature is checked.
 */
const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/[^/,\s]+\/aws4_request/;

export function regionOfRequest(headers: IncomingMessage['headers']): string | undefined {
  const auth = headers.authorization;
  return typeof auth === 'string' ? CREDENTIAL_SCOPE.exec(auth)?.[1] : undefined;
}
