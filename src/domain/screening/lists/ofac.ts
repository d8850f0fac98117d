/**
 * OFAC's legacy CSV layout, shared by the SDN list (sdn.csv, add.csv, alt.csv, sdn_comments.csv) and
 * the consolidated non-SDN list (the same files with a cons_ prefix). No header row; "-0-" means empty.
 * Columns: main ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
 * Vess_flag, Vess_owner, Remarks; alt ent_num, alt_num, alt_type, alt_name, alt_remarks; add ent_num,
 * add_num, address, city/state/postal, country, add_remarks; comments ent_num, remarks continuation.
 */
import type { AliasQuality, EntryType, ListEntry, ListParseResult } from '../entry.ts';
import { countryFromName } from './countries.ts';
import { checkColumnCount, readCsvRows, type CsvRow } from './csv.ts';
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
import { parseOfacRemarks } from './ofac-remarks.ts';
import { lookup } from './lookup.ts';

export interface OfacFiles {
  readonly main: ListFile;
  readonly aliases?: ListFile;
  readonly addresses?: ListFile;
  readonly comments?: ListFile;
}

const value = (raw: string | undefined): string => {
  const trimmed = (raw ?? '').trim();
  return trimmed === '-0-' ? '' : trimmed;
};

const TYPES: Readonly<Record<string, EntryType>> = {
  '': 'entity',
  individual: 'person',
  vessel: 'vessel',
  aircraft: 'aircraft',
};

export function parseOfacCsv(source: 'ofac-sdn' | 'ofac-consolidated', files: OfacFiles): ListParseResult {
  const log = createIssueLog();
  const comments =
    files.comments === undefined ? new Map<string, string>() : readComments(files.comments, log);
  const drafts = readMainFile(source, files.main, comments, log);
  // Alias and address rows are checked against the main file; against a broken one they only add noise.
  if (log.issues.length > 0) return concludeImport(log, files.main.name, []);
  if (files.aliases !== undefined) readAliases(files.aliases, files.main.name, drafts, log);
  if (files.addresses !== undefined) readAddresses(files.addresses, files.main.name, drafts, log);
  const entries: ListEntry[] = [];
  for (const draft of drafts.values()) {
    const entry = finishDraft(draft);
    if (entry !== undefined) entries.push(entry);
  }
  return concludeImport(log, files.main.name, entries);
}

function readTable(file: ListFile, columns: number, log: IssueLog): CsvRow[] {
  const rows = readCsvRows(file.content, file.name, log);
  if (rows === undefined || !checkColumnCount(rows, columns, file.name, log)) return [];
  return rows;
}

function entNumOf(row: CsvRow, file: string, log: IssueLog): string | undefined {
  const entNum = value(row.fields[0]);
  if (/^\d{1,10}$/.test(entNum)) return entNum;
  log.add(file, `ent_num "${entNum.slice(0, 40)}" is not a number`, row.line);
  return undefined;
}

/** Remarks longer than OFAC's column limit continue, verbatim and mid-word, in the comments file. */
function readComments(file: ListFile, log: IssueLog): Map<string, string> {
  const continuations = new Map<string, string>();
  for (const row of readTable(file, 2, log)) {
    const entNum = entNumOf(row, file.name, log);
    if (entNum !== undefined)
      continuations.set(entNum, (continuations.get(entNum) ?? '') + (row.fields[1] ?? ''));
  }
  return continuations;
}

function readMainFile(
  source: 'ofac-sdn' | 'ofac-consolidated',
  file: ListFile,
  comments: ReadonlyMap<string, string>,
  log: IssueLog,
): Map<string, EntryDraft> {
  const drafts = new Map<string, EntryDraft>();
  for (const row of readTable(file, 12, log)) {
    const entNum = entNumOf(row, file.name, log);
    if (entNum === undefined) continue;
    if (drafts.has(entNum)) {
      log.add(file.name, `ent_num ${entNum} is listed twice`, row.line);
      continue;
    }
    const draft = readMainRow(source, entNum, row, comments.get(entNum) ?? '', file.name, log);
    if (draft !== undefined) drafts.set(entNum, draft);
  }
  // A comment for an entry the main file lacks cannot be attached; real snapshots ship such rows (the
  // comments file is cut on a different day), and dropping them loses only remark text.
  return drafts;
}

