/**
 * The UN Security Council consolidated list (UN_consolidated.xml): CONSOLIDATED_LIST with
 * INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY, DATAID as the stable id, names in FIRST_NAME …
 * FOURTH_NAME, aliases rated Good / Low (entities: a.k.a. / f.k.a.), dates of birth typed EXACT,
 * APPROXIMATELY or BETWEEN.
 */
import type { EntryDate, ListEntry, ListParseResult } from '../entry.ts';
import { countryFromName } from './countries.ts';
import { dateOf, partsFromIso, yearRange } from './dates.ts';
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
import { snakeLabel } from './identifier-labels.ts';
import { concludeImport, createIssueLog, type IssueLog } from './issues.ts';
import { MAX_NAME_CHARS } from './limits.ts';
import type { ListFile } from './list-file.ts';
import { attr, child, children, lineOfNode, readXml, text, texts, type XmlNode } from './xml.ts';

const ARRAY_TAGS = new Set([
  'INDIVIDUAL',
  'ENTITY',
  'INDIVIDUAL_ALIAS',
  'ENTITY_ALIAS',
  'INDIVIDUAL_DATE_OF_BIRTH',
  'INDIVIDUAL_DOCUMENT',
  'INDIVIDUAL_ADDRESS',
  'ENTITY_ADDRESS',
  'NATIONALITY',
  'VALUE',
]);

export function parseUnXml(file: ListFile): ListParseResult {
  const log = createIssueLog();
  const tree = readXml(file.content, file.name, log, ARRAY_TAGS);
  const root = child(tree, 'CONSOLIDATED_LIST');
  if (tree !== undefined && root === undefined)
    log.add(file.name, 'not a UN consolidated list (no CONSOLIDATED_LIST)');
  const entries: ListEntry[] = [];
  const seen = new Set<string>();
  const read = (node: XmlNode, kind: 'person' | 'entity'): void => {
    const entry = readEntry(node, kind, file, log);
    if (entry === undefined) return;
    if (seen.has(entry.entryId))
      log.add(file.name, `DATAID ${entry.entryId} is listed twice`, lineOfNode(file.content, node));
    seen.add(entry.entryId);
    entries.push(entry);
  };
  children(child(root, 'INDIVIDUALS'), 'INDIVIDUAL').forEach((node) => read(node, 'person'));
  children(child(root, 'ENTITIES'), 'ENTITY').forEach((node) => read(node, 'entity'));
  return concludeImport(log, file.name, entries, attr(root, 'dateGenerated'));
}

function readEntry(
  node: XmlNode,
  kind: 'person' | 'entity',
  file: ListFile,
  log: IssueLog,
): ListEntry | undefined {
  const dataId = text(node, 'DATAID') ?? '';
  if (!/^\d{1,12}$/.test(dataId)) {
    log.add(
      file.name,
      `DATAID "${dataId.slice(0, 40)}" is missing or not a number`,
      lineOfNode(file.content, node),
    );
    return undefined;
  }
  const name = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME']
    .map((key) => text(node, key))
    .filter((part) => part !== undefined)
    .join(' ');
  if (name === '' || name.length > MAX_NAME_CHARS) {
    const problem = name === '' ? 'no' : 'an absurdly long';
    log.add(file.name, `DATAID ${dataId} has ${problem} name`, lineOfNode(file.content, node));
    return undefined;
  }
  const draft = createDraft('un', dataId, kind);
  addName(draft, name, 'strong', true);
  addName(draft, text(node, 'NAME_ORIGINAL_SCRIPT'), 'strong');
  readAliases(draft, children(node, kind === 'person' ? 'INDIVIDUAL_ALIAS' : 'ENTITY_ALIAS'));
  readAddresses(draft, children(node, kind === 'person' ? 'INDIVIDUAL_ADDRESS' : 'ENTITY_ADDRESS'));
  children(node, 'INDIVIDUAL_DATE_OF_BIRTH').forEach((dob) => addDate(draft, unDate(dob)));
  children(node, 'NATIONALITY').forEach((nat) =>
    texts(nat, 'VALUE').forEach((v) => addCountry(draft, countryFromName(v))),
  );
  children(node, 'INDIVIDUAL_DOCUMENT').forEach((doc) => readDocument(draft, doc));
  addProgram(draft, text(node, 'UN_LIST_TYPE'));
  addIdentifier(draft, 'un_reference', text(node, 'REFERENCE_NUMBER'));
  const gender = text(node, 'GENDER')?.toLowerCase();
  if (gender === 'male' || gender === 'female') draft.gender = gender;
  addRemarks(draft, text(node, 'COMMENTS1'));
  return finishDraft(draft);
}

function readAliases(draft: EntryDraft, aliases: readonly XmlNode[]): void {
  for (const alias of aliases) {
    // "Low" is the UN's weak alias; "Good", "a.k.a." and "f.k.a." are all strong.
    const quality = text(alias, 'QUALITY')?.toLowerCase() === 'low' ? 'weak' : 'strong';
    const name = text(alias, 'ALIAS_NAME');
    if (name !== undefined && name.length <= MAX_NAME_CHARS) addName(draft, name, quality);
  }
}

function readAddresses(draft: EntryDraft, addresses: readonly XmlNode[]): void {
  for (const address of addresses) {
    const country = text(address, 'COUNTRY');
    const parts = ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE'].map((key) => text(address, key));
    addAddress(draft, [...parts, country], countryFromName(country));
  }
}

function unDate(node: XmlNode): EntryDate | undefined {
  const type = text(node, 'TYPE_OF_DATE')?.toUpperCase();
  if (type === 'BETWEEN') return yearRange(Number(text(node, 'FROM_YEAR')), Number(text(node, 'TO_YEAR')));
  const parts = partsFromIso(text(node, 'DATE')) ?? partsFromIso(text(node, 'YEAR'));
  return parts === undefined ? undefined : dateOf(parts, type === 'APPROXIMATELY');
}

function documentType(raw: string | undefined): string {
  const label = (raw ?? '').toLowerCase();
  if (/passport|passeport|pasaporte/.test(label)) return 'passport';
  if (/national identification/.test(label)) return 'national_id';
  return snakeLabel(raw ?? '') || 'other';
}

function readDocument(draft: EntryDraft, doc: XmlNode): void {
  const country = countryFromName(text(doc, 'ISSUING_COUNTRY') ?? text(doc, 'COUNTRY_OF_ISSUE'));
  addIdentifier(draft, documentType(text(doc, 'TYPE_OF_DOCUMENT')), text(doc, 'NUMBER'), country);
}
