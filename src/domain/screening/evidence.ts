// What besides the name speaks for or against a hit: date of birth, country, identifier, entity type
// and the quality of the alias that matched. Each is a signed delta on the name score with its reason.
import type { EntryDate, EntryName, EntryType, ListEntry } from './entry.ts';
import { normalizeIdentifier, parsePartialDate, type PartialDate, type PreparedQuery } from './query.ts';

export type EvidenceFeature = 'alias_quality' | 'date_of_birth' | 'country' | 'identifier' | 'type';

export interface ScoreFeature {
  readonly feature: EvidenceFeature;
  /** Added to the name score: positive raises, negative lowers. */
  readonly delta: number;
  readonly detail: string;
}

/** Deltas. A contradicting date of birth is strong evidence of another person; a shared country is weak. */
export const EVIDENCE_DELTAS = {
  weakAlias: -0.05,
  dobExact: 0.06,
  dobConsistent: 0.02,
  dobMonthOrDayDiffers: -0.05,
  dobContradicts: -0.15,
  countryShared: 0.03,
  countryDiffers: -0.05,
  identifierEqual: 0.3,
  /** An equal identifier brings the score at least this high: the number alone warrants review. */
  identifierFloor: 0.8,
  shortIdentifierEqual: 0.1,
  personVersusOther: -0.2,
  otherTypeMismatch: -0.1,
} as const;

/** Numbers shorter than this ("1234") match by chance too often to count fully. */
const STRONG_IDENTIFIER_LENGTH = 6;

export function weighEvidence(
  query: PreparedQuery,
  entry: ListEntry,
  name: EntryName,
  nameScore: number,
): ScoreFeature[] {
  const features: ScoreFeature[] = [];
  if (!name.primary && name.quality === 'weak') {
    features.push({
      feature: 'alias_quality',
      delta: EVIDENCE_DELTAS.weakAlias,
      detail: 'matched a weak (low-quality) alias',
    });
  }
  const dob =
    query.dateOfBirth === undefined ? undefined : weighBirthDate(query.dateOfBirth, entry.datesOfBirth);
  const country = weighCountries(query.countries, entry);
  const identifier = weighIdentifiers(query.identifiers, entry, nameScore);
  const type = weighType(query.type, entry.type);
  for (const feature of [dob, country, identifier, type]) if (feature !== undefined) features.push(feature);
  return features;
}

type DateOutcome = 'exact' | 'consistent' | 'near' | 'month_or_day_differs' | 'contradicts';
const OUTCOME_ORDER: readonly DateOutcome[] = [
  'exact',
  'consistent',
  'near',
  'month_or_day_differs',
  'contradicts',
];

/** The best agreement between the query's date and any of the entry's dates (lists give several). */
function weighBirthDate(query: PartialDate, dates: readonly EntryDate[]): ScoreFeature | undefined {
  const outcomes = dates
    .map((date) => compareDate(query, date))
    .filter((o): o is DateOutcome => o !== undefined);
  if (outcomes.length === 0) return undefined;
  const best = OUTCOME_ORDER.find((outcome) => outcomes.includes(outcome)) ?? 'contradicts';
  const listed = dates
    .map((date) => (date.kind === 'date' ? date.value : `${date.fromYear}–${date.toYear}`))
    .join(', ');
  const delta = {
    exact: EVIDENCE_DELTAS.dobExact,
    consistent: EVIDENCE_DELTAS.dobConsistent,
    near: 0,
    month_or_day_differs: EVIDENCE_DELTAS.dobMonthOrDayDiffers,
    contradicts: EVIDENCE_DELTAS.dobContradicts,
  }[best];
  const wording = {
    exact: 'equals',
    consistent: 'is consistent with',
    near: 'is within a year of',
    month_or_day_differs: 'has the year but not the month or day of',
    contradicts: 'contradicts',
  }[best];
  return {
    feature: 'date_of_birth',
    delta,
    detail: `date of birth ${formatDate(query)} ${wording} listed ${listed}`,
  };
}

function compareDate(query: PartialDate, date: EntryDate): DateOutcome | undefined {
  if (date.kind === 'range') {
    if (query.year >= date.fromYear && query.year <= date.toYear) return 'consistent';
    return query.year >= date.fromYear - 1 && query.year <= date.toYear + 1 ? 'near' : 'contradicts';
  }
  const listed = parsePartialDate(date.value);
  if (listed === null) return undefined;
  const years = Math.abs(listed.year - query.year);
  if (years > 1) return 'contradicts';
  if (years === 1) return 'near';
  const months = query.month !== undefined && listed.month !== undefined;
  if (months && query.month !== listed.month) return 'month_or_day_differs';
  const days = months && query.day !== undefined && listed.day !== undefined;
  if (days && query.day !== listed.day) return 'month_or_day_differs';
  return days ? 'exact' : 'consistent';
}

const formatDate = (date: PartialDate): string =>
  [date.year, date.month, date.day]
    .filter((part): part is number => part !== undefined)
    .map((part, i) => String(part).padStart(i === 0 ? 4 : 2, '0'))
    .join('-');

/** Nationality, citizenship and address countries; list values that are not ISO codes are ignored. */
function weighCountries(countries: readonly string[], entry: ListEntry): ScoreFeature | undefined {
  const listed = new Set(
    [...entry.countries, ...entry.addresses.map((address) => address.country ?? '')]
      .map((country) => country.toUpperCase())
      .filter((country) => /^[A-Z]{2}$/.test(country)),
  );
  if (countries.length === 0 || listed.size === 0) return undefined;
  const shared = countries.filter((country) => listed.has(country));
  if (shared.length > 0) {
    return {
      feature: 'country',
      delta: EVIDENCE_DELTAS.countryShared,
      detail: `country ${shared.join(', ')} is listed`,
    };
  }
  return {
    feature: 'country',
    delta: EVIDENCE_DELTAS.countryDiffers,
    detail: `countries ${countries.join(', ')} are not among listed ${[...listed].join(', ')}`,
  };
}

/** An equal passport or registration number is close to proof, whatever the name: it is raised to review. */
function weighIdentifiers(
  identifiers: PreparedQuery['identifiers'],
  entry: ListEntry,
  nameScore: number,
): ScoreFeature | undefined {
  for (const listed of entry.identifiers) {
    const number = normalizeIdentifier(listed.number);
    if (!identifiers.some((id) => id.number === number)) continue;
    const detail = `identifier ${listed.type} ${listed.number} equals the query's`;
    if (number.length < STRONG_IDENTIFIER_LENGTH) {
      return { feature: 'identifier', delta: EVIDENCE_DELTAS.shortIdentifierEqual, detail };
    }
    const floor = EVIDENCE_DELTAS.identifierFloor - nameScore;
    return { feature: 'identifier', delta: round(Math.max(EVIDENCE_DELTAS.identifierEqual, floor)), detail };
  }
  return undefined;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

function weighType(queried: EntryType | undefined, listed: EntryType): ScoreFeature | undefined {
  if (queried === undefined || queried === 'unknown' || listed === 'unknown' || queried === listed)
    return undefined;
  const delta =
    queried === 'person' || listed === 'person'
      ? EVIDENCE_DELTAS.personVersusOther
      : EVIDENCE_DELTAS.otherTypeMismatch;
  return { feature: 'type', delta, detail: `the query is a ${queried}, the list entry a ${listed}` };
}
