// What a caller asks the matcher, checked once at the edge of the engine. Bad input is an answer
// (a coded value naming the field), never an exception: the query text is customer-supplied.
import { isCountryCode } from '../identity/index.ts';
import type { EntryType } from './entry.ts';
import { MAX_NAME_LENGTH, normalizeName } from './normalize.ts';
import type { KeyCache, NameKind, NormalizedName } from './name-token.ts';

export interface ScreeningQuery {
  readonly name: string;
  readonly type?: EntryType;
  /** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'. */
  readonly dateOfBirth?: string;
  /** ISO 3166-1 alpha-2 (nationality, citizenship or registration country). */
  readonly countries?: readonly string[];
  readonly identifiers?: readonly { readonly type?: string; readonly number: string }[];
}

export type ScreeningInvalidReason =
  | 'not_text'
  | 'empty'
  | 'too_long'
  | 'no_name_words'
  | 'invalid_type'
  | 'invalid_date'
  | 'invalid_country'
  | 'invalid_identifier';

export interface ScreeningQueryInvalid {
  readonly ok: false;
  readonly code: 'SCREENING_QUERY_INVALID';
  readonly field: string;
  readonly reason: ScreeningInvalidReason;
}

/** A date as precise as given. */
export interface PartialDate {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

export interface PreparedQuery {
  readonly name: NormalizedName;
  readonly type?: EntryType;
  readonly dateOfBirth?: PartialDate;
  readonly countries: readonly string[];
  readonly identifiers: readonly { readonly type?: string; readonly number: string }[];
}

const ENTRY_TYPES: readonly EntryType[] = ['person', 'entity', 'vessel', 'aircraft', 'unknown'];
const MAX_IDENTIFIER_LENGTH = 64;

export function kindOf(type: EntryType | undefined): NameKind {
  if (type === 'person') return 'person';
  if (type === 'entity' || type === 'vessel' || type === 'aircraft') return 'entity';
  return 'unknown';
}

const invalid = (field: string, reason: ScreeningInvalidReason): ScreeningQueryInvalid => ({
  ok: false,
  code: 'SCREENING_QUERY_INVALID',
  field,
  reason,
});

/**
 * Names longer than MAX_NAME_LENGTH are refused rather than cut, so a caller never screens a name
 * other than the one it sent; within the limit, words past MAX_NAME_TOKENS are ignored.
 */
export function prepareName(
  raw: unknown,
  field: string,
  kind: NameKind,
  cache?: KeyCache,
): { ok: true; name: NormalizedName } | ScreeningQueryInvalid {
  if (typeof raw !== 'string') return invalid(field, 'not_text');
  if (raw.length > MAX_NAME_LENGTH) return invalid(field, 'too_long');
  const name = normalizeName(raw, kind, cache);
  if (name.tokens.length === 0) return invalid(field, 'empty');
  if (!name.tokens.some((token) => token.role === 'name' || token.role === 'initial')) {
    return invalid(field, 'no_name_words');
  }
  return { ok: true, name };
}

export function prepareQuery(
  query: ScreeningQuery,
): { ok: true; query: PreparedQuery } | ScreeningQueryInvalid {
  if (query.type !== undefined && !ENTRY_TYPES.includes(query.type)) return invalid('type', 'invalid_type');
  const name = prepareName(query.name, 'name', kindOf(query.type));
  if (!name.ok) return name;
  const dateOfBirth = query.dateOfBirth === undefined ? undefined : parsePartialDate(query.dateOfBirth);
  if (dateOfBirth === null) return invalid('dateOfBirth', 'invalid_date');
  const countries = (query.countries ?? []).map((country) => String(country).trim().toUpperCase());
  const badCountry = countries.findIndex((country) => !isCountryCode(country));
  if (badCountry >= 0) return invalid(`countries[${badCountry}]`, 'invalid_country');
  const identifiers = (query.identifiers ?? []).map((id) => ({
    ...(id.type === undefined ? {} : { type: id.type }),
    number: normalizeIdentifier(String(id.number)),
  }));
  const badIdentifier = identifiers.findIndex(
    (id) => id.number === '' || id.number.length > MAX_IDENTIFIER_LENGTH,
  );
  if (badIdentifier >= 0) return invalid(`identifiers[${badIdentifier}].number`, 'invalid_identifier');
  return {
    ok: true,
    query: {
      name: name.name,
      ...(query.type === undefined ? {} : { type: query.type }),
      ...(dateOfBirth === undefined ? {} : { dateOfBirth }),
      countries,
      identifiers,
    },
  };
}

/** Identifiers compare on letters and digits only: lists write "AB 123-456", customers "ab123456". */
export function normalizeIdentifier(number: string): string {
  return number.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' with a real month and day; null when malformed. */
export function parsePartialDate(text: string): PartialDate | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (match === null) return null;
  const year = Number(match[1]);
  if (match[2] === undefined) return { year };
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  if (match[3] === undefined) return { year, month };
  const day = Number(match[3]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth ? { year, month, day } : null;
}