function readMainRow(
  source: 'ofac-sdn' | 'ofac-consolidated',
  entNum: string,
  row: CsvRow,
  continuation: string,
  file: string,
  log: IssueLog,
): EntryDraft | undefined {
  const [, name = '', sdnType = '', program = '', , callSign, , , , flag] = row.fields.map(value);
  if (name === '' || name.length > MAX_NAME_CHARS) {
    log.add(file, `entry ${entNum} has ${name === '' ? 'no' : 'an absurdly long'} name`, row.line);
    return undefined;
  }
  const draft = createDraft(source, entNum, lookup(TYPES, sdnType.toLowerCase()) ?? 'unknown');
  addName(draft, name, 'strong', true);
  for (const part of program.split(/\]\s*\[/)) addProgram(draft, part.replace(/[[\]]/g, ''));
  addIdentifier(draft, 'call_sign', callSign);
  addCountry(draft, countryFromName(flag));
  const remarks = value((row.fields[11] ?? '') + continuation);
  const facts = parseOfacRemarks(remarks);
  facts.weakAliases.forEach((alias) => addName(draft, alias, 'weak'));
  facts.datesOfBirth.forEach((date) => addDate(draft, date));
  facts.countries.forEach((code) => addCountry(draft, code));
  facts.identifiers.forEach((id) => addIdentifier(draft, id.type, id.number, id.country));
  if (facts.gender !== undefined) draft.gender = facts.gender;
  addRemarks(draft, remarks);
  return draft;
}

/** alt.csv types: aka, fka, nka are the publisher's strong aliases; its weak ones live in Remarks. */
function aliasQuality(altType: string): AliasQuality {
  return /weak|low/i.test(altType) ? 'weak' : 'strong';
}

function readAliases(
  file: ListFile,
  mainFile: string,
  drafts: ReadonlyMap<string, EntryDraft>,
  log: IssueLog,
): void {
  for (const row of readTable(file, 5, log)) {
    const draft = draftOf(row, file.name, mainFile, drafts, log);
    const [, , altType = '', altName = ''] = row.fields.map(value);
    if (draft === undefined) continue;
    if (altName === '' || altName.length > MAX_NAME_CHARS) {
      log.add(
        file.name,
        `alias of entry ${draft.entryId} has ${altName === '' ? 'no' : 'an absurdly long'} name`,
        row.line,
      );
      continue;
    }
    addName(draft, altName, aliasQuality(altType));
  }
}

function readAddresses(
  file: ListFile,
  mainFile: string,
  drafts: ReadonlyMap<string, EntryDraft>,
  log: IssueLog,
): void {
  for (const row of readTable(file, 6, log)) {
    const draft = draftOf(row, file.name, mainFile, drafts, log);
    const [, , street, cityLine, country] = row.fields.map(value);
    if (draft !== undefined) addAddress(draft, [street, cityLine, country], countryFromName(country));
  }
}

/**
 * The entry an alias or address row belongs to. A row for an entry the main file lacks means the main
 * file is truncated or from another day: that is an error, or the import would silently lose it.
 */
function draftOf(
  row: CsvRow,
  file: string,
  mainFile: string,
  drafts: ReadonlyMap<string, EntryDraft>,
  log: IssueLog,
): EntryDraft | undefined {
  const entNum = entNumOf(row, file, log);
  if (entNum === undefined) return undefined;
  const draft = drafts.get(entNum);
  if (draft === undefined) log.add(file, `ent_num ${entNum} is not in ${mainFile}`, row.line);
  return draft;
}
