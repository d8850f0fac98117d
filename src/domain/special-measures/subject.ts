/**
 * Builds the subject that measures are evaluated against from an application-like object and the
 * signals of its determination (which already hold the resolved payment and IP countries). The types
 * are structural: an individual, an entity, or one beneficial owner (evaluate each owner as its own
 * subject, since a named-person measure may name an owner rather than the customer).
 */
import type { Signal } from '../determination/signals.ts';
import type { MeasureSubject, SubjectIdentifier } from './evaluate.ts';
import type { MeasureAttribute } from './schema.ts';

export interface SubjectSourceApplication {
  type?: 'individual' | 'entity' | undefined;
  name?: { full: string; otherScripts?: ReadonlyArray<{ full: string }> | undefined } | undefined;
  legalName?: string | undefined;
  otherNames?: readonly string[] | undefined;
  address?: { country?: string | undefined; region?: string | undefined } | undefined;
  incorporation?: { country?: string | undefined; number?: string | undefined } | undefined;
  nationalIds?: ReadonlyArray<{ country: string; number: string; type?: string | undefined }> | undefined;
  documents?: ReadonlyArray<{ type: string; country: string; number: string }> | undefined;
}

/** Phone country is not one of the attributes the proposal names for measures, so it is left out. */
const ATTRIBUTE_OF: Partial<Record<Signal['kind'], MeasureAttribute>> = {
  citizenship: 'nationality',
  residence_country: 'residence',
  incorporation_country: 'incorporation',
  document_country: 'document',
  billing_country: 'payment',
  card_issuer_country: 'payment',
  bank_country: 'payment',
  ip_country: 'ip',
};

export function subjectFromApplication(
  application: SubjectSourceApplication,
  signals: readonly Signal[],
): MeasureSubject {
  const countries: Partial<Record<MeasureAttribute, string[]>> = {};
  for (const signal of signals) {
    const attribute = ATTRIBUTE_OF[signal.kind];
    if (attribute === undefined || !('country' in signal) || signal.country === null) continue;
    (countries[attribute] ??= []).push(signal.country.trim().toUpperCase());
  }
  const region = subdivisionCode(application.address);
  if (region !== null) (countries.residence ??= []).push(region);
  return {
    countries,
    names: namesOf(application),
    identifiers: identifiersOf(application),
    type: application.type,
  };
}

function namesOf(application: SubjectSourceApplication): string[] {
  return [
    ...(application.name === undefined ? [] : [application.name.full]),
    ...(application.name?.otherScripts ?? []).map((other) => other.full),
    ...(application.legalName === undefined ? [] : [application.legalName]),
    ...(application.otherNames ?? []),
  ];
}

function identifiersOf(application: SubjectSourceApplication): SubjectIdentifier[] {
  const registration = application.incorporation?.number;
  return [
    ...(application.nationalIds ?? []).map((id) => ({
      type: id.type ?? 'national_id',
      value: id.number,
      country: id.country,
    })),
    ...(application.documents ?? []).map((doc) => ({
      type: doc.type,
      value: doc.number,
      country: doc.country,
    })),
    ...(registration === undefined
      ? []
      : [{ type: 'registration', value: registration, country: application.incorporation?.country }]),
  ];
}

/**
 * The address region as an ISO 3166-2 code when it is written as one (`UA-43`) or as the part after
 * the dash (`43` with country UA); free-text region names are not guessed at.
 */
function subdivisionCode(address: SubjectSourceApplication['address']): string | null {
  const region = address?.region?.trim().toUpperCase();
  const country = address?.country?.trim().toUpperCase();
  if (region === undefined) return null;
  if (/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(region)) return region;
  if (country !== undefined && /^[A-Z0-9]{1,3}$/.test(region)) return `${country}-${region}`;
  return null;
}
