/**
 * National identification numbers (tax, social-security and identity-card numbers) checked against
 * their country's format and check digits. A country Gatehouse has no scheme for is not a reason to
 * turn a customer away: the number is kept, tidied but unchecked, with a warning saying so.
 */
import { normalizeCountryCode } from './country.ts';
import { schemesOf, type Holder, type NationalIdScheme, type SchemeFailure } from './national-id-schemes.ts';
import {
  MAX_IDENTIFIER_INPUT,
  fail,
  succeed,
  type IdentifierFailure,
  type IdentifierResult,
} from './types.ts';

export const NATIONAL_ID_ERROR_CODES = [
  'NATIONAL_ID_INVALID_FORMAT',
  'NATIONAL_ID_INVALID_LENGTH',
  'NATIONAL_ID_INVALID_CHECKSUM',
  'NATIONAL_ID_INVALID_COMPONENT',
  'NATIONAL_ID_TYPE_UNKNOWN',
  'COUNTRY_INVALID',
] as const;
export type NationalIdErrorCode = (typeof NATIONAL_ID_ERROR_CODES)[number];
export const NATIONAL_ID_WARNING_CODES = ['NATIONAL_ID_COUNTRY_UNSUPPORTED'] as const;
export type NationalIdWarningCode = (typeof NATIONAL_ID_WARNING_CODES)[number];

export interface ValidNationalId {
  country: string;
  /** The compact form: separators removed, letters upper-cased, e.g. `39053344705`. */
  number: string;
  /** The scheme that matched (`ssn`, `curp`, `cpf` …), or null when the country is unsupported. */
  type: string | null;
  /** The scheme's English name, or null when unchecked. */
  name: string | null;
  holder: Holder;
  /** False when the number could not be checked (unsupported country): kept as typed, tidied. */
  validated: boolean;
}

type NationalIdResult = IdentifierResult<ValidNationalId, NationalIdErrorCode, NationalIdWarningCode>;

const FAILURE_CODES: Record<SchemeFailure, NationalIdErrorCode> = {
  length: 'NATIONAL_ID_INVALID_LENGTH',
  format: 'NATIONAL_ID_INVALID_FORMAT',
  checksum: 'NATIONAL_ID_INVALID_CHECKSUM',
  component: 'NATIONAL_ID_INVALID_COMPONENT',
};

const FAILURE_MESSAGES: Record<SchemeFailure, string> = {
  length: 'has the wrong number of characters',
  format: 'contains characters or a layout the scheme does not allow',
  checksum: 'check digit does not match',
  component: 'contains a part (date, region, range) that is not issued',
};

/**
 * When no scheme matches, the failure reported is the one that got furthest: a number with the
 * right length and layout but a wrong check digit is "checksum", not "wrong length for the others".
 */
const FAILURE_DEPTH: Record<SchemeFailure, number> = { length: 0, format: 1, component: 2, checksum: 3 };

/** Characters people type between the groups of a number. */
const SEPARATORS = /[\s./-]/g;
const UNCHECKED_NUMBER = /^[A-Z0-9]{1,64}$/;

/**
 * `type` names one scheme of the country (`ssn`, `itin`, `ein`, `curp`, `rfc`, `cpf`, `cnpj`,
 * `aadhaar`, `pan`, `ric`, `dni`, `nie`, `nif` …; see `nationalIdTypes`). Without it, the country's
 * personal schemes are tried first, then its entity schemes, and the first that accepts wins.
 */
export function validateNationalId(country: string, number: string, type?: string): NationalIdResult {
  const code = normalizeCountryCode(country);
  if (code === undefined) return fail('COUNTRY_INVALID', 'not an ISO 3166-1 alpha-2 country code', 'country');
  if (number.length > MAX_IDENTIFIER_INPUT || number.trim() === '') {
    return fail('NATIONAL_ID_INVALID_LENGTH', 'the number is empty or far too long');
  }

  const schemes = schemesOf(code);
  if (schemes === undefined) return acceptUnchecked(code, number);

  let candidates: readonly NationalIdScheme[] = schemes.detectionOrder;
  if (type !== undefined) {
    const named = schemes.byType.get(type.trim().toLowerCase());
    if (named === undefined) {
      const known = [...schemes.byType.keys()].sort().join(', ');
      return fail('NATIONAL_ID_TYPE_UNKNOWN', `unknown number type for ${code}; known: ${known}`, 'type');
    }
    candidates = [named];
  }
  return firstMatch(code, number, candidates);
}

/** The scheme types known for a country, e.g. `['ein', 'itin', 'ssn']` for US; empty if unsupported. */
export function nationalIdTypes(country: string): string[] {
  const schemes = schemesOf(country.trim().toUpperCase());
  return schemes === undefined ? [] : [...schemes.byType.keys()].sort();
}

function firstMatch(
  country: string,
  number: string,
  candidates: readonly NationalIdScheme[],
): NationalIdResult {
  let deepest: { scheme: NationalIdScheme; reason: SchemeFailure } | undefined;
  for (const scheme of candidates) {
    const outcome = scheme.check(number);
    if (outcome.valid) {
      const { compact, holder } = outcome;
      return succeed({
        country,
        number: compact,
        type: scheme.type,
        name: scheme.name,
        holder,
        validated: true,
      });
    }
    if (deepest === undefined || FAILURE_DEPTH[outcome.reason] > FAILURE_DEPTH[deepest.reason]) {
      deepest = { scheme, reason: outcome.reason };
    }
  }
  return deepest === undefined ? acceptUnchecked(country, number) : failure(deepest.scheme, deepest.reason);
}

function failure(scheme: NationalIdScheme, reason: SchemeFailure): IdentifierFailure<NationalIdErrorCode> {
  return fail(FAILURE_CODES[reason], `${FAILURE_MESSAGES[reason]} (${scheme.type.toUpperCase()})`);
}

function acceptUnchecked(country: string, number: string): NationalIdResult {
  const compact = number.replace(SEPARATORS, '').toUpperCase();
  if (!UNCHECKED_NUMBER.test(compact)) {
    return fail(
      'NATIONAL_ID_INVALID_FORMAT',
      'only letters and digits, with spaces, dots, dashes or slashes between them',
    );
  }
  return succeed({ country, number: compact, type: null, name: null, holder: 'unknown', validated: false }, [
    {
      code: 'NATIONAL_ID_COUNTRY_UNSUPPORTED',
      message: `numbers of ${country} cannot be checked; accepted as typed`,
    },
  ]);
}
