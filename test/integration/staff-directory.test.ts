import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffSettings } from '../../functions/shared/staff-directory.ts';

/**
 * The staff directory as a deployed function reads it: through Powertools Parameters and the real
 * Secrets Manager client, against a loopback stand-in for Secrets Manager's GetSecretValue (the
 * SDK reads AWS_ENDPOINT_URL_SECRETS_MANAGER itself, as it reads the other endpoints locally).
 */
describe('the staff directory read at run time', () => {
  const secrets = new Map<string, string>();
  const asked: string[] = [];
  let server: Server;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const target = req.headers['x-amz-target'];
        const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
        asked.push(`${target} ${SecretId}`);
        const value = SecretId ? secrets.get(SecretId) : undefined;
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        if (target !== 'secretsmanager.GetSecretValue' || value === undefined) {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'no such secret' }));
          return;
        }
        res.end(
          JSON.stringify({
            ARN: `arn:aws:secretsmanager:ap-south-1:1:secret:${SecretId}`,
            Name: SecretId,
            SecretString: value,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.AWS_REGION = 'ap-south-1';
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("derives the pool's issuer, its keys' URL, the audience and the console origin from the record", async () => {
    secrets.set(
      'claimflow/staff-directory',
      JSON.stringify({
        userPoolId: 'ap-northeast-1_AbC123',
        clientId: 'client-1',
        consoleOrigin: 'https://d111.cloudfront.net',
      }),
    );
    const env = {
      CLAIMFLOW_STAFF_DIRECTORY: 'claimflow/staff-directory',
      CLAIMFLOW_PRIMARY_REGION: 'ap-northeast-1',
    };

    const settings = await staffSettings(env);

    expect(settings).toEqual({
      token: {
        issuer: 'https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_AbC123',
        jwksUri:
          'https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_AbC123/.well-known/jwks.json',
        audience: 'client-1',
      },
      consoleOrigin: 'https://d111.cloudfront.net',
    });
    expect(asked).toEqual(['secretsmanager.GetSecretValue claimflow/staff-directory']);
  });

  it('keeps the record in the container: the next requests ask Secrets Manager nothing', async () => {
    const env = {
      CLAIMFLOW_STAFF_DIRECTORY: 'claimflow/staff-directory',
      CLAIMFLOW_PRIMARY_REGION: 'ap-northeast-1',
    };
    asked.length = 0;

    for (let i = 0; i < 5; i++) await staffSettings(env);

    expect(asked).toEqual([]);
  });

  it('refuses a record without the fields it needs, naming them', async () => {
    secrets.set(
      'claimflow/broken-directory',
      JSON.stringify({ userPoolId: 'p', consoleOrigin: 'not a url' }),
    );
    const env = {
      CLAIMFLOW_STAFF_DIRECTORY: 'claimflow/broken-directory',
      CLAIMFLOW_PRIMARY_REGION: 'ap-northeast-1',
    };

    await expect(staffSettings(env)).rejects.toThrow(/clientId.*consoleOrigin|consoleOrigin.*clientId/s);
  });

  it('takes the settings from plain variables when no record is named (the local runtime)', async () => {
    const settings = await staffSettings({
      CLAIMFLOW_STAFF_ISSUER: 'http://127.0.0.1:9/',
      CLAIMFLOW_STAFF_AUDIENCE: 'claimflow-console-local',
      CLAIMFLOW_STAFF_JWKS_URI: 'http://127.0.0.1:9/.well-known/jwks.json',
      CLAIMFLOW_CONSOLE_ORIGIN: 'http://127.0.0.1:8',
    });

    expect(settings).toEqual({
      token: {
        issuer: 'http://127.0.0.1:9/',
        audience: 'claimflow-console-local',
        jwksUri: 'http://127.0.0.1:9/.well-known/jwks.json',
      },
      consoleOrigin: 'http://127.0.0.1:8',
    });
  });
});
