/**
 * The EU consolidated financial sanctions list (FSF XML, `export` schema 1.1): `sanctionEntity` with
 * `@logicalId`, `subjectType/@code` (person | enterprise), `nameAlias` (`@wholeName`, `@strong`),
 * `birthdate`, `citizenship`, `identification`, `address` and `regulation/@programme`. Countries come
 * as ISO alpha-2 codes; "00" means unknown.
 */
import type { EntryDate, EntryType, ListEntry, ListParseResult } from '../entry.ts';
import { countryFromCode } from './countries.ts';
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
import { attr, child, children, lineOfNode, readXml, texts, type XmlNode } from './xml.ts';
import { lookup } from './lookup.ts';

const ARRAY_TAGS = new Set([
  'sanctionEntity',
  'regulation',
  'nameAlias',
  'citizenship',
  'birthdate',
  'identification',
  'address',
  'remark',
]);

const TYPES: Readonly<Record<string, EntryType>> = { person: 'person', enterprise: 'entity' };

const IDENTIFIER_TYPES: Readonly<Record<string, string>> = {
  passport: 'passport',
  id: 'national_id',
  fiscalcode: 'tax_id',
  regnumber: 'registration_number',
  swiftbic: 'swift_bic',
  imo: 'imo',
};

export function parseEuXml(file: ListFile): ListParseResult {
  const log = createIssueLog();
  const tree = readXml(file.content, file.name, log, ARRAY_TAGS);
  const root = child(tree, 'export');
  if (tree !== undefined && root === undefined) log.add(file.name, 'not an EU FSF export (no <export> root)');
  const entries: ListEntry[] = [];
  const seen = new Set<string>();
  for (const node of children(root, 'sanctionEntity')) {
    const entry = readEntity(node, file, log);
    if (entry === undefined) continue;
    if (seen.has(entry.entryId)) {
      log.add(file.name, `logicalId ${entry.entryId} is listed twice`, lineOfNode(file.content, node));
    }
    seen.add(entry.entryId);
    entries.push(entry);
  }
  return concludeImport(log, file.name, entries, attr(root, 'generationDate'));
}

function readEntity(node: XmlNode, file: ListFile, log: IssueLog): ListEntry | undefined {
  const logicalId = attr(node, 'logicalId') ?? '';
  const report = (reason: string): undefined => {
    log.add(file.name, reason, lineOfNode(file.content, node));
    return undefined;
  };
  if (!/^[0-9A-Za-z.-]{1,40}$/.test(logicalId)) return report('sanctionEntity has no usable logicalId');
  const draft = createDraft(
    'eu',
    logicalId,
    lookup(TYPES, attr(child(node, 'subjectType'), 'code') ?? '') ?? 'unknown',
  );
  for (const alias of children(node, 'nameAlias')) readNameAlias(draft, alias);
  if (draft.names.some((name) => name.full.length > MAX_NAME_CHARS))
    return report(`${logicalId} has an absurdly long name`);
  children(node, 'birthdate').forEach((birth) => addDate(draft, euDate(birth)));
  children(node, 'citizenship').forEach((c) =>
    addCountry(draft, countryFromCode(attr(c, 'countryIso2Code'))),
  );
  children(node, 'identification').forEach((doc) => readIdentification(draft, doc));
  children(node, 'address').forEach((address) => readAddress(draft, address));
  children(node, 'regulation').forEach((regulation) => addProgram(draft, attr(regulation, 'programme')));
  addIdentifier(draft, 'eu_reference', attr(node, 'euReferenceNumber'));
  addRemarks(draft, texts(node, 'remark').join('\n'));
  return finishDraft(draft) ?? report(`sanctionEntity ${logicalId} has no name`);
}

function readNameAlias(draft: EntryDraft, alias: XmlNode): void {
  const parts = ['firstName', 'middleName', 'lastName'].map((key) => attr(alias, key));
  const whole = attr(alias, 'wholeName') ?? parts.filter((part) => part !== undefined).join(' ');
  addName(draft, whole, attr(alias, 'strong') === 'false' ? 'weak' : 'strong');
  const gender = attr(alias, 'gender');
  if (gender === 'M') draft.gender = 'male';
  if (gender === 'F') draft.gender = 'female';
}

function euDate(node: XmlNode): EntryDate | undefined {
  const from = Number(attr(node, 'yearRangeFrom'));
  const to = Number(attr(node, 'yearRangeTo'));
  if (from > 0 && to > 0) return yearRange(from, to);
  const circa = attr(node, 'circa') === 'true';
  const full = partsFromIso(attr(node, 'birthdate'));
  if (full !== undefined) return dateOf(full, circa);
  const year = Number(attr(node, 'year'));
  if (!(year > 0)) return undefined;
  const month = Number(attr(node, 'monthOfYear') ?? attr(node, 'month'));
  const day = Number(attr(node, 'dayOfMonth') ?? attr(node, 'day'));
  if (!(month > 0)) return dateOf({ year }, circa);
  return dateOf(day > 0 ? { year, month, day } : { year, month }, circa);
}

function readIdentification(draft: EntryDraft, doc: XmlNode): void {
  const code = (attr(doc, 'identificationTypeCode') ?? '').toLowerCase();
  const type = lookup(IDENTIFIER_TYPES, code) ?? (snakeLabel(code) || 'other');
  const country = countryFromCode(attr(doc, 'countryIso2Code'));
  addIdentifier(draft, type, attr(doc, 'number') ?? attr(doc, 'latinNumber'), country);
}

function readAddress(draft: EntryDraft, address: XmlNode): void {
  const keys = ['street', 'poBox', 'city', 'zipCode', 'region', 'place'];
  const country = attr(address, 'countryDescription');
  const parts = [...keys.map((key) => attr(address, key)), country === 'UNKNOWN' ? undefined : country];
  addAddress(draft, parts, countryFromCode(attr(address, 'countryIso2Code')));
}
