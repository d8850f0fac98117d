/**
 * ISO 3166-1 country codes, the common currency of every other validator (phone country, IBAN
 * country, document issuer). Codes are accepted only in their canonical upper-case alpha-2 form by
 * `isCountryCode`; `normalizeCountryCode` is the lenient entry point for user input.
 *
 * The list is i18n-iso-countries', which also carries XK (Kosovo): a user-assigned code, not ISO,
 * but the one banks, the EU and ICAO-adjacent systems use, so a Kosovar applicant is not rejected.
 */
import { createRequire } from 'node:module';
import countries, { type LocaleData } from 'i18n-iso-countries/index.js';
import { fail, succeed, type IdentifierResult } from './types.ts';

// Only the English names are registered: the package's default entry loads ~80 locales at import.
const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json') as LocaleData);

const ALPHA2 = new Set(Object.keys(countries.getAlpha2Codes()));

export type CountryErrorCode = 'COUNTRY_INVALID';

export function isCountryCode(code: string): boolean {
  return ALPHA2.has(code);
}

export function normalizeCountryCode(raw: string): string | undefined {
  const code = raw.trim().toUpperCase();
  return isCountryCode(code) ? code : undefined;
}

export function validateCountryCode(raw: string): IdentifierResult<string, CountryErrorCode> {
  const code = normalizeCountryCode(raw);
  return code === undefined
    ? fail('COUNTRY_INVALID', 'not an ISO 3166-1 alpha-2 country code')
    : succeed(code);
}

/** The English short name, e.g. `countryName('SE') === 'Sweden'`; undefined for an unknown code. */
export function countryName(code: string): string | undefined {
  return isCountryCode(code) ? countries.getName(code, 'en', { select: 'official' }) : undefined;
}

export function alpha2ToAlpha3(code: string): string | undefined {
  return isCountryCode(code) ? countries.alpha2ToAlpha3(code) : undefined;
}

export function alpha3ToAlpha2(code: string): string | undefined {
  return /^[A-Z]{3}$/.test(code) ? countries.alpha3ToAlpha2(code) : undefined;
}
