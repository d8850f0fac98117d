/**
 * Date checks on identity documents and birth dates. A document is valid through its expiry date
 * (ICAO 9303 prints the last day of validity), so it is expired from the day after.
 */
import { ageOn, daysBetween, formatIsoDate, parseIsoDate, utcDateOf } from './dates.ts';
import { fail, succeed, type IdentifierResult, type Warning } from './types.ts';

export const DOCUMENT_ERROR_CODES = ['DATE_INVALID', 'DOCUMENT_EXPIRED'] as const;
export type DocumentErrorCode = (typeof DOCUMENT_ERROR_CODES)[number];
export const DOCUMENT_WARNING_CODES = ['DOCUMENT_EXPIRES_SOON'] as const;
export type DocumentWarningCode = (typeof DOCUMENT_WARNING_CODES)[number];

export const DATE_OF_BIRTH_ERROR_CODES = [
  'DATE_INVALID',
  'DATE_OF_BIRTH_IN_FUTURE',
  'DATE_OF_BIRTH_IMPLAUSIBLE',
] as const;
export type DateOfBirthErrorCode = (typeof DATE_OF_BIRTH_ERROR_CODES)[number];
export const DATE_OF_BIRTH_WARNING_CODES = ['DATE_OF_BIRTH_MINOR'] as const;
export type DateOfBirthWarningCode = (typeof DATE_OF_BIRTH_WARNING_CODES)[number];

/** Oldest verified human lifespan is 122 years; past 130 the date is a typo, not a customer. */
const MAX_AGE_YEARS = 130;
const ADULT_AGE_YEARS = 18;
const EXPIRES_SOON_DAYS = 30;

export interface DocumentExpiry {
  expiresOn: string;
  /** Days left from today's UTC date; 0 on the last valid day. */
  daysRemaining: number;
}

export function checkDocumentExpiry(
  expiresOn: string,
  now: Date,
): IdentifierResult<DocumentExpiry, DocumentErrorCode, DocumentWarningCode> {
  const expiry = parseIsoDate(expiresOn);
  if (expiry === undefined) return fail('DATE_INVALID', 'not a real calendar date in YYYY-MM-DD form');
  const daysRemaining = daysBetween(utcDateOf(now), expiry);
  if (daysRemaining < 0) return fail('DOCUMENT_EXPIRED', 'the document has expired');
  const warnings: Warning<DocumentWarningCode>[] =
    daysRemaining <= EXPIRES_SOON_DAYS
      ? [{ code: 'DOCUMENT_EXPIRES_SOON', message: `the document expires within ${EXPIRES_SOON_DAYS} days` }]
      : [];
  return succeed({ expiresOn: formatIsoDate(expiry), daysRemaining }, warnings);
}

export interface DateOfBirth {
  dateOfBirth: string;
  age: number;
}

export function validateDateOfBirth(
  date: string,
  now: Date,
): IdentifierResult<DateOfBirth, DateOfBirthErrorCode, DateOfBirthWarningCode> {
  const birth = parseIsoDate(date);
  if (birth === undefined) return fail('DATE_INVALID', 'not a real calendar date in YYYY-MM-DD form');
  const today = utcDateOf(now);
  if (daysBetween(birth, today) < 0) return fail('DATE_OF_BIRTH_IN_FUTURE', 'date of birth is in the future');
  const age = ageOn(birth, today);
  if (age > MAX_AGE_YEARS) {
    return fail('DATE_OF_BIRTH_IMPLAUSIBLE', `date of birth gives an age over ${MAX_AGE_YEARS} years`);
  }
  const warnings: Warning<DateOfBirthWarningCode>[] =
    age < ADULT_AGE_YEARS
      ? [{ code: 'DATE_OF_BIRTH_MINOR', message: `the person is under ${ADULT_AGE_YEARS}` }]
      : [];
  return succeed({ dateOfBirth: formatIsoDate(birth), age }, warnings);
}
