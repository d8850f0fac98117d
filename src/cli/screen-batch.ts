/**
 * `gatehouse screen`: the lists are read straight from files into an index (no database) and each
 * input row is screened; every row gets one result (matches, or the reason it could not be screened)
 * and a bad row never stops the run.
 */
import { parse } from 'csv-parse/sync';
import { buildScreeningIndex, type ScreeningIndex } from '../domain/screening/candidate-index.ts';
import type { EntryType, ListEntry, ListSource } from '../domain/screening/entry.ts';
import { parseListFiles, type ListFile } from '../domain/screening/lists/index.ts';
import { screenName, type ScreeningMatch } from '../domain/screening/matcher.ts';
import { AppError } from '../errors.ts';

export interface InputRow {
  row: number;
  name: string;
  dob?: string;
  country?: string;
  type?: string;
  id?: string;
}

export type RowResult =
  | { row: number; name: string; matches: PresentedMatch[] }
  | { row: number; name: string; error: { code: string; field: string; reason: string } };

export interface PresentedMatch {
  source: ListSource;
  entryId: string;
  matchedName: string;
  score: number;
  band: string;
  explanation: string;
}

const ENTRY_TYPES: readonly string[] = ['person', 'entity', 'vessel', 'aircraft', 'unknown'];

export function indexFromFiles(files: ReadonlyArray<{ source: ListSource; file: ListFile }>): {
  index: ScreeningIndex;
  counts: Record<string, number>;
} {
  const bySource = new Map<ListSource, ListFile[]>();
  for (const { source, file } of files) bySource.set(source, [...(bySource.get(source) ?? []), file]);
  const entries: ListEntry[] = [];
  const counts: Record<string, number> = {};
  for (const [source, group] of bySource) {
    const parsed = parseListFiles(source, group);
    if (!parsed.ok) {
      throw new AppError('LIST_IMPORT_FAILED', `The ${source} files do not parse.`, {
        problems: parsed.issues.slice(0, 50).map((i) => ({
          field: i.line === undefined ? i.file : `${i.file}:${i.line}`,
          code: 'LIST_MALFORMED',
          message: i.reason,
        })),
      });
    }
    counts[source] = parsed.entries.length;
    entries.push(...parsed.entries);
  }
  return { index: buildScreeningIndex(entries), counts };
}

/** The input CSV: a header row with `name` and optionally `dob`, `country`, `type`, `id`. */
export function parseInputCsv(text: string): InputRow[] {
  let records: Array<Record<string, string>>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      columns: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `The input is not CSV: ${(error as Error).message}`, {
      field: 'option.input',
    });
  }
  if (records.length > 0 && !('name' in (records[0] ?? {})))
    throw new AppError('VALIDATION_FAILED', 'The input CSV needs a header row with a `name` column.', {
      field: 'option.input',
    });
  return records.map((r, i) => ({
    row: i + 1,
    name: r.name ?? '',
    ...(r.dob ? { dob: r.dob } : {}),
    ...(r.country ? { country: r.country } : {}),
    ...(r.type ? { type: r.type } : {}),
    ...(r.id ? { id: r.id } : {}),
  }));
}

export function screenRow(
  index: ScreeningIndex,
  row: InputRow,
  options: { threshold?: number; limit: number },
): RowResult {
  if (row.type !== undefined && !ENTRY_TYPES.includes(row.type))
    return {
      row: row.row,
      name: row.name,
      error: { code: 'SCREENING_QUERY_INVALID', field: 'type', reason: 'invalid_type' },
    };
  const result = screenName(
    index,
    {
      name: row.name,
      ...(row.type === undefined ? {} : { type: row.type as EntryType }),
      ...(row.dob === undefined ? {} : { dateOfBirth: row.dob }),
      ...(row.country === undefined ? {} : { countries: [row.country] }),
      ...(row.id === undefined ? {} : { identifiers: [{ number: row.id }] }),
    },
    { threshold: options.threshold, limit: options.limit },
  );
  if (!result.ok)
    return {
      row: row.row,
      name: row.name,
      error: { code: result.code, field: result.field, reason: result.reason },
    };
  return { row: row.row, name: row.name, matches: result.matches.map(present) };
}

function present(m: ScreeningMatch): PresentedMatch {
  return {
    source: m.source,
    entryId: m.entryId,
    matchedName: m.matchedName,
    score: Math.round(m.score * 1000) / 1000,
    band: m.band,
    explanation: m.explanation.summary,
  };
}
