/**
 * Phone numbers, parsed and typed with libphonenumber's full ("max") metadata: the default "min"
 * metadata only checks lengths and cannot tell a mobile from a VoIP range.
 *
 * Input is attacker-controlled text: it is parsed strictly (no extraction of a number from within
 * a longer string), and a number without a leading `+` is only accepted when the caller says which
 * country it is national to.
 */
import {
  ParseError,
  isSupportedCountry,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
  type PhoneNumberType,
} from 'libphonenumber-js/max';
import { normalizeCountryCode } from './country.ts';
import {
  MAX_IDENTIFIER_INPUT,
  fail,
  succeed,
  type IdentifierFailure,
  type IdentifierResult,
  type Warning,
} from './types.ts';

export const PHONE_ERROR_CODES = [
  'PHONE_INVALID',
  'PHONE_NOT_E164',
  'PHONE_TOO_SHORT',
  'PHONE_TOO_LONG',
  'PHONE_INVALID_LENGTH',
  'PHONE_UNKNOWN_COUNTRY_CODE',
  'COUNTRY_INVALID',
] as const;
export type PhoneErrorCode = (typeof PHONE_ERROR_CODES)[number];

export const PHONE_WARNING_CODES = [
  'PHONE_VOIP',
  'PHONE_TOLL_FREE',
  'PHONE_PREMIUM_RATE',
  'PHONE_SHARED_COST',
  'PHONE_PERSONAL_NUMBER',
  'PHONE_PAGER',
  'PHONE_UAN',
  'PHONE_VOICEMAIL',
  'PHONE_EXTENSION_IGNORED',
] as const;
export type PhoneWarningCode = (typeof PHONE_WARNING_CODES)[number];

export type PhoneType = Lowercase<PhoneNumberType> | 'unknown';

export interface ValidPhone {
  /** E.164, e.g. `+46701234567`; any extension is dropped (E.164 has none). */
  e164: string;
  /** ISO 3166-1 alpha-2, or null for non-geographic numbers (+800, +882 …). */
  country: string | null;
  type: PhoneType;
}

export interface PhoneOptions {
  /** The country a number typed without `+` belongs to (ISO alpha-2). */
  defaultCountry?: string;
}

/**
 * Number types that can pass SMS possession checks without tying the customer to a subscriber
 * line: VoIP and personal ("follow-me") numbers are cheap to obtain in bulk, toll-free and premium
 * ranges are not assigned to individuals. Valid, but worth a reviewer's look.
 */
const SUSPICIOUS_TYPES: Partial<Record<PhoneNumberType, Warning<PhoneWarningCode>>> = {
  VOIP: { code: 'PHONE_VOIP', message: 'the number is in a VoIP range' },
  TOLL_FREE: { code: 'PHONE_TOLL_FREE', message: 'the number is a toll-free service number' },
  PREMIUM_RATE: { code: 'PHONE_PREMIUM_RATE', message: 'the number is a premium-rate service number' },
  SHARED_COST: { code: 'PHONE_SHARED_COST', message: 'the number is a shared-cost service number' },
  PERSONAL_NUMBER: { code: 'PHONE_PERSONAL_NUMBER', message: 'the number is a personal forwarding number' },
  PAGER: { code: 'PHONE_PAGER', message: 'the number is a pager number' },
  UAN: { code: 'PHONE_UAN', message: 'the number is a universal access (company) number' },
  VOICEMAIL: { code: 'PHONE_VOICEMAIL', message: 'the number is a voicemail access number' },
};

const PARSE_ERRORS: Record<string, { code: PhoneErrorCode; message: string }> = {
  NOT_A_NUMBER: { code: 'PHONE_INVALID', message: 'not a phone number' },
  INVALID_COUNTRY: { code: 'PHONE_UNKNOWN_COUNTRY_CODE', message: 'the country calling code does not exist' },
  TOO_SHORT: { code: 'PHONE_TOO_SHORT', message: 'the number is too short' },
  TOO_LONG: { code: 'PHONE_TOO_LONG', message: 'the number is too long' },
  INVALID_LENGTH: {
    code: 'PHONE_INVALID_LENGTH',
    message: 'the number has an impossible length for its country',
  },
};

export function validatePhone(
  raw: string,
  options: PhoneOptions = {},
): IdentifierResult<ValidPhone, PhoneErrorCode, PhoneWarningCode> {
  const text = raw.trim();
  if (!/\d/.test(text) || text.length > MAX_IDENTIFIER_INPUT) return failureFor('NOT_A_NUMBER');

  let defaultCountry: CountryCode | undefined;
  if (options.defaultCountry !== undefined) {
    const code = normalizeCountryCode(options.defaultCountry);
    if (code === undefined || !isSupportedCountry(code)) {
      return fail(
        'COUNTRY_INVALID',
        'the default country is not a supported ISO country code',
        'defaultCountry',
      );
    }
    defaultCountry = code;
  }
  if (!text.startsWith('+') && defaultCountry === undefined) {
    return fail('PHONE_NOT_E164', 'give the number in international E.164 form (+ and country code)');
  }

  let parsed: PhoneNumber;
  try {
    parsed = parsePhoneNumberWithError(text, { defaultCountry, extract: false });
  } catch (error) {
    if (error instanceof ParseError) return failureFor(error.message);
    throw error;
  }
  // A parsed number can still be outside its country's plan; the length check says whether its
  // length is the reason, which is the more useful thing to tell a person retyping it.
  if (!parsed.isValid()) return failureFor(validatePhoneNumberLength(text, { defaultCountry }));

  const libType = parsed.getType();
  const warnings: Warning<PhoneWarningCode>[] = [];
  const suspicious = libType === undefined ? undefined : SUSPICIOUS_TYPES[libType];
  if (suspicious !== undefined) warnings.push(suspicious);
  if (parsed.ext !== undefined) {
    warnings.push({ code: 'PHONE_EXTENSION_IGNORED', message: 'the extension was dropped' });
  }
  const type: PhoneType = libType === undefined ? 'unknown' : (libType.toLowerCase() as PhoneType);
  return succeed({ e164: parsed.number, country: parsed.country ?? null, type }, warnings);
}

function failureFor(reason: string | undefined): IdentifierFailure<PhoneErrorCode> {
  const known = reason === undefined ? undefined : PARSE_ERRORS[reason];
  return known === undefined
    ? fail('PHONE_INVALID', 'not a valid number in its country\u2019s numbering plan')
    : fail(known.code, known.message);
}
