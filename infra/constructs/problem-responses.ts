import { GatewayResponse, type IRestApi, ResponseType } from 'aws-cdk-lib/aws-apigateway';
import type { Construct } from 'constructs';
import { PROBLEM_CONTENT_TYPE, type ProblemKind, problem } from '../../functions/shared/problem.ts';

/** One answer API Gateway gives itself: the response type, its status, the problem kind, the detail. */
export type GatewayProblem = readonly [ResponseType, string, ProblemKind, string];

/** What every claimflow REST API answers alike: requests API Gateway refuses itself, and its own failures. */
export const commonGatewayProblems: readonly GatewayProblem[] = [
  [ResponseType.BAD_REQUEST_PARAMETERS, '400', 'validation', 'missing: $context.error.validationErrorString'],
  [ResponseType.BAD_REQUEST_BODY, '400', 'validation', 'the body must be a JSON object'],
  [ResponseType.REQUEST_TOO_LARGE, '413', 'payloadTooLarge', 'the body is too large'],
  [ResponseType.UNSUPPORTED_MEDIA_TYPE, '415', 'unsupportedMediaType', 'send the body as application/json'],
  [ResponseType.INTEGRATION_FAILURE, '502', 'badGateway', 'the request failed on our side; retry later'],
  [ResponseType.INTEGRATION_TIMEOUT, '504', 'gatewayTimeout', 'the request took too long; retry later'],
  [ResponseType.DEFAULT_5XX, '500', 'internal', 'the request failed on our side; retry later'],
];

/**
 * API Gateway's own answers as RFC 9457 problem+json, like the handlers' (construct ids
 * `Problem-<type>` under `scope`). `headers` adds response headers per status, values already quoted
 * as API Gateway mapping expressions (`'…'`).
 */
export function addProblemResponses(
  scope: Construct,
  api: IRestApi,
  answers: readonly GatewayProblem[],
  headers: (statusCode: string) => Record<string, string> = () => ({}),
): void {
  for (const [type, statusCode, kind, detail] of answers) {
    const body = JSON.stringify({
      ...problem(kind, detail),
      status: Number(statusCode),
      requestId: '$context.requestId',
    });
    new GatewayResponse(scope, `Problem-${type.responseType}`, {
      restApi: api,
      type,
      statusCode,
      templates: { [PROBLEM_CONTENT_TYPE]: body, 'application/json': body },
      responseHeaders: { 'content-type': `'${PROBLEM_CONTENT_TYPE}'`, ...headers(statusCode) },
    });
  }
}
