/**
 * The MRZ must agree with what the applicant typed about the same document: a zone copied from
 * someone else's passport, or typed fields that do not belong to the scanned document, show up here.
 * Each disagreement names the typed field, so the API can point at `documents[0].number`.
 */
import { sameState } from './icao-codes.ts';
import type { MrzData } from './mrz.ts';
import { nameMatchesMrz } from './mrz-names.ts';

export interface TypedDocument {
  number: string;
  /** ISO alpha-2 (or alpha-3, or the ICAO code as printed). */
  country: string;
  expiresOn?: string;
  dateOfBirth?: string;
  familyName?: string;
  givenNames?: string;
}

export interface MrzMismatch {
  code: 'MRZ_MISMATCH';
  field: keyof TypedDocument;
  message: string;
}

export function compareMrzWithDocument(mrz: MrzData, typed: TypedDocument): MrzMismatch[] {
  const mismatches: MrzMismatch[] = [];
  const disagree = (field: keyof TypedDocument, what: string) =>
    mismatches.push({ code: 'MRZ_MISMATCH', field, message: `the MRZ ${what} differs from the typed one` });

  if (compactNumber(typed.number) !== mrz.documentNumber) disagree('number', 'document number');
  if (!sameState(mrz.issuingCountry, typed.country)) disagree('country', 'issuing state');
  if (typed.expiresOn !== undefined && typed.expiresOn.trim() !== mrz.expiryDate) {
    disagree('expiresOn', 'expiry date');
  }
  // The MRZ carries two-digit years, so only YY-MM-DD is compared: a typed 1924 and an MRZ "24" agree
  // even when the parser resolved the century the other way. An unknown MRZ birth date is no evidence.
  if (typed.dateOfBirth !== undefined && mrz.birthDate !== null) {
    if (typed.dateOfBirth.trim().slice(2) !== mrz.birthDate.slice(2)) disagree('dateOfBirth', 'birth date');
  }
  if (typed.familyName !== undefined && !nameMatchesMrz(typed.familyName, mrz.surname, mrz.namesTruncated)) {
    disagree('familyName', 'surname');
  }
  if (
    typed.givenNames !== undefined &&
    !nameMatchesMrz(typed.givenNames, mrz.givenNames, mrz.namesTruncated)
  ) {
    disagree('givenNames', 'given names');
  }
  return mismatches;
}

/** Document numbers as people type them: spaces, dashes and fillers are not part of the number. */
function compactNumber(number: string): string {
  return number.replace(/[\s<-]/g, '').toUpperCase();
}
