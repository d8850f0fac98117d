/**
 * The checks an MRZ must pass before its values are read: an allowed document code, every check
 * digit (ICAO 9303 Part 3 §4.9), known state codes and a sex marker.
 */
import { icaoCode, icaoToAlpha2 } from './icao-codes.ts';
import { checkDigit, type CheckedField, type MrzFields } from './mrz-layout.ts';
import { fail, type IdentifierFailure } from './types.ts';

export const MRZ_ERROR_CODES = [
  'MRZ_INVALID_FORMAT',
  'MRZ_UNSUPPORTED_DOCUMENT',
  'MRZ_CHECK_DIGIT',
  'MRZ_INVALID_DATE',
  'MRZ_INVALID_COUNTRY',
] as const;
export type MrzErrorCode = (typeof MRZ_ERROR_CODES)[number];

type MrzFailure = IdentifierFailure<MrzErrorCode>;

/** The first problem in reading order, so a changed digit is blamed on its own field, not the composite. */
export function findProblem(fields: MrzFields): MrzFailure | undefined {
  return checkDocumentCode(fields) ?? checkDigits(fields) ?? checkStates(fields) ?? checkSex(fields);
}

function checkDocumentCode({ format, documentCode }: MrzFields): MrzFailure | undefined {
  if (documentCode.startsWith('V')) {
    return fail('MRZ_UNSUPPORTED_DOCUMENT', 'visas (MRV) are not identity documents', 'documentType');
  }
  // Part 4 §4.2.2: passports start with P; Parts 5 and 6: cards start with A, C or I.
  const allowed = format === 'TD3' ? /^P[A-Z<]$/ : /^[ACI][A-Z<]$/;
  return allowed.test(documentCode)
    ? undefined
    : fail('MRZ_INVALID_FORMAT', `document code not allowed in a ${format} zone`, 'documentType');
}

function checkDigits(fields: MrzFields): MrzFailure | undefined {
  const checked: [string, CheckedField | undefined][] = [
    ['documentNumber', fields.documentNumber],
    ['birthDate', fields.birthDate],
    ['expiryDate', fields.expiryDate],
    ['personalNumber', fields.personalNumber],
    ['composite', fields.composite],
  ];
  for (const [name, field] of checked) {
    if (field === undefined || isBlankOptional(name, field)) continue;
    if (field.value === '' || checkDigit(field.value) !== field.check) {
      return fail('MRZ_CHECK_DIGIT', `check digit of ${name} does not match`, name);
    }
  }
  return undefined;
}

/** An unused personal number or expiry may carry `<` (or 0) instead of a check digit (Part 4 §4.2.2.2). */
function isBlankOptional(name: string, field: CheckedField): boolean {
  const optional = name === 'personalNumber' || name === 'expiryDate';
  return optional && /^<*$/.test(field.value) && (field.check === '<' || field.check === '0');
}

function checkStates(fields: MrzFields): MrzFailure | undefined {
  for (const [name, raw] of [
    ['issuingCountry', fields.issuingState],
    ['nationality', fields.nationality],
  ] as const) {
    const code = icaoCode(raw);
    if (!/^[A-Z]+$/.test(code) || icaoToAlpha2(code) === undefined) {
      return fail('MRZ_INVALID_COUNTRY', `${name} is not an ICAO state code`, name);
    }
  }
  return undefined;
}

function checkSex({ sex }: MrzFields): MrzFailure | undefined {
  return /^[MFX<]$/.test(sex) ? undefined : fail('MRZ_INVALID_FORMAT', 'sex must be F, M or <', 'sex');
}
