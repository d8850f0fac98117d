/**
 * The one place that knows HTTP status codes for errors. Every failure leaves as
 * `application/problem+json` (RFC 9457) with a stable `code`, the offending `field` when there is one,
 * and the request id, so a client can act on it and an operator can find it in the logs.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, isAppError, type ErrorCode, type FieldProblem } from '../errors.ts';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_CURSOR: 400,
  ACCESS_BATCH_TOO_LARGE: 413,
  ACCOUNT_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  API_KEY_REVOKED: 401,
  SIGN_IN_LOCKED: 429,
  CSRF_TOKEN_INVALID: 403,
  CONSOLE_USER_EXISTS: 409,
  FORBIDDEN: 403,
  PURPOSE_REQUIRED: 400,
  ROUTE_NOT_FOUND: 404,
  TENANT_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  APPLICATION_NOT_FOUND: 404,
  PARTY_NOT_FOUND: 404,
  PROFILE_NOT_FOUND: 404,
  MEASURE_NOT_FOUND: 404,
  APPLICATION_INVALID: 422,
  PARTY_VERSION_CONFLICT: 409,
  INVALID_TRANSITION: 409,
  SECOND_REVIEWER_REQUIRED: 409,
  PROPOSAL_CONFLICT: 409,
  PROPOSAL_NOT_FOUND: 404,
  VERIFICATION_NOT_FOUND: 404,
  VERIFICATION_CODE_INVALID: 422,
  VERIFICATION_CLOSED: 409,
  VENDOR_NOT_FOUND: 404,
  WEBHOOK_SIGNATURE_INVALID: 401,
  WEBHOOK_NOT_FOUND: 404,
  REDRESS_NOT_FOUND: 404,
  REDRESS_NOT_ALLOWED: 409,
  LIST_IMPORT_FAILED: 422,
  LIST_DOWNLOAD_FAILED: 502,
  LIST_NOT_FOUND: 404,
  HIT_NOT_FOUND: 404,
  HIT_ALREADY_REVIEWED: 409,
  LEDGER_ARGUMENT_INVALID: 400,
  LEDGER_RECORD_NOT_FOUND: 404,
  LEDGER_DIVERGENCE: 500,
  LEGAL_HOLD_INVALID: 422,
  LEGAL_HOLD_NOT_FOUND: 404,
  LEGAL_HOLD_RELEASED: 409,
  PARTY_SHREDDED: 410,
  CERTIFICATE_NOT_FOUND: 404,
  KEY_IN_USE: 409,
  KEY_UNAVAILABLE: 503,
  TENANT_AMBIGUOUS: 400,
  IDEMPOTENCY_KEY_REUSED: 409,
  IDEMPOTENCY_KEY_IN_PROGRESS: 409,
  RATE_LIMITED: 429,
  CONFIG_INVALID: 500,
  STORE_UNAVAILABLE: 503,
  STORE_LOCKED: 503,
  MIGRATIONS_PENDING: 503,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance: string;
  requestId: string;
  field?: string;
  errors?: FieldProblem[];
}

export function problemFor(error: AppError, request: FastifyRequest): ProblemBody {
  const status = STATUS_BY_CODE[error.code];
  return {
    type: `urn:gatehouse:problem:${error.code.toLowerCase()}`,
    title: error.code,
    status,
    code: error.code,
    detail: error.message,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.problems.length === 0 ? {} : { errors: error.problems }),
  };
}

/** Fastify's own errors (parser, body limit, schema validation) become AppErrors with our codes. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = locationName(error.validationContext);
    const problems: FieldProblem[] = error.validation.flatMap((issue) => {
      const base = [where, ...issue.instancePath.split('/').filter(Boolean)].join('.');
      const keys = (issue.params as { keys?: unknown }).keys;
      if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
        return keys.map((key) => ({
          field: `${base}.${String(key)}`,
          code: 'unknown_field',
          message: 'unknown field',
        }));
      }
      return [{ field: base, code: issue.keyword, message: issue.message ?? 'invalid' }];
    });
    const first = problems[0];
    const summary = first === undefined ? 'The request is invalid.' : `${first.field}: ${first.message}`;
    return new AppError('VALIDATION_FAILED', summary, { problems });
  }
  const code = (error as FastifyError | undefined)?.code;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than this server accepts.', {
        field: 'body',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.', {
        field: 'header.content-type',
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.', { field: 'body' });
    default:
      break;
  }
  if (error instanceof SyntaxError || (error as { statusCode?: number } | undefined)?.statusCode === 400) {
    return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.', { field: 'body' });
  }
  return new AppError(
    'INTERNAL',
    'Something went wrong on our side; the request id identifies it in our logs.',
    {
      cause: error,
    },
  );
}

function locationName(context: string | undefined): string {
  switch (context) {
    case 'querystring':
      return 'query';
    case 'params':
      return 'path';
    case 'headers':
      return 'header';
    default:
      return 'body';
  }
}

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(error);
  if (appError.code === 'INTERNAL') {
    // Only the error object: no request body, which may hold personal data.
    request.log.error({ err: appError.cause ?? error }, 'unhandled error');
  } else if (appError.code === 'STORE_UNAVAILABLE') {
    request.log.warn({ code: appError.code }, 'store unavailable');
  }
  const body = problemFor(appError, request);
  if (appError.code === 'STORE_UNAVAILABLE') void reply.header('retry-after', '5');
  return reply.status(body.status).type('application/problem+json').send(body);
}
