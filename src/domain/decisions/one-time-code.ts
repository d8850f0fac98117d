/**
 * One-time codes for email and phone possession. A code is six digits, lives ten minutes and allows
 * five attempts; only a hash bound to its check id is stored, so a database copy reveals no live code.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const CODE_TTL_MS = 10 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;

/** 10^6 does not divide 2^32 evenly; rejecting the top of the range keeps every code equally likely. */
export function mintCode(randomBytes: (size: number) => Buffer): string {
  for (;;) {
    const value = randomBytes(4).readUInt32BE(0);
    if (value < 4_294_000_000) return String(value % 1_000_000).padStart(6, '0');
  }
}

export function hashCode(checkId: string, code: string): string {
  return createHash('sha256').update(`gatehouse-otp:${checkId}:${code}`).digest('hex');
}

/** The code is attacker-controlled: compare hashes in constant time. */
export function codeMatches(checkId: string, code: string, storedHash: string): boolean {
  const actual = Buffer.from(hashCode(checkId, code), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Enough of a destination for the customer to recognise it, not enough to contact them. */
export function maskDestination(channel: 'email' | 'phone', destination: string): string {
  if (channel === 'phone')
    return `${destination.slice(0, 3)}${'*'.repeat(Math.max(destination.length - 7, 1))}${destination.slice(-4)}`;
  const [local = '', domain = ''] = destination.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
