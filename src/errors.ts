/**
 * The one error type of Gatehouse. Expected outcomes (a screening hit, a failed check) are values;
 * a broken rule, bad input or an unavailable dependency is an AppError with a code from this closed
 * list. `http/errors.ts` maps every code to an HTTP status, `cli/exit-codes.ts` to an exit code, and
 * docs/errors.md explains each one: a new code needs all three (the compiler enforces the first two).
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'INVALID_CURSOR',
  'ACCESS_BATCH_TOO_LARGE',
  'UNAUTHENTICATED',
  'API_KEY_REVOKED',
  'SIGN_IN_LOCKED',
  'CSRF_TOKEN_INVALID',
  'CONSOLE_USER_EXISTS',
  'FORBIDDEN',
  'PURPOSE_REQUIRED',
  'ROUTE_NOT_FOUND',
  'TENANT_NOT_FOUND',
  'API_KEY_NOT_FOUND',
  'APPLICATION_NOT_FOUND',
  'PARTY_NOT_FOUND',
  'PROFILE_NOT_FOUND',
  'MEASURE_NOT_FOUND',
  'ACCOUNT_NOT_FOUND',
  'APPLICATION_INVALID',
  'PARTY_VERSION_CONFLICT',
  'INVALID_TRANSITION',
  'SECOND_REVIEWER_REQUIRED',
  'PROPOSAL_CONFLICT',
  'PROPOSAL_NOT_FOUND',
  'VERIFICATION_NOT_FOUND',
  'VERIFICATION_CODE_INVALID',
  'VERIFICATION_CLOSED',
  'VENDOR_NOT_FOUND',
  'WEBHOOK_SIGNATURE_INVALID',
  'WEBHOOK_NOT_FOUND',
  'REDRESS_NOT_FOUND',
  'REDRESS_NOT_ALLOWED',
  'LIST_IMPORT_FAILED',
  'LIST_DOWNLOAD_FAILED',
  'LIST_NOT_FOUND',
  'HIT_NOT_FOUND',
  'HIT_ALREADY_REVIEWED',
  'LEDGER_ARGUMENT_INVALID',
  'LEDGER_RECORD_NOT_FOUND',
  'LEDGER_DIVERGENCE',
  'LEGAL_HOLD_INVALID',
  'LEGAL_HOLD_NOT_FOUND',
  'LEGAL_HOLD_RELEASED',
  'PARTY_SHREDDED',
  'CERTIFICATE_NOT_FOUND',
  'KEY_IN_USE',
  'KEY_UNAVAILABLE',
  'TENANT_AMBIGUOUS',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_KEY_IN_PROGRESS',
  'RATE_LIMITED',
  'CONFIG_INVALID',
  'STORE_UNAVAILABLE',
  'STORE_LOCKED',
  'MIGRATIONS_PENDING',
  'SHUTTING_DOWN',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one input field; `field` is a dotted path such as `body.role` or `env.GATEHOUSE_PORT`. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
  /** For application problems: the path inside the body, e.g. `nationalIds[0].number`. */
  path?: string;
}

export interface AppErrorOptions {
  field?: string;
  problems?: FieldProblem[];
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly problems: FieldProblem[];

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field ?? options.problems?.[0]?.field;
    this.problems = options.problems ?? [];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns zod issues into field problems; `prefix` names where the input came from (`body`, `env`). */
export function problemsFromIssues(issues: readonly ZodIssueLike[], prefix: string): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    const base = [prefix, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys !== undefined) {
      return issue.keys.map((key) => ({
        field: `${base}.${key}`,
        code: 'unknown_field',
        message: 'unknown field',
      }));
    }
    return [{ field: base, code: issue.code, message: issue.message }];
  });
}

interface ZodIssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
}
