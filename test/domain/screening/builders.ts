/** Builders for list entries, so each test states only what it is about. */
import type { EntryName, ListEntry } from '../../../src/domain/screening/entry.ts';

let nextId = 1;

export const aName = (full: string, overrides: Partial<EntryName> = {}): EntryName => ({
  full,
  quality: 'strong',
  primary: true,
  ...overrides,
});

export const anAlias = (full: string, quality: EntryName['quality'] = 'strong'): EntryName => ({
  full,
  quality,
  primary: false,
});

/** A person on the SDN list with one primary name unless `names` says otherwise. */
export function anEntry(overrides: Partial<ListEntry> & { name?: string } = {}): ListEntry {
  const { name, ...rest } = overrides;
  return {
    source: 'ofac-sdn',
    entryId: String(nextId++),
    type: 'person',
    names: [aName(name ?? 'PUTIN, Vladimir Vladimirovich')],
    datesOfBirth: [],
    countries: [],
    addresses: [],
    identifiers: [],
    programs: ['RUSSIA-EO14024'],
    ...rest,
  };
}
