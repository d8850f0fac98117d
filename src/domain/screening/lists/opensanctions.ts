/**
 * OpenSanctions FollowTheMoney entities as JSON lines (entities.ftm.json): one
 * `{id, schema, properties: {name: [], alias: [], …}}` per line, every property a list of strings.
 * The export also carries the graph around the targets (Address, Sanction, Ownership, … entities) and
 * non-target persons (`"target": false`, e.g. a sanctioned company's director): those are skipped.
 */
import type { EntryType, ListEntry, ListParseResult } from '../entry.ts';
import { countryFromCode } from './countries.ts';
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
import { concludeImport, createIssueLog, type IssueLog } from './issues.ts';
import { MAX_FIELD_CHARS, MAX_JSON_LINE_CHARS, MAX_NAME_CHARS } from './limits.ts';
import type { ListFile } from './list-file.ts';
import { lookup } from './lookup.ts';

const SCHEMAS: Readonly<Record<string, EntryType>> = {
  Person: 'person',
  Organization: 'entity',
  Company: 'entity',
  LegalEntity: 'entity',
  PublicBody: 'entity',
  Vessel: 'vessel',
  Airplane: 'aircraft',
};

// FtM property → identifier type of the model.
const IDENTIFIERS: Readonly<Record<string, string>> = {
  passportNumber: 'passport',
  idNumber: 'id_number',
  taxNumber: 'tax_id',
  registrationNumber: 'registration_number',
  innCode: 'inn',
  ogrnCode: 'ogrn',
  leiCode: 'lei',
  vatCode: 'vat',
  swiftBic: 'swift_bic',
  imoNumber: 'imo',
  mmsi: 'mmsi',
  callSign: 'call_sign',
  email: 'email',
  website: 'website',
};

const COUNTRY_PROPERTIES = ['nationality', 'citizenship', 'country', 'jurisdiction', 'mainCountry', 'flag'];

type Properties = Readonly<Record<string, unknown>>;

/** The string values of a property; FtM says strings, but a line from the network is not trusted. */
function values(properties: Properties, key: string): string[] {
  const value = properties[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function parseOpenSanctions(file: ListFile): ListParseResult {
  const log = createIssueLog();
  const lines = file.content.replace(/^\uFEFF/, '').split('\n');
  if (file.content.trim() === '') log.add(file.name, 'the file is empty');
  const entries: ListEntry[] = [];
  const seen = new Set<string>();
  lines.forEach((raw, index) => {
    const entry = readLine(raw, index + 1, file.name, log);
    if (entry === undefined) return;
    if (seen.has(entry.entryId)) log.add(file.name, `entity ${entry.entryId} is listed twice`, index + 1);
    seen.add(entry.entryId);
    entries.push(entry);
  });
  return concludeImport(log, file.name, entries);
}

function readLine(raw: string, line: number, file: string, log: IssueLog): ListEntry | undefined {
  if (raw.trim() === '') return undefined;
  if (raw.length > MAX_JSON_LINE_CHARS) {
    log.add(file, `the line is longer than ${MAX_JSON_LINE_CHARS} characters`, line);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    log.add(file, 'the line is not JSON (the file may be truncated)', line);
    return undefined;
  }
  const { id, schema, properties, target } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof schema !== 'string' || typeof properties !== 'object') {
    log.add(file, 'the line is not an entity (needs id, schema and properties)', line);
    return undefined;
  }
  const type = lookup(SCHEMAS, schema);
  if (type === undefined || target === false || properties === null) return undefined;
  const props = properties as Properties;
  const oversized = Object.keys(props).find((key) =>
    values(props, key).some((v) => v.length > MAX_FIELD_CHARS),
  );
  if (oversized !== undefined || id.length > MAX_NAME_CHARS) {
    log.add(file, `property ${oversized ?? 'id'} is longer than ${MAX_FIELD_CHARS} characters`, line);
    return undefined;
  }
  const draft = readEntity(id, type, props);
  if (draft.names.some((name) => name.full.length > MAX_NAME_CHARS)) {
    log.add(file, `entity ${id} has an absurdly long name`, line);
    return undefined;
  }
  const entry = finishDraft(draft);
  if (entry === undefined) log.add(file, `entity ${id} has no name`, line);
  return entry;
}

function readEntity(id: string, type: EntryType, props: Properties): EntryDraft {
  const draft = createDraft('opensanctions', id, type);
  values(props, 'name').forEach((name, index) => addName(draft, name, 'strong', index === 0));
  for (const key of ['alias', 'previousName'])
    values(props, key).forEach((name) => addName(draft, name, 'strong'));
  values(props, 'weakAlias').forEach((name) => addName(draft, name, 'weak'));
  draft.names.splice(
    0,
    draft.names.length,
    ...draft.names.filter((name) => name.full.length <= MAX_NAME_CHARS),
  );
  values(props, 'birthDate').forEach((date) => {
    const parts = partsFromIso(date);
    if (parts !== undefined) addDate(draft, dateOf(parts));
  });
  for (const key of COUNTRY_PROPERTIES)
    values(props, key).forEach((code) => addCountry(draft, countryFromCode(code)));
  for (const [key, idType] of Object.entries(IDENTIFIERS)) {
    values(props, key).forEach((number) => addIdentifier(draft, idType, number));
  }
  values(props, 'address').forEach((address) => addAddress(draft, [address]));
  for (const key of ['programId', 'program'])
    values(props, key).forEach((program) => addProgram(draft, program));
  const gender = values(props, 'gender')[0];
  if (gender === 'male' || gender === 'female') draft.gender = gender;
  addRemarks(draft, values(props, 'notes').join('\n'));
  return draft;
}
