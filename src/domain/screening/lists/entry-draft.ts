import type {
  AliasQuality,
  EntryAddress,
  EntryDate,
  EntryIdentifier,
  EntryName,
  EntryType,
  ListEntry,
  ListSource,
} from '../entry.ts';

/**
 * The mutable form of a ListEntry while an importer fills it. The add* helpers trim, drop empty values
 * and de-duplicate, so every importer gets the same rules for free (a publisher repeating an alias, a
 * country named twice, the same address on two rows).
 */
export interface EntryDraft {
  readonly source: ListSource;
  readonly entryId: string;
  type: EntryType;
  readonly names: EntryName[];
  readonly datesOfBirth: EntryDate[];
  readonly countries: string[];
  readonly addresses: EntryAddress[];
  readonly identifiers: EntryIdentifier[];
  readonly programs: string[];
  remarks?: string;
  gender?: 'male' | 'female';
}

export function createDraft(source: ListSource, entryId: string, type: EntryType): EntryDraft {
  return {
    source,
    entryId,
    type,
    names: [],
    datesOfBirth: [],
    countries: [],
    addresses: [],
    identifiers: [],
    programs: [],
  };
}

const collapse = (value: string): string => value.replace(/\s+/g, ' ').trim();

export function addName(
  draft: EntryDraft,
  raw: string | undefined,
  quality: AliasQuality,
  primary = false,
  script?: string,
): void {
  const full = collapse(raw ?? '');
  if (full === '') return;
  const existing = draft.names.findIndex((name) => name.full === full);
  const name: EntryName =
    script === undefined ? { full, quality, primary } : { full, quality, primary, script };
  if (existing === -1) {
    draft.names.push(name);
    return;
  }
  // A name listed twice keeps its strongest reading: primary beats alias, strong beats weak.
  const before = draft.names[existing];
  if (before === undefined) return;
  if ((primary && !before.primary) || (quality === 'strong' && before.quality === 'weak')) {
    draft.names[existing] = {
      ...before,
      primary: before.primary || primary,
      quality: before.quality === 'strong' ? 'strong' : quality,
    };
  }
}

export function addDate(draft: EntryDraft, date: EntryDate | undefined): void {
  if (date === undefined) return;
  const key = JSON.stringify(date);
  if (!draft.datesOfBirth.some((known) => JSON.stringify(known) === key)) draft.datesOfBirth.push(date);
}

export function addCountry(draft: EntryDraft, code: string | undefined): void {
  if (code !== undefined && !draft.countries.includes(code)) draft.countries.push(code);
}

export function addAddress(
  draft: EntryDraft,
  parts: readonly (string | undefined)[],
  country?: string,
): void {
  const text = parts
    .map((part) => collapse(part ?? ''))
    .filter((part) => part !== '')
    .join(', ');
  if (text === '' || draft.addresses.some((known) => known.text === text)) return;
  draft.addresses.push(country === undefined ? { text } : { text, country });
}

export function addIdentifier(
  draft: EntryDraft,
  type: string,
  raw: string | undefined,
  country?: string,
): void {
  const number = collapse(raw ?? '');
  if (number === '') return;
  const duplicate = draft.identifiers.some(
    (known) => known.type === type && known.number === number && known.country === country,
  );
  if (duplicate) return;
  draft.identifiers.push(country === undefined ? { type, number } : { type, number, country });
}

export function addProgram(draft: EntryDraft, raw: string | undefined): void {
  const program = collapse(raw ?? '');
  if (program !== '' && !draft.programs.includes(program)) draft.programs.push(program);
}

export function addRemarks(draft: EntryDraft, raw: string | undefined): void {
  const text = (raw ?? '').trim();
  if (text === '' || draft.remarks?.split('\n').includes(text)) return;
  draft.remarks = draft.remarks === undefined ? text : `${draft.remarks}\n${text}`;
}

/** The finished entry, names ordered primary, strong, weak; undefined when the draft has no name (an import error). */
export function finishDraft(draft: EntryDraft): ListEntry | undefined {
  const { remarks, gender, ...rest } = draft;
  const names = orderNames(draft.names);
  if (names.length === 0) return undefined;
  return {
    ...rest,
    names,
    ...(remarks === undefined ? {} : { remarks }),
    ...(gender === undefined ? {} : { gender }),
  };
}

function orderNames(names: readonly EntryName[]): EntryName[] {
  const primaries = names.filter((name) => name.primary);
  const strong = names.filter((name) => !name.primary && name.quality === 'strong');
  const weak = names.filter((name) => !name.primary && name.quality === 'weak');
  if (primaries.length > 0) return [...primaries, ...strong, ...weak];
  // Some publishers (EU, a UK group without a "Primary name" row) mark no name as primary: the first
  // strong name, in the publisher's order, stands in.
  const [stand, ...others] = strong.length > 0 ? [...strong, ...weak] : weak;
  return stand === undefined ? [] : [{ ...stand, primary: true }, ...others];
}
