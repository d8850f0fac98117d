/**
 * The provider's own deny list, as CSV (header `name,type,dob,country,id,id_type,reason`, only `name`
 * required; optional `ref` and `aliases`) or JSON (an array of objects with the same keys, or
 * `{ "entries": [...] }`). The provider writes this file by hand, so it is read strictly: an unknown
 * type, a date or country that does not parse is reported for the provider to fix, not skipped.
 * Several values in one cell (aliases, countries, dates) are separated by ";". The entry id is the
 * `ref`, else the `id` (with `id_type` it is also the entry's document number), else a hash of the row.
 */
import type { EntryDate, EntryType, ListParseResult } from '../entry.ts';
import { countryFromCode, countryFromName } from './countries.ts';
import { columnsOf, field, missingColumns, readCsvRows } from './csv.ts';
import { dateOf, partsFromIso } from './dates.ts';
import {
  addCountry,
  addDate,
  addIdentifier,
  addName,
  addRemarks,
  createDraft,
  finishDraft,
  type EntryDraft,
} from './entry-draft.ts';
import { snakeLabel } from './identifier-labels.ts';
import { concludeImport, createIssueLog, lineAt, type IssueLog } from './issues.ts';
import { MAX_FIELD_CHARS, MAX_NAME_CHARS } from './limits.ts';
import type { ListFile } from './list-file.ts';
import { stableId } from './stable-id.ts';
import { lookup } from './lookup.ts';

const KEYS = ['ref', 'name', 'type', 'dob', 'country', 'id', 'id_type', 'reason', 'aliases'] as const;
type DenyRow = Readonly<Record<(typeof KEYS)[number], string>>;

interface LocatedRow {
  readonly row: DenyRow;
  /** Line in a CSV file; the 1-based position in a JSON array. */
  readonly line?: number;
  readonly position: string;
}

const TYPES: Readonly<Record<string, EntryType>> = {
  '': 'unknown',
  person: 'person',
  individual: 'person',
  entity: 'entity',
  company: 'entity',
  organisation: 'entity',
  organization: 'entity',
  vessel: 'vessel',
  ship: 'vessel',
  aircraft: 'aircraft',
};

export function parseDenyList(file: ListFile): ListParseResult {
  const log = createIssueLog();
  const looksJson = /\.json$/i.test(file.name) || /^\s*[[{]/.test(file.content.replace(/^\uFEFF/, ''));
  const rows = looksJson ? readJsonRows(file, log) : readCsvDenyRows(file, log);
  const drafts = new Map<string, EntryDraft>();
  for (const located of rows) {
    const draft = readRow(located, file.name, log);
    if (draft === undefined) continue;
    if (drafts.has(draft.entryId))
      log.add(file.name, `${located.position} repeats entry ${draft.entryId}`, located.line);
    drafts.set(draft.entryId, draft);
  }
  const entries = [...drafts.values()].flatMap((draft) => finishDraft(draft) ?? []);
  return concludeImport(log, file.name, entries, undefined, true);
}

function readCsvDenyRows(file: ListFile, log: IssueLog): LocatedRow[] {
  const [header, ...body] = readCsvRows(file.content, file.name, log) ?? [];
  if (header === undefined) return [];
  const columns = columnsOf(header.fields);
  if (missingColumns(columns, ['name']).length > 0) {
    log.add(file.name, 'the header has no "name" column', header.line);
    return [];
  }
  return body.flatMap((row) => {
    if (row.fields.length === columns.size) {
      const values = KEYS.map((key): [string, string] => [key, field(row, columns, key)]);
      return [{ row: Object.fromEntries(values) as DenyRow, line: row.line, position: `line ${row.line}` }];
    }
    log.add(file.name, `expected ${columns.size} columns, found ${row.fields.length}`, row.line);
    return [];
  });
}

function readJsonRows(file: ListFile, log: IssueLog): LocatedRow[] {
  const text = file.content.replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    log.add(file.name, 'the file is empty');
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    log.add(
      file.name,
      'not valid JSON (the file may be truncated)',
      position === undefined ? undefined : lineAt(text, Number(position)),
    );
    return [];
  }
  const items: unknown = Array.isArray(parsed) ? parsed : (parsed as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(items)) {
    log.add(file.name, 'expected an array of entries or { "entries": [...] }');
    return [];
  }
  return items.flatMap((item, index) => {
    const row = jsonRow(item);
    if (row !== undefined) return [{ row, position: `entry ${index + 1}` }];
    log.add(file.name, `entry ${index + 1} is not an object of strings`);
    return [];
  });
}

function jsonRow(item: unknown): DenyRow | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const record = item as Record<string, unknown>;
  const values: [string, string][] = [];
  for (const key of KEYS) {
    const value = record[key];
    if (value === undefined || value === null) values.push([key, '']);
    else if (typeof value === 'string' || typeof value === 'number') values.push([key, String(value).trim()]);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      values.push([key, value.join(';')]);
    else return undefined;
  }
  return Object.fromEntries(values) as DenyRow;
}

const many = (raw: string): string[] =>
  raw
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');

function readRow({ row, line, position }: LocatedRow, file: string, log: IssueLog): EntryDraft | undefined {
  const problem = rowProblem(row);
  if (problem !== undefined) {
    log.add(file, `${position}: ${problem}`, line);
    return undefined;
  }
  const identity = [row.name, row.type, row.dob, row.country, row.id, row.id_type];
  const entryId = row.ref || row.id || stableId('deny-', identity);
  const draft = createDraft('deny-list', entryId, lookup(TYPES, row.type.toLowerCase()) ?? 'unknown');
  addName(draft, row.name, 'strong', true);
  many(row.aliases).forEach((alias) => addName(draft, alias, 'strong'));
  many(row.dob).forEach((dob) => addDate(draft, isoDate(dob)));
  many(row.country).forEach((country) => addCountry(draft, countryOf(country)));
  if (row.id_type !== '') addIdentifier(draft, snakeLabel(row.id_type) || 'id', row.id);
  addRemarks(draft, row.reason);
  return draft;
}

const isoDate = (raw: string): EntryDate | undefined => {
  const parts = partsFromIso(raw);
  return parts === undefined ? undefined : dateOf(parts);
};

const countryOf = (raw: string): string | undefined => countryFromName(raw) ?? countryFromCode(raw);

function rowProblem(row: DenyRow): string | undefined {
  if (row.name === '') return 'the name is empty';
  if (!/\p{L}/u.test(row.name)) return 'the name has no letter: it could never match';
  if (Object.values(row).some((value) => value.length > MAX_FIELD_CHARS)) return 'a value is absurdly long';
  const names = [row.name, ...many(row.aliases)];
  if (names.some((name) => name.length > MAX_NAME_CHARS)) return 'a name is absurdly long';
  if (lookup(TYPES, row.type.toLowerCase()) === undefined)
    return `type "${row.type}" is not person, entity, vessel or aircraft`;
  const badDate = many(row.dob).find((dob) => isoDate(dob) === undefined);
  if (badDate !== undefined) return `dob "${badDate}" is not YYYY, YYYY-MM or YYYY-MM-DD`;
  const badCountry = many(row.country).find((country) => countryOf(country) === undefined);
  if (badCountry !== undefined) return `country "${badCountry}" is not a known country name or code`;
  if (row.id_type !== '' && row.id === '') return 'id_type is given without an id';
  return undefined;
}
