/**
 * Email addresses: the practical subset of RFC 5321/5322 that mail systems actually exchange.
 *
 * - The local part is a dot-atom (RFC 5322 §3.2.3): atext runs separated by single dots, at most 64
 *   octets (RFC 5321 §4.5.3.1.1). Quoted local parts and non-ASCII local parts (RFC 6531) are
 *   refused: they are legal but rarely deliverable, and they are a favourite of parser-confusion
 *   attacks. Its case is kept, since RFC 5321 §2.4 leaves local-part case to the receiving host.
 * - The domain is a host name of at least two labels, converted to its ASCII (punycode) form with
 *   UTS #46 (`url.domainToASCII`, which also lower-cases it); address literals (`[192.0.2.1]`) are
 *   refused. Each label is letters, digits and inner hyphens, 1–63 octets; the name at most 253.
 * - The whole address is at most 254 octets: RFC 5321's 256-octet path less its angle brackets.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { isDisposableDomain } from './disposable-domains.ts';
import { MAX_IDENTIFIER_INPUT, fail, succeed, type IdentifierResult, type Warning } from './types.ts';

export const EMAIL_ERROR_CODES = [
  'EMAIL_INVALID',
  'EMAIL_TOO_LONG',
  'EMAIL_LOCAL_PART_TOO_LONG',
  'EMAIL_INVALID_LOCAL_PART',
  'EMAIL_INVALID_DOMAIN',
] as const;
export type EmailErrorCode = (typeof EMAIL_ERROR_CODES)[number];
export const EMAIL_WARNING_CODES = ['EMAIL_DISPOSABLE_DOMAIN'] as const;
export type EmailWarningCode = (typeof EMAIL_WARNING_CODES)[number];

export interface ValidEmail {
  /** `local@domain` with the domain in lower-case ASCII (punycode for internationalised names). */
  address: string;
  localPart: string;
  domain: string;
  /** The domain for display, in Unicode. */
  domainUnicode: string;
  disposable: boolean;
}

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_ATOM = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*$`);
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 253;
const MAX_LABEL = 63;
const MAX_ADDRESS = 254;

export function validateEmail(raw: string): IdentifierResult<ValidEmail, EmailErrorCode, EmailWarningCode> {
  const text = raw.trim();
  if (text.length > MAX_IDENTIFIER_INPUT)
    return fail('EMAIL_TOO_LONG', 'the address is longer than 254 characters');
  const parts = text.split('@');
  if (parts.length !== 2) return fail('EMAIL_INVALID', 'an address has exactly one @');
  const [localPart = '', rawDomain = ''] = parts;

  if (localPart.length > MAX_LOCAL_PART) {
    return fail('EMAIL_LOCAL_PART_TOO_LONG', 'the part before @ is longer than 64 characters');
  }
  if (!DOT_ATOM.test(localPart)) {
    return fail(
      'EMAIL_INVALID_LOCAL_PART',
      "the part before @ must be ASCII letters, digits or !#$%&'*+/=?^_`{|}~- separated by single dots",
    );
  }

  const domain = toAsciiDomain(rawDomain);
  if (domain === undefined)
    return fail('EMAIL_INVALID_DOMAIN', 'the part after @ is not a valid domain name');

  const address = `${localPart}@${domain}`;
  if (address.length > MAX_ADDRESS)
    return fail('EMAIL_TOO_LONG', 'the address is longer than 254 characters');

  const disposable = isDisposableDomain(domain);
  const warnings: Warning<EmailWarningCode>[] = disposable
    ? [{ code: 'EMAIL_DISPOSABLE_DOMAIN', message: 'the domain belongs to a disposable email service' }]
    : [];
  return succeed(
    { address, localPart, domain, domainUnicode: domainToUnicode(domain), disposable },
    warnings,
  );
}

/** The lower-case ASCII host name, or undefined if it is not a usable mail domain. */
function toAsciiDomain(raw: string): string | undefined {
  // domainToASCII accepts IPv4 literals and bracketed forms; a mail domain must be a name.
  if (raw === '' || raw.startsWith('[')) return undefined;
  const ascii = domainToASCII(raw);
  if (ascii === '' || ascii.length > MAX_DOMAIN) return undefined;
  const labels = ascii.split('.');
  if (labels.length < 2) return undefined;
  const valid = labels.every((label) => label.length <= MAX_LABEL && LABEL.test(label));
  // An all-numeric top-level label would make `192.0.2.1` a "domain" (RFC 3696 §2).
  return valid && !/^[0-9]+$/.test(labels.at(-1) ?? '') ? ascii : undefined;
}
