/**
 * BIS Denied Persons List (dpl.txt): tab-separated, a header row, one row per (person, address). The
 * file has no id column, so rows are grouped by name and effective date (one denial order) and the
 * entry id is a hash of the two; a person denied at three addresses is one entry with three addresses.
 */
import type { ListEntry, ListParseResult } from '../entry.ts';
import { countryFromName } from './countries.ts';
import { columnsOf, field, missingColumns, readCsvRows, type Columns, type CsvRow } from './csv.ts';
import { addAddress, addName, addRemarks, createDraft, finishDraft, type EntryDraft } from './entry-draft.ts';
import { guessEntryType } from './guess-entry-type.ts';
import { concludeImport, createIssueLog, type IssueLog } from './issues.ts';
import { MAX_NAME_CHARS } from './limits.ts';
import type { ListFile } from './list-file.ts';
import { stableId } from './stable-id.ts';

const REQUIRED = ['Name', 'Street_Address', 'City', 'State', 'Country', 'Postal_Code', 'Effective_Date'];

export function parseBisDpl(file: ListFile): ListParseResult {
  const log = createIssueLog();
  const rows = readCsvRows(file.content, file.name, log, { delimiter: '\t' }) ?? [];
  const [header, ...body] = rows;
  const columns = columnsOf(header?.fields ?? []);
  const missing = missingColumns(columns, REQUIRED);
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

function readRow(
  row: CsvRow,
  columns: Columns,
  drafts: Map<string, EntryDraft>,
  file: string,
  log: IssueLog,
): void {
  const name = field(row, columns, 'Name');
  if (name === '' || name.length > MAX_NAME_CHARS) {
    log.add(file, name === '' ? 'a row has no name' : 'a name is absurdly long', row.line);
    return;
  }
  const effective = field(row, columns, 'Effective_Date');
  const entryId = stableId('dpl-', [name, effective]);
  let draft = drafts.get(entryId);
  if (draft === undefined) {
    draft = createDraft('bis-dpl', entryId, guessEntryType(name));
    addName(draft, name, 'strong', true);
    const expires = field(row, columns, 'Expiration_Date');
    addRemarks(draft, `Effective ${effective}${expires === '' ? '' : `, expires ${expires}`}`);
    addRemarks(draft, field(row, columns, 'FR_Citation'));
    drafts.set(entryId, draft);
  }
  const country = field(row, columns, 'Country');
  const parts = ['Street_Address', 'City', 'State', 'Postal_Code'].map((name) => field(row, columns, name));
  addAddress(draft, [...parts, country], countryFromName(country));
}
