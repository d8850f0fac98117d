/**
 * Which special measures touch a customer. `evaluateMeasures` is what a decision uses (measures in
 * force now); `matchMeasure` ignores dates, for sweeps of existing accounts when a measure is added
 * (before it takes effect, so accounts can be dealt with by the deadline).
 */
import { measureStatus, type MeasureStatus } from './dates.ts';
import { normalizeIdentifier, normalizeIdentifierType, normalizeName } from './names.ts';
import {
  MEASURE_ATTRIBUTES,
  type MeasureAttribute,
  type MeasureCondition,
  type MeasureTarget,
  type SpecialMeasure,
} from './schema.ts';

export interface SubjectIdentifier {
  type: string;
  value: string;
  country?: string | undefined;
}

/**
 * A customer as measures see it. Country lists may hold ISO 3166-1 codes (`UA`) and ISO 3166-2 codes
 * (`UA-43`); a subdivision code also counts as its country.
 */
export interface MeasureSubject {
  countries: Partial<Record<MeasureAttribute, readonly string[]>>;
  names: readonly string[];
  identifiers: readonly SubjectIdentifier[];
  type?: 'individual' | 'entity' | undefined;
}

export interface MeasureMatch {
  attribute: MeasureAttribute | 'name' | 'identifier';
  value: string;
  /**
   * Whose data matched, when not the customer's: the person's path in the application
   * (`beneficialOwners[0]`, `signatories[1]`).
   */
  subject?: string;
}

/** A match as stored on a sweep's action: on the customer, or on a linked person (their party id). */
export interface StoredMeasureMatch extends MeasureMatch {
  beneficialOwner?: string;
  signatory?: string;
}

/** One line of a match for people: `signatories[0] name Ivan Petrov`, `nationality RU`. */
export function describeMatch(m: StoredMeasureMatch): string {
  const whose =
    m.subject ??
    (m.beneficialOwner === undefined ? undefined : `beneficial owner ${m.beneficialOwner}`) ??
    (m.signatory === undefined ? undefined : `signatory ${m.signatory}`);
  return `${whose === undefined ? '' : `${whose} `}${m.attribute} ${m.value}`;
}

export interface MeasureHit {
  measureId: string;
  kind: SpecialMeasure['kind'];
  /** deny: no account (prohibit); condition: an account only under the conditions. */
  action: 'deny' | 'condition';
  conditions: MeasureCondition[];
  matchedOn: MeasureMatch[];
  status: MeasureStatus;
  citation: string;
}

export function evaluateMeasures(
  measures: readonly SpecialMeasure[],
  subject: MeasureSubject,
  now: Date,
): MeasureHit[] {
  return measures.flatMap((measure) => {
    const status = measureStatus(measure, now);
    if (status !== 'in_force') return [];
    const hit = matchMeasure(measure, subject, status);
    return hit === null ? [] : [hit];
  });
}

/** The hit if the measure's target covers the subject, whatever the measure's dates. */
export function matchMeasure(
  measure: SpecialMeasure,
  subject: MeasureSubject,
  status: MeasureStatus = 'in_force',
): MeasureHit | null {
  const matchedOn = matchTarget(measure.target, subject);
  if (matchedOn.length === 0) return null;
  return {
    measureId: measure.id,
    kind: measure.kind,
    action: measure.kind === 'prohibit' ? 'deny' : 'condition',
    conditions: measure.conditions,
    matchedOn,
    status,
    citation: measure.citation,
  };
}

function matchTarget(target: MeasureTarget, subject: MeasureSubject): MeasureMatch[] {
  return target.type === 'jurisdiction' ? matchJurisdiction(target, subject) : matchPerson(target, subject);
}

type JurisdictionTarget = Extract<MeasureTarget, { type: 'jurisdiction' }>;
type PersonTarget = Extract<MeasureTarget, { type: 'person' }>;

function matchJurisdiction(target: JurisdictionTarget, subject: MeasureSubject): MeasureMatch[] {
  const countries = new Set(target.countries);
  const regions = new Set(target.regions);
  const covers = (code: string) => {
    const upper = code.trim().toUpperCase();
    return countries.has(upper.slice(0, 2)) || regions.has(upper);
  };
  const attributes = target.attributes ?? MEASURE_ATTRIBUTES;
  return attributes.flatMap((attribute) =>
    [...new Set(subject.countries[attribute] ?? [])].filter(covers).map((value) => ({ attribute, value })),
  );
}

function matchPerson(target: PersonTarget, subject: MeasureSubject): MeasureMatch[] {
  if (target.personType !== undefined && subject.type !== undefined && target.personType !== subject.type) {
    return [];
  }
  const targetNames = new Set(target.names.map(normalizeName).filter((name) => name.length > 0));
  const names = subject.names
    .filter((name) => targetNames.has(normalizeName(name)))
    .map((value): MeasureMatch => ({ attribute: 'name', value }));
  const identifiers = subject.identifiers
    .filter((id) => target.identifiers.some((wanted) => sameIdentifier(wanted, id)))
    .map((id): MeasureMatch => ({ attribute: 'identifier', value: `${id.type} ${id.value}` }));
  return [...names, ...identifiers];
}

function sameIdentifier(wanted: SubjectIdentifier, given: SubjectIdentifier): boolean {
  if (normalizeIdentifierType(wanted.type) !== normalizeIdentifierType(given.type)) return false;
  if (normalizeIdentifier(wanted.value) !== normalizeIdentifier(given.value)) return false;
  return (
    wanted.country === undefined ||
    given.country === undefined ||
    wanted.country === given.country.toUpperCase()
  );
}
