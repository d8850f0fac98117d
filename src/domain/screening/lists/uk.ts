/**
 * The UK consolidated list of financial sanctions targets (OFSI ConList.csv). Row 1 is
 * "Last Updated,<dd/mm/yyyy>", row 2 the header; then one row per name of a target, and the rows
 * sharing a Group ID are one target. Names are split over Name 1 … Name 5 (given names) and Name 6
 * (surname, or the whole name of an entity); dates are dd/mm/yyyy with 00 for an unknown day or month;
 * several values in one cell are numbered "(1) … (2) …".
 */
import type { AliasQuality, EntryType, ListParseResult } from '../entry.ts';
import { countryFromName } from './countries.ts';
import { columnsOf, field, missingColumns, readCsvRows, type Columns, type CsvRow } from './csv.ts';
import { dateOf, isoFromParts, partsFromDayMonthYear } from './dates.ts';
import {
  addAddress,
  addCountry,
  addDate,
  addIdentifier,
  addName,
  addProgram,
  addRemarks,
  createDraft,
  finishDraft,
  type EntryDraft,
} from './entry-draft.ts';
import { concludeImport, createIssueLog, type IssueLog } from './issues.ts';
import { MAX_NAME_CHARS } from './limits.ts';
import type { ListFile } from './list-file.ts';
import { lookup } from './lookup.ts';

const TYPES: Readonly<Record<string, EntryType>> = { individual: 'person', entity: 'entity', ship: 'vessel' };
const GIVEN_NAMES = ['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5'];
const ADDRESS = [
  'Address 1',
  'Address 2',
  'Address 3',
  'Address 4',
  'Address 5',
  'Address 6',
  'Post/Zip Code',
];

/** "(1) 01/02/1960 (2) 1961" → ["01/02/1960", "1961"]; a value without numbering is one value. */
const numbered = (raw: string): string[] =>
  raw
    .split(/\(\d+\)/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

export function parseUkCsv(file: ListFile): ListParseResult {
  const log = createIssueLog();
  const rows = readCsvRows(file.content, file.name, log) ?? [];
  const headerAt = rows.findIndex((row) => row.fields.some((name) => name.trim() === 'Group ID'));
  const header = rows[headerAt];
  if (header === undefined) {
    if (rows.length > 0) log.add(file.name, 'no header row with a "Group ID" column');
    return concludeImport(log, file.name, []);
  }
  const columns = columnsOf(header.fields);
  const missing = missingColumns(columns, ['Name 6', 'Group Type', 'Group ID']);
  if (missing.length > 0) log.add(file.name, `the header lacks ${missing.join(', ')}`, header.line);
  const drafts = new Map<string, EntryDraft>();
  for (const row of missing.length > 0 ? [] : rows.slice(headerAt + 1)) {
    if (row.fields.length !== columns.size) {
      log.add(file.name, `expected ${columns.size} columns, found ${row.fields.length}`, row.line);
      continue;
    }
    readRow(row, columns, drafts, file.name, log);
  }
  const entries = [...drafts.values()].flatMap((draft) => finishDraft(draft) ?? []);
  return concludeImport(log, file.name, entries, lastUpdated(rows[0]));
}

/** Row 1: "Last Updated,20/01/2024" → "2024-01-20". */
function lastUpdated(row: CsvRow | undefined): string | undefined {
  if (row?.fields[0]?.trim().toLowerCase() !== 'last updated') return undefined;
  const parts = partsFromDayMonthYear(row.fields[1] ?? '');
  return parts === undefined ? undefined : isoFromParts(parts);
}

function aliasQuality(row: CsvRow, columns: Columns): AliasQuality {
  return /low/i.test(field(row, columns, 'Alias Quality')) ? 'weak' : 'strong';
}

function readRow(
  row: CsvRow,
  columns: Columns,
  drafts: Map<string, EntryDraft>,
  file: string,
  log: IssueLog,
): void {
  const groupId = field(row, columns, 'Group ID');
  if (!/^\d{1,12}$/.test(groupId)) {
    log.add(file, `Group ID "${groupId.slice(0, 40)}" is missing or not a number`, row.line);
    return;
  }
  const name = [...GIVEN_NAMES, 'Name 6']
    .map((column) => field(row, columns, column))
    .filter(Boolean)
    .join(' ');
  if (name === '' || name.length > MAX_NAME_CHARS) {
    log.add(file, `a row of group ${groupId} has ${name === '' ? 'no' : 'an absurdly long'} name`, row.line);
    return;
  }
  let draft = drafts.get(groupId);
  if (draft === undefined) {
    draft = createDraft(
      'uk',
      groupId,
      lookup(TYPES, field(row, columns, 'Group Type').toLowerCase()) ?? 'unknown',
    );
    drafts.set(groupId, draft);
  }
  const primary = field(row, columns, 'Alias Type').toLowerCase() === 'primary name';
  addName(draft, name, primary ? 'strong' : aliasQuality(row, columns), primary);
  const script = field(row, columns, 'Non-Latin Script Type');
  addName(draft, field(row, columns, 'Name Non-Latin Script'), 'strong', false, script || undefined);
  readDetails(row, columns, draft);
}

function readDetails(row: CsvRow, columns: Columns, draft: EntryDraft): void {
  for (const dob of numbered(field(row, columns, 'DOB'))) {
    const parts = partsFromDayMonthYear(dob);
    if (parts !== undefined) addDate(draft, dateOf(parts));
  }
  numbered(field(row, columns, 'Nationality')).forEach((country) =>
    addCountry(draft, countryFromName(country)),
  );
  numbered(field(row, columns, 'Passport Number')).forEach((number) =>
    addIdentifier(draft, 'passport', number),
  );
  for (const number of numbered(field(row, columns, 'National Identification Number'))) {
    addIdentifier(draft, 'national_id', number);
  }
  const country = field(row, columns, 'Country');
  const address = ADDRESS.map((column) => field(row, columns, column));
  addAddress(draft, [...address, country], countryFromName(country));
  addProgram(draft, field(row, columns, 'Regime'));
  addRemarks(draft, field(row, columns, 'Other Information'));
}
