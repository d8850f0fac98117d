/**
 * The US Consolidated Screening List (csl.csv from trade.gov): one header row, one row per listing of
 * eleven US lists (SDN, SSI, Entity List, DPL, …). Multi-valued columns are "; "-separated; `ids` items
 * read "CC, number, label" or "number, label". Only SDN-family rows carry an entity_number, so other
 * rows get a stable hash id, and rows sharing it (a DPL person at two addresses) become one entry.
 */
import type { EntryType, ListEntry, ListParseResult } from '../entry.ts';
import { countryFromCode, countryFromName } from './countries.ts';
import { columnsOf, field, missingColumns, readCsvRows, type Columns, type CsvRow } from './csv.ts';
import { dateOf, partsFromIso } from './dates.ts';
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
import { guessEntryType } from './guess-entry-type.ts';
import { identifierTypeOf } from './identifier-labels.ts';
import { concludeImport, createIssueLog, type IssueLog } from './issues.ts';
import { MAX_NAME_CHARS } from './limits.ts';
import type { ListFile } from './list-file.ts';
import { parseOfacDob } from './ofac-remarks.ts';
import { stableId } from './stable-id.ts';
import { lookup } from './lookup.ts';

const TYPES: Readonly<Record<string, EntryType>> = {
  individual: 'person',
  entity: 'entity',
  vessel: 'vessel',
  aircraft: 'aircraft',
};

const split = (raw: string): string[] =>
  raw
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');

export function parseCsl(file: ListFile): ListParseResult {
  const log = createIssueLog();
  const [header, ...body] = readCsvRows(file.content, file.name, log) ?? [];
  const columns = columnsOf(header?.fields ?? []);
  const missing = missingColumns(columns, ['source', 'name']);
  if (header !== undefined && missing.length > 0) {
    log.add(file.name, `the header lacks ${missing.join(', ')}`, header.line);
    return concludeImport(log, file.name, []);
  }
  const drafts = new Map<string, EntryDraft>();
  for (const row of body) {
    if (row.fields.length !== columns.size) {
      log.add(file.name, `expected ${columns.size} columns, found ${row.fields.length}`, row.line);
      continue;
    }
    readRow(row, columns, drafts, file.name, log);
  }
  const entries = [...drafts.values()]
    .map(finishDraft)
    .filter((entry): entry is ListEntry => entry !== undefined);
  return concludeImport(log, file.name, entries);
}

/** "Denied Persons List (DPL) - Bureau of Industry and Security" → "dpl". */
function sourceKey(source: string): string {
  return /\(([A-Za-z0-9]+)\)/.exec(source)?.[1]?.toLowerCase() ?? stableId('', [source]).slice(0, 8);
}

function entryIdOf(row: CsvRow, columns: Columns): { id: string; explicit: boolean } {
  const key = sourceKey(field(row, columns, 'source'));
  const own = field(row, columns, '_id') || field(row, columns, 'id');
  if (own !== '') return { id: own, explicit: true };
  const number = field(row, columns, 'entity_number');
  if (number !== '') return { id: `${key}-${number}`, explicit: true };
  return {
    id: stableId(`${key}-`, [field(row, columns, 'name'), field(row, columns, 'start_date')]),
    explicit: false,
  };
}

function readRow(
  row: CsvRow,
  columns: Columns,
  drafts: Map<string, EntryDraft>,
  file: string,
  log: IssueLog,
): void {
  const name = field(row, columns, 'name');
  if (name === '' || name.length > MAX_NAME_CHARS) {
    log.add(file, name === '' ? 'a row has no name' : 'a name is absurdly long', row.line);
    return;
  }
  const { id, explicit } = entryIdOf(row, columns);
  let draft = drafts.get(id);
  if (draft !== undefined && explicit) {
    log.add(file, `entry ${id} is listed twice`, row.line);
    return;
  }
  if (draft === undefined) {
    const type = lookup(TYPES, field(row, columns, 'type').toLowerCase()) ?? guessEntryType(name);
    draft = createDraft('csl', id, type);
    drafts.set(id, draft);
  }
  addName(draft, name, 'strong', true);
  split(field(row, columns, 'alt_names')).forEach((alias) => addName(draft, alias, 'strong'));
  split(field(row, columns, 'dates_of_birth')).forEach((dob) => addDate(draft, cslDate(dob)));
  for (const column of ['nationalities', 'citizenships']) {
    split(field(row, columns, column)).forEach((country) => addCountry(draft, countryFromName(country)));
  }
  split(field(row, columns, 'addresses')).forEach((address) => {
    addAddress(draft, [address], countryFromCode(/,\s*([A-Z]{2})$/.exec(address)?.[1]));
  });
  split(field(row, columns, 'ids')).forEach((item) => readId(draft, item));
  split(field(row, columns, 'programs')).forEach((program) => addProgram(draft, program));
  addRemarks(draft, field(row, columns, 'remarks'));
}

function cslDate(raw: string): ReturnType<typeof parseOfacDob> {
  const parts = partsFromIso(raw);
  return parts === undefined ? parseOfacDob(raw) : dateOf(parts);
}

/** "CO, 811038291-3, NIT #", "5030056754, Tax ID No.", "IMO 8898831, Vessel Registration Identification". */
function readId(draft: EntryDraft, item: string): void {
  const parts = item.split(/,\s+/);
  const type = identifierTypeOf(parts.at(-1) ?? '');
  if (type === undefined || parts.length < 2) return;
  const country = parts.length > 2 ? countryFromCode(parts[0]) : undefined;
  const number = parts.slice(country === undefined ? 0 : 1, -1).join(', ');
  addIdentifier(draft, type, type.startsWith('imo') ? number.replace(/^IMO\s+/, '') : number, country);
}
