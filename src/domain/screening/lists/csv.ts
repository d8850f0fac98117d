import { parse } from 'csv-parse/sync';
import type { IssueLog } from './issues.ts';
import { MAX_FIELD_CHARS } from './limits.ts';

export interface CsvRow {
  /** 1-based line where the record starts (a quoted field may span lines). */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvOptions {
  readonly delimiter?: string;
}

const DOS_END_OF_FILE = '\u001a';

/**
 * Strips what the publishers wrap their text in: a byte-order mark, and the DOS end-of-file byte
 * (0x1A) that OFAC's legacy CSV files still end with.
 */
function stripWrapping(content: string): string {
  let text = content.replace(/^\uFEFF/, '').trimEnd();
  while (text.endsWith(DOS_END_OF_FILE)) text = text.slice(0, -1).trimEnd();
  return text;
}

interface CsvParseError {
  readonly code?: string;
  readonly message: string;
}

function csvErrorReason(error: CsvParseError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (the file is truncated or a quote is stray)';
    case 'CSV_MAX_RECORD_SIZE':
      return `a record is larger than ${MAX_FIELD_CHARS * 4} characters`;
    default:
      return error.message.replace(/\s+/g, ' ');
  }
}

/**
 * All records of a CSV file with their starting lines, or nothing (and issues logged) when the file is
 * empty, does not parse or holds an absurdly long field. Blank lines are skipped.
 */
export function readCsvRows(
  content: string,
  file: string,
  log: IssueLog,
  options: CsvOptions = {},
): CsvRow[] | undefined {
  const text = stripWrapping(content);
  if (text.trim() === '') {
    log.add(file, 'the file is empty');
    return undefined;
  }
  // The line each record ends on, in step with the records (a quoted field may span lines).
  const endLines: number[] = [];
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: options.delimiter ?? ',',
      relax_column_count: true,
      max_record_size: MAX_FIELD_CHARS * 4,
      on_record: (record, context) => {
        endLines.push(context.lines);
        return record;
      },
    });
  } catch (error) {
    // The failing record starts on the line after the last good one.
    log.add(file, csvErrorReason(error as CsvParseError), (endLines.at(-1) ?? 0) + 1);
    return undefined;
  }
  return collectRows(records, endLines, file, log);
}

function collectRows(
  records: readonly string[][],
  endLines: readonly number[],
  file: string,
  log: IssueLog,
): CsvRow[] | undefined {
  const rows: CsvRow[] = [];
  let oversized = false;
  records.forEach((record, index) => {
    const line = (endLines[index - 1] ?? 0) + 1;
    if (record.length === 1 && (record[0] ?? '').trim() === '') return;
    const longest = record.findIndex((value) => value.length > MAX_FIELD_CHARS);
    if (longest === -1) {
      rows.push({ line, fields: record });
      return;
    }
    log.add(file, `field ${longest + 1} is longer than ${MAX_FIELD_CHARS} characters`, line);
    oversized = true;
  });
  return oversized ? undefined : rows;
}

/** Logs every row whose column count differs from the layout; true when all rows fit. */
export function checkColumnCount(
  rows: readonly CsvRow[],
  expected: number,
  file: string,
  log: IssueLog,
): boolean {
  let fits = true;
  for (const row of rows) {
    if (row.fields.length === expected) continue;
    log.add(file, `expected ${expected} columns, found ${row.fields.length}`, row.line);
    fits = false;
  }
  return fits;
}

/** Column positions by header name (trimmed, case-insensitive), for files with a header row. */
export type Columns = ReadonlyMap<string, number>;

export function columnsOf(header: readonly string[]): Columns {
  return new Map(header.map((name, index) => [name.trim().toLowerCase(), index]));
}

export function missingColumns(columns: Columns, required: readonly string[]): string[] {
  return required.filter((name) => !columns.has(name.toLowerCase()));
}

/** A field by header name, trimmed; '' when the column is absent. */
export function field(row: CsvRow, columns: Columns, name: string): string {
  const index = columns.get(name.toLowerCase());
  return index === undefined ? '' : (row.fields[index] ?? '').trim();
}
