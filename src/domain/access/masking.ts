/**
 * Masking of personal data for callers without the right to see it (roles without
 * `personal-data:read`, and console users until they reveal a party with a purpose). The masked shape
 * is the stored shape, so a console renders either; only values change. Fields that carry no one's
 * identity (country codes, types, validation flags, the last four digits of an account) stay readable,
 * because a reviewer needs them to follow the foreign-person determination and the checks.
 */

/** Keys whose values are kept as they are: codes, flags and types, never names or numbers. */
const KEPT_KEYS = new Set([
  'country',
  'countries',
  'citizenship',
  'nationality',
  'mrzNationality',
  'issuingCountry',
  'billingCountry',
  'ibanCountry',
  'type',
  'source',
  'network',
  'disposable',
  'validated',
  'mrzVerified',
  'last4',
  'primary',
]);

export const MASK = '•••';

/** The first character and a mask: enough to tell two records apart on screen, not to identify anyone. */
export function maskText(value: string): string {
  const first = Array.from(value)[0];
  return first === undefined ? '' : `${first}${MASK}`;
}

export function maskPersonalData(value: unknown, key?: string): unknown {
  if (key !== undefined && KEPT_KEYS.has(key)) return value;
  if (typeof value === 'string') return maskText(value);
  if (typeof value === 'number') return null;
  if (Array.isArray(value)) return value.map((item) => maskPersonalData(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPersonalData(v, k)]));
  }
  return value;
}

/** IPv4 and IPv6 addresses, emails and E.164 phone numbers inside free text (reasons, messages). */
const IDENTIFIERS_IN_TEXT = [
  /\b\d{1,3}(?:\.\d{1,3}){3}\b/g,
  // IPv6: five or more groups, or a `::` (so a clock time such as 18:12:07 is left alone).
  /\b(?:[0-9a-f]{1,4}:){4,7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:)+:[0-9a-f:]*|::[0-9a-f:]+/gi,
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  /\+\d[\d ]{6,}\d/g,
];

export function maskIdentifiersInText(text: string): string {
  return IDENTIFIERS_IN_TEXT.reduce((masked, pattern) => masked.replace(pattern, MASK), text);
}

/** Every string inside `value` with identifiers in it masked; the structure and other text stay. */
export function maskIdentifiersDeep<T>(value: T): T {
  if (typeof value === 'string') return maskIdentifiersInText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskIdentifiersDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskIdentifiersDeep(v)])) as T;
  }
  return value;
}
