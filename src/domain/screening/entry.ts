// The one normalised model every list importer produces and the matching engine consumes.
// Importers keep the publisher's values (names as written, countries as ISO 3166-1 alpha-2 where the
// publisher's country can be mapped, the raw text otherwise); the matcher does its own folding.

export const LIST_SOURCES = [
  'ofac-sdn',
  'ofac-consolidated',
  'un',
  'bis-dpl',
  'csl',
  'opensanctions',
  'eu',
  'uk',
  'deny-list',
] as const;
export type ListSource = (typeof LIST_SOURCES)[number];

export type EntryType = 'person' | 'entity' | 'vessel' | 'aircraft' | 'unknown';

/** strong: a primary name or an alias the publisher rates good; weak: "a.k.a. low quality", nicknames. */
export type AliasQuality = 'strong' | 'weak';

export interface EntryName {
  readonly full: string;
  readonly quality: AliasQuality;
  /** true for the entry's primary name, false for aliases. */
  readonly primary: boolean;
  /** Publisher's own script tag when given (e.g. 'Cyrillic', 'Arabic'), else undefined. */
  readonly script?: string;
}

/**
 * A date of birth as precise as the publisher made it: '1965-01-12', '1965-01' or '1965'.
 * A range ("circa 1960-1965", "between 1960 and 1962") is kept as from/to years.
 */
export type EntryDate =
  | {
      readonly kind: 'date';
      readonly value: string;
      /** true when the publisher qualifies the date ("circa 1960", UN APPROXIMATELY, EU circa). */
      readonly approximate?: boolean;
    }
  | { readonly kind: 'range'; readonly fromYear: number; readonly toYear: number };

export interface EntryAddress {
  readonly text: string;
  /** ISO 3166-1 alpha-2 when the country maps, else undefined. */
  readonly country?: string;
}

export interface EntryIdentifier {
  /** Publisher's label normalised to lower snake case: 'passport', 'national_id', 'tax_id', 'imo', … */
  readonly type: string;
  readonly number: string;
  readonly country?: string;
}

export interface ListEntry {
  readonly source: ListSource;
  /** The publisher's id for the entry (OFAC ent_num, UN DATAID/REFERENCE_NUMBER, …), stable across versions. */
  readonly entryId: string;
  readonly type: EntryType;
  /** Primary name first. Never empty: an entry without a usable name is an import error. */
  readonly names: readonly EntryName[];
  readonly datesOfBirth: readonly EntryDate[];
  /** ISO 3166-1 alpha-2 codes (nationality or citizenship for persons, registration country for entities). */
  readonly countries: readonly string[];
  readonly addresses: readonly EntryAddress[];
  readonly identifiers: readonly EntryIdentifier[];
  readonly programs: readonly string[];
  /** Free text the publisher attached (OFAC Remarks, UN COMMENTS1), kept for the reviewer. */
  readonly remarks?: string;
  /** Only when the publisher states it (OFAC "Gender Male", UN GENDER, EU nameAlias gender). */
  readonly gender?: 'male' | 'female';
}

/** A parse failure names the file, the line (1-based, when the format has lines) and the reason. */
export interface ListParseIssue {
  readonly file: string;
  readonly line?: number;
  readonly reason: string;
}

export type ListParseResult =
  | { readonly ok: true; readonly entries: readonly ListEntry[]; readonly publishedAt?: string }
  | { readonly ok: false; readonly issues: readonly ListParseIssue[] };
