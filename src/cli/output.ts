/** How commands print: plain lines for people, one JSON document for machines (`--json`). */
import { z } from 'zod';
import { AppError, isAppError, problemsFromIssues } from '../errors.ts';
import { EXIT_CODE_BY_ERROR } from './exit-codes.ts';

export interface Output {
  json: boolean;
  /** Prints `data` as JSON with --json, else the lines `human` renders. */
  result(data: unknown, human: () => string[]): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(data, human) {
      if (json) process.stdout.write(`${JSON.stringify(data)}\n`);
      else for (const line of human()) process.stdout.write(`${line}\n`);
    },
  };
}

/** Prints a failure on stderr and returns the exit code for it. Internal errors keep their details out of the message. */
export function reportFailure(error: unknown, json: boolean): number {
  const appError = isAppError(error)
    ? error
    : new AppError('INTERNAL', 'Unexpected failure.', { cause: error });
  if (json) {
    const body = {
      error: {
        code: appError.code,
        message: appError.message,
        field: appError.field,
        errors: appError.problems,
      },
    };
    process.stderr.write(`${JSON.stringify(body)}\n`);
  } else {
    process.stderr.write(`error[${appError.code}]: ${appError.message}\n`);
    if (appError.code === 'INTERNAL' && error instanceof Error)
      process.stderr.write(`${error.stack ?? error.message}\n`);
  }
  return EXIT_CODE_BY_ERROR[appError.code];
}

export const TenantOption = z.uuid().optional();

/** Validates a command's options (commander gives strings) and names the bad option in the error. */
export function parseOptions<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = problemsFromIssues(parsed.error.issues, 'option');
    throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
      problems,
    });
  }
  return parsed.data;
}
