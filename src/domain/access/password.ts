/**
 * Console passwords: scrypt (RFC 7914) with a per-user random salt. The stored string carries its own
 * parameters (`scrypt$N$r$p$salt$hash`), so raising the cost later leaves old hashes verifiable.
 * N=2^15, r=8 costs ~32 MiB and ~50-100 ms per attempt: cheap for a person, slow for a guesser.
 */
import { scryptSync, timingSafeEqual } from 'node:crypto';

const N = 1 << 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** scrypt needs 128·N·r bytes; Node's default maxmem (32 MiB) is exactly that, so leave headroom. */
const MAX_MEM = 64 * 1024 * 1024;
const STORED = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/=]{16,64})\$([A-Za-z0-9+/=]{16,128})$/;

export const PASSWORD_MIN_LENGTH = 12;

/** `randomBytes` is passed in so the domain stays free of I/O and tests can be deterministic. */
export function hashPassword(password: string, randomBytes: (size: number) => Buffer): string {
  const salt = randomBytes(SALT_BYTES);
  const hash = scryptSync(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAX_MEM });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Constant-time comparison; a malformed stored value never matches. */
export function passwordMatches(password: string, stored: string): boolean {
  const parts = STORED.exec(stored);
  if (parts === null) return false;
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash ?? '', 'base64');
  const actual = scryptSync(password, Buffer.from(salt ?? '', 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEM,
  });
  return timingSafeEqual(actual, expected);
}

/** A password hashed once at start: unknown emails are checked against it, so they cost the same time. */
export function decoyPasswordHash(randomBytes: (size: number) => Buffer): string {
  return hashPassword(randomBytes(16).toString('hex'), randomBytes);
}

const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 20 characters from a 56-letter alphabet: ~116 bits, for printed first-start and CLI passwords. */
export function generatePassword(randomBytes: (size: number) => Buffer): string {
  const out: string[] = [];
  // Rejection sampling keeps every letter equally likely (256 is not a multiple of 56).
  while (out.length < 20) {
    for (const byte of randomBytes(32)) {
      if (byte < 224 && out.length < 20) out.push(ALPHABET[byte % 56] ?? '');
    }
  }
  return out.join('');
}
