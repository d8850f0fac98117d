/**
 * IBANs (ISO 13616) and BICs (ISO 9362), checked with ibantools against the SWIFT IBAN registry:
 * country, length and BBAN layout per country, the mod-97 check digits, and, where a country defines
 * them, the national account check digits inside the BBAN.
 */
import {
  ValidationErrorsBIC,
  ValidationErrorsIBAN,
  electronicFormatIBAN,
  extractBIC,
  extractIBAN,
  validateBIC,
  validateIBAN,
} from 'ibantools';
import {
  MAX_IDENTIFIER_INPUT,
  fail,
  succeed,
  type IdentifierFailure,
  type IdentifierResult,
  type Warning,
} from './types.ts';

export const IBAN_ERROR_CODES = [
  'IBAN_INVALID_FORMAT',
  'IBAN_INVALID_LENGTH',
  'IBAN_INVALID_CHECKSUM',
  'IBAN_UNKNOWN_COUNTRY',
  'BIC_INVALID_FORMAT',
  'BIC_UNKNOWN_COUNTRY',
] as const;
export type IbanErrorCode = (typeof IBAN_ERROR_CODES)[number];
export const IBAN_WARNING_CODES = ['BIC_COUNTRY_MISMATCH'] as const;
export type IbanWarningCode = (typeof IBAN_WARNING_CODES)[number];

export interface ValidIban {
  /** Electronic format: upper case, no spaces. */
  iban: string;
  country: string;
  /** Country code, then `*` for every character but the last four: safe to show and to log. */
  masked: string;
  last4: string;
  /** The bank identifier inside the BBAN, where the registry defines one. */
  bankCode: string | null;
  bic: string | null;
}

export interface ValidBic {
  bic: string;
  country: string;
  bankCode: string;
}

/** ibantools reports several codes at once; the first in this order is the one a person should fix first. */
const IBAN_FAILURES: [ValidationErrorsIBAN, IbanErrorCode, string][] = [
  [ValidationErrorsIBAN.NoIBANProvided, 'IBAN_INVALID_FORMAT', 'no IBAN given'],
  [
    ValidationErrorsIBAN.NoIBANCountry,
    'IBAN_UNKNOWN_COUNTRY',
    'the first two letters are not an IBAN country',
  ],
  [ValidationErrorsIBAN.ChecksumNotNumber, 'IBAN_INVALID_FORMAT', 'characters 3 and 4 must be digits'],
  [ValidationErrorsIBAN.WrongBBANLength, 'IBAN_INVALID_LENGTH', 'wrong length for an IBAN of its country'],
  [
    ValidationErrorsIBAN.WrongBBANFormat,
    'IBAN_INVALID_FORMAT',
    'the account part does not fit its country\u2019s layout',
  ],
  [ValidationErrorsIBAN.WrongIBANChecksum, 'IBAN_INVALID_CHECKSUM', 'check digits do not match'],
  [
    ValidationErrorsIBAN.WrongAccountBankBranchChecksum,
    'IBAN_INVALID_CHECKSUM',
    'national account check digits do not match',
  ],
];

export function validateIban(
  raw: string,
  options: { bic?: string } = {},
): IdentifierResult<ValidIban, IbanErrorCode, IbanWarningCode> {
  if (raw.length > MAX_IDENTIFIER_INPUT) return fail('IBAN_INVALID_LENGTH', 'far longer than any IBAN');
  const iban = electronicFormatIBAN(raw.trim()) ?? '';
  if (!/^[A-Z0-9]*$/.test(iban)) return fail('IBAN_INVALID_FORMAT', 'an IBAN holds only letters and digits');

  const { errorCodes } = validateIBAN(iban);
  for (const [error, code, message] of IBAN_FAILURES) {
    if (errorCodes.includes(error)) return fail(code, message);
  }
  if (errorCodes.length > 0) return fail('IBAN_INVALID_FORMAT', 'not a valid IBAN');

  const country = iban.slice(0, 2);
  const warnings: Warning<IbanWarningCode>[] = [];
  let bic: string | null = null;
  if (options.bic !== undefined) {
    const checked = validateBic(options.bic);
    if (!checked.ok) return checked;
    bic = checked.value.bic;
    if (checked.value.country !== country) {
      warnings.push({
        code: 'BIC_COUNTRY_MISMATCH',
        message: 'the BIC is of a different country than the IBAN',
      });
    }
  }
  const last4 = iban.slice(-4);
  const masked = country + '*'.repeat(iban.length - 6) + last4;
  const bankCode = extractIBAN(iban).bankIdentifier ?? null;
  return succeed({ iban, country, masked, last4, bankCode, bic }, warnings);
}

export function validateBic(raw: string): IdentifierResult<ValidBic, IbanErrorCode> {
  const bic = raw.trim().toUpperCase();
  const { errorCodes } = validateBIC(bic);
  if (errorCodes.includes(ValidationErrorsBIC.NoBICCountry) && /^[A-Z0-9]{8}(?:[A-Z0-9]{3})?$/.test(bic)) {
    return bicFailure('BIC_UNKNOWN_COUNTRY', 'characters 5 and 6 are not a country code');
  }
  const extracted = extractBIC(bic);
  if (errorCodes.length > 0 || extracted.countryCode === undefined || extracted.bankCode === undefined) {
    return bicFailure(
      'BIC_INVALID_FORMAT',
      'a BIC is 8 or 11 letters and digits: bank, country, location, branch',
    );
  }
  return succeed({ bic, country: extracted.countryCode, bankCode: extracted.bankCode });
}

function bicFailure(code: IbanErrorCode, message: string): IdentifierFailure<IbanErrorCode> {
  return fail(code, message, 'bic');
}
