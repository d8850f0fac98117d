/**
 * `apply --batch`: one application per line of an NDJSON file, streamed (readline) so a file of any
 * size is processed in constant memory, apart from the list of rejected lines. A line that is not an
 * acceptable application (malformed JSON, wrong shape, an invalid identifier, an unknown profile or
 * reseller) is rejected with its line number and code, and the batch goes on; a failure that is not
 * the line's fault (the store unavailable, an internal error) stops it: every later line would fail too.
 */
import fs, { type FileHandle } from 'node:fs/promises';
import readline from 'node:readline';
import { ApplicationInputSchema, type ApplicationInput } from '../domain/applications/input.ts';
import { AppError, isAppError, type ErrorCode, type FieldProblem } from '../errors.ts';
import { EXIT_CODE_BY_ERROR } from './exit-codes.ts';
import { MAX_DOCUMENT_BYTES, parseBody, parseJsonText } from './read-input.ts';

/** Exit codes of errors that are about the input line (usage, data, not found, retry) rather than the run. */
const LINE_EXIT_CODES = new Set([64, 65, 66, 75]);

export interface Rejection {
  line: number;
  code: ErrorCode;
  message: string;
  errors: FieldProblem[];
}

export type LineOutcome = { line: number; ok: true; status: string } | ({ ok: false } & Rejection);

export interface BatchSummary {
  file: string;
  /** Lines that held something (blank lines are skipped). */
  total: number;
  accepted: number;
  rejected: number;
  /** Accepted applications by decision status. */
  byStatus: Record<string, number>;
  /** Rejected lines by error code. */
  byCode: Record<string, number>;
  seconds: number;
  /** Lines processed per second, accepted or rejected. */
  perSecond: number;
  rejections: Rejection[];
}

export interface BatchProgress {
  /** The file's size, for a progress bar. */
  start(totalBytes: number): void;
  /** After each line: the outcome and the bytes consumed so far. */
  line(outcome: LineOutcome, bytesDone: number, summary: BatchSummary): void;
  /** `completed` is false when a failure stopped the batch. */
  stop(completed: boolean): void;
}

/** Submits one application and returns its decision status. */
export type Submit = (input: ApplicationInput) => Promise<string>;

/** Opens the batch file before the store is opened, so a wrong path fails at once. */
export async function openBatchFile(file: string): Promise<FileHandle> {
  try {
    return await fs.open(file, 'r');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new AppError('VALIDATION_FAILED', `Cannot read ${file} (${reason}).`, {
      field: 'option.batch',
      cause: error,
    });
  }
}

/** Processes every line of `handle` (which the caller closes) in order, one at a time. */
export async function runBatch(
  handle: FileHandle,
  file: string,
  submit: Submit,
  progress: BatchProgress,
): Promise<BatchSummary> {
  const summary = emptySummary(file);
  const started = performance.now();
  progress.start((await handle.stat()).size);
  const input = handle.createReadStream({ autoClose: false, start: 0 });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let bytesDone = 0;
  let completed = false;
  try {
    for await (const text of lines) {
      lineNumber += 1;
      bytesDone += Buffer.byteLength(text, 'utf8') + 1;
      if (text.trim() === '') continue;
      const outcome = await processLine(text, lineNumber, submit);
      count(summary, outcome);
      summary.seconds = (performance.now() - started) / 1000;
      progress.line(outcome, bytesDone, summary);
    }
    completed = true;
  } finally {
    lines.close();
    input.destroy();
    progress.stop(completed);
  }
  summary.seconds = round((performance.now() - started) / 1000);
  summary.perSecond = summary.seconds === 0 ? summary.total : round(summary.total / summary.seconds);
  return summary;
}

async function processLine(text: string, line: number, submit: Submit): Promise<LineOutcome> {
  try {
    if (Buffer.byteLength(text, 'utf8') > MAX_DOCUMENT_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The line is longer than ${MAX_DOCUMENT_BYTES} bytes.`);
    }
    const input = parseBody(ApplicationInputSchema, parseJsonText(text, 'The line'));
    return { line, ok: true, status: await submit(input) };
  } catch (error) {
    if (!isAppError(error) || !LINE_EXIT_CODES.has(EXIT_CODE_BY_ERROR[error.code])) throw error;
    return { line, ok: false, code: error.code, message: error.message, errors: error.problems };
  }
}

function emptySummary(file: string): BatchSummary {
  return {
    file,
    total: 0,
    accepted: 0,
    rejected: 0,
    byStatus: {},
    byCode: {},
    seconds: 0,
    perSecond: 0,
    rejections: [],
  };
}

function count(summary: BatchSummary, outcome: LineOutcome): void {
  summary.total += 1;
  if (outcome.ok) {
    summary.accepted += 1;
    summary.byStatus[outcome.status] = (summary.byStatus[outcome.status] ?? 0) + 1;
    return;
  }
  summary.rejected += 1;
  summary.byCode[outcome.code] = (summary.byCode[outcome.code] ?? 0) + 1;
  const { line, code, message, errors } = outcome;
  summary.rejections.push({ line, code, message, errors });
}

const round = (n: number) => Math.round(n * 100) / 100;
