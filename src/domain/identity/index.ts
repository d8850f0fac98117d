/**
 * Validation of every identifier an application carries. Each validator is pure and returns an
 * `IdentifierResult`: the normalised value with warnings, or a failure with a code from the closed
 * lists below (all of them map to 422 with the field path; warnings travel with the accepted value).
 */
import { CARD_ERROR_CODES, CARD_WARNING_CODES } from './card.ts';
import {
  DATE_OF_BIRTH_ERROR_CODES,
  DATE_OF_BIRTH_WARNING_CODES,
  DOCUMENT_ERROR_CODES,
  DOCUMENT_WARNING_CODES,
} from './document.ts';
import { EMAIL_ERROR_CODES, EMAIL_WARNING_CODES } from './email.ts';
import { IBAN_ERROR_CODES, IBAN_WARNING_CODES } from './iban.ts';
import { MRZ_ERROR_CODES, MRZ_WARNING_CODES } from './mrz.ts';
import { NATIONAL_ID_ERROR_CODES, NATIONAL_ID_WARNING_CODES } from './national-id.ts';
import { PHONE_ERROR_CODES, PHONE_WARNING_CODES } from './phone.ts';

export type { IdentifierFailure, IdentifierResult, IdentifierSuccess, Warning } from './types.ts';
export {
  alpha2ToAlpha3,
  alpha3ToAlpha2,
  countryName,
  isCountryCode,
  normalizeCountryCode,
  validateCountryCode,
} from './country.ts';
export type { CountryErrorCode } from './country.ts';
export { validatePhone } from './phone.ts';
export type { PhoneErrorCode, PhoneOptions, PhoneType, PhoneWarningCode, ValidPhone } from './phone.ts';
export { validateEmail } from './email.ts';
export type { EmailErrorCode, EmailWarningCode, ValidEmail } from './email.ts';
export { isDisposableDomain } from './disposable-domains.ts';
export { nationalIdTypes, validateNationalId } from './national-id.ts';
export type { NationalIdErrorCode, NationalIdWarningCode, ValidNationalId } from './national-id.ts';
export { supportedNationalIdCountries } from './national-id-schemes.ts';
export { parseMrz } from './mrz.ts';
export type { MrzData, MrzErrorCode, MrzWarningCode } from './mrz.ts';
export { compareMrzWithDocument } from './mrz-compare.ts';
export type { MrzMismatch, TypedDocument } from './mrz-compare.ts';
export { checkDocumentExpiry, validateDateOfBirth } from './document.ts';
export type { DateOfBirth, DocumentExpiry } from './document.ts';
export { validateBic, validateIban } from './iban.ts';
export type { IbanErrorCode, IbanWarningCode, ValidBic, ValidIban } from './iban.ts';
export { inspectCard, validateCardExpiry } from './card.ts';
export type { CardErrorCode, CardExpiry, CardFacts, CardWarningCode } from './card.ts';

/** Every failure code an identifier validator can return, for docs/errors.md and the API schema. */
export const IDENTIFIER_ERROR_CODES = [
  ...new Set([
    'COUNTRY_INVALID',
    'NAME_NO_LETTERS',
    ...PHONE_ERROR_CODES,
    ...EMAIL_ERROR_CODES,
    ...NATIONAL_ID_ERROR_CODES,
    ...MRZ_ERROR_CODES,
    'MRZ_MISMATCH',
    ...DOCUMENT_ERROR_CODES,
    ...DATE_OF_BIRTH_ERROR_CODES,
    ...IBAN_ERROR_CODES,
    ...CARD_ERROR_CODES,
  ] as const),
];

/** Every warning code: valid but worth a reviewer's look. */
export const IDENTIFIER_WARNING_CODES = [
  ...PHONE_WARNING_CODES,
  ...EMAIL_WARNING_CODES,
  ...NATIONAL_ID_WARNING_CODES,
  ...MRZ_WARNING_CODES,
  ...DOCUMENT_WARNING_CODES,
  ...DATE_OF_BIRTH_WARNING_CODES,
  ...IBAN_WARNING_CODES,
  ...CARD_WARNING_CODES,
];
