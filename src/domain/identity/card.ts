/**
 * Payment cards. A full card number (PAN) must never be stored or logged (PCI DSS 3.4), so
 * `inspectCard` returns only what Gatehouse may keep: a keyed fingerprint that recognises the same
 * card again without revealing it, the last four digits, the network and the 6-digit BIN.
 *
 * The fingerprint is an HMAC, not a hash: card numbers have so little entropy (a BIN, a Luhn digit,
 * ~9 free digits) that a plain SHA-256 is reversed by enumeration in minutes.
 */
import { createHmac } from 'node:crypto';
import cardValidator from 'card-validator';
import { calendarDate, daysBetween, formatIsoDate, utcDateOf } from './dates.ts';
import { fail, succeed, type IdentifierResult, type Warning } from './types.ts';

export const CARD_ERROR_CODES = [
  'CARD_INVALID_FORMAT',
  'CARD_INVALID_LENGTH',
  'CARD_INVALID_CHECKSUM',
  'CARD_EXPIRY_INVALID',
  'CARD_EXPIRED',
] as const;
export type CardErrorCode = (typeof CARD_ERROR_CODES)[number];
export const CARD_WARNING_CODES = ['CARD_UNKNOWN_NETWORK'] as const;
export type CardWarningCode = (typeof CARD_WARNING_CODES)[number];

export interface CardFacts {
  /** HMAC-SHA256 of the digits under the operator's fingerprint key, hex. */
  fingerprint: string;
  last4: string;
  /** card-validator's network name (`visa`, `mastercard`, `american-express` …) or `unknown`. */
  network: string;
  /** The first six digits (the issuer identification number's traditional length). */
  bin: string;
}

/** ISO/IEC 7812 allows 8–19 digits; no payment network issues fewer than 12. */
const MIN_DIGITS = 12;
const MAX_DIGITS = 19;
const MIN_KEY_BYTES = 32;

/**
 * A number from an unknown network is kept (with a warning) rather than refused: network tables lag
 * behind new BIN ranges and regional schemes, and the payment processor, not Gatehouse, is the judge.
 */
export function inspectCard(
  number: string,
  fingerprintKey: Buffer,
): IdentifierResult<CardFacts, CardErrorCode, CardWarningCode> {
  if (fingerprintKey.length < MIN_KEY_BYTES) {
    throw new RangeError(`the card fingerprint key must be at least ${MIN_KEY_BYTES} bytes`);
  }
  const digits = number.trim().replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits))
    return fail('CARD_INVALID_FORMAT', 'a card number holds only digits, spaces and dashes');
  if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) {
    return fail('CARD_INVALID_LENGTH', `a card number has ${MIN_DIGITS} to ${MAX_DIGITS} digits`);
  }

  const { card } = cardValidator.number(digits, { skipLuhnValidation: true });
  if (card !== null && !card.lengths.includes(digits.length)) {
    return fail('CARD_INVALID_LENGTH', `wrong number of digits for a ${card.niceType} card`);
  }
  // UnionPay issues cards outside the Luhn scheme; card-validator exempts them, and so do we.
  if (card?.type !== 'unionpay' && !passesLuhn(digits)) {
    return fail('CARD_INVALID_CHECKSUM', 'check digit does not match (Luhn)');
  }

  const warnings: Warning<CardWarningCode>[] =
    card === null ? [{ code: 'CARD_UNKNOWN_NETWORK', message: 'the card network is not recognised' }] : [];
  const fingerprint = createHmac('sha256', fingerprintKey).update(digits, 'ascii').digest('hex');
  return succeed(
    { fingerprint, last4: digits.slice(-4), network: card?.type ?? 'unknown', bin: digits.slice(0, 6) },
    warnings,
  );
}

/** ISO/IEC 7812-1 Annex B: double every second digit from the right, the sum ends in 0. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = Number(digits[digits.length - 1 - i]);
    const doubled = i % 2 === 1 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return sum % 10 === 0;
}

export interface CardExpiry {
  month: number;
  year: number;
  /** The last day the card is valid: cards expire at the end of their printed month. */
  validThrough: string;
}

const MAX_YEARS_AHEAD = 20;

/** `year` may be two digits (`27`) or four (`2027`), as printed on cards and typed in forms. */
export function validateCardExpiry(
  month: number | string,
  year: number | string,
  now: Date,
): IdentifierResult<CardExpiry, CardErrorCode> {
  const m = toInteger(month);
  const y4 = toInteger(year);
  const fullYear = y4 !== undefined && y4 < 100 ? 2000 + y4 : y4;
  if (m === undefined || m < 1 || m > 12 || fullYear === undefined) {
    return fail('CARD_EXPIRY_INVALID', 'expiry must be a month 1–12 and a year');
  }
  const today = utcDateOf(now);
  if (fullYear > today.year + MAX_YEARS_AHEAD) {
    return fail('CARD_EXPIRY_INVALID', `expiry is more than ${MAX_YEARS_AHEAD} years ahead`);
  }
  const lastDay = new Date(Date.UTC(fullYear, m, 0)).getUTCDate();
  const validThrough = calendarDate(fullYear, m, lastDay);
  if (validThrough === undefined)
    return fail('CARD_EXPIRY_INVALID', 'expiry must be a month 1–12 and a year');
  if (daysBetween(today, validThrough) < 0) return fail('CARD_EXPIRED', 'the card has expired');
  return succeed({ month: m, year: fullYear, validThrough: formatIsoDate(validThrough) });
}

function toInteger(value: number | string): number | undefined {
  const text = String(value).trim();
  return /^\d{1,4}$/.test(text) ? Number(text) : undefined;
}
