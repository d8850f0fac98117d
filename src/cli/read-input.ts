/**
 * The JSON documents commands read from files (an application, a special measure): read, parsed and
 * checked against the same schema as the HTTP body, with problems named by their path in the body.
 */
import fs from 'node:fs/promises';
import type { z } from 'zod';
import { AppError, isAppError, problemsFromIssues, type FieldProblem } from '../errors.ts';

/** The HTTP API's default body limit: a larger file is not one application or measure. */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

/** Reads and parses one JSON file; `field` names the option or argument that gave the path. */
export async function readJsonFile(file: string, field: string): Promise<unknown> {
  return parseJsonText(await readSmallFile(file, field), file);
}

async function readSmallFile(file: string, field: string): Promise<string> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new AppError('VALIDATION_FAILED', `${file} is not a file.`, { field });
    if (stat.size > MAX_DOCUMENT_BYTES) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `${file} is ${stat.size} bytes; one document may have at most ${MAX_DOCUMENT_BYTES}.`,
        { field },
      );
    }
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isAppError(error)) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new AppError('VALIDATION_FAILED', `Cannot read ${file} (${reason}).`, { field, cause: error });
  }
}

/** `what` names the text in the error: a file, or "the line". */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    throw new AppError('MALFORMED_JSON', `${what} is not valid JSON${detail}.`, { field: 'body' });
  }
}

/**
 * Checks a document against a body schema. Fields are named as the HTTP API names them
 * (`body.nationalIds.0.number`), and `path` as in application problems (`nationalIds[0].number`).
 */
export function parseBody<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems: FieldProblem[] = problemsFromIssues(parsed.error.issues, 'body').map((p) => ({
    ...p,
    path: bodyPath(p.field),
  }));
  const what =
    problems.length === 1 ? '1 field of the document is' : `${problems.length} fields of the document are`;
  throw new AppError('VALIDATION_FAILED', `${what} not in the expected shape.`, { problems });
}

function bodyPath(field: string): string {
  return field.replace(/^body\.?/, '').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/**
 * For people reading stderr: the error with its document problems (those with a path) listed in the
 * message, one a line. JSON output keeps them apart, in `errors`.
 */
export function withProblemsListed(error: unknown): unknown {
  if (!isAppError(error) || !error.problems.some((p) => p.path !== undefined)) return error;
  const lines = error.problems.map((p) => `  ${p.path ?? p.field}  ${p.code}: ${p.message}`);
  return new AppError(error.code, `${error.message}\n${lines.join('\n')}`, {
    problems: error.problems,
    field: error.field,
    cause: error,
  });
}
