/**
 * API key tokens: `gth_<lookup>_<secret>`. The lookup id finds the row; only a SHA-256 of the secret
 * is stored, so a copy of the database does not yield usable keys. The secret is 260 random bits, so a
 * fast hash is enough (no password stretching needed for a key that cannot be guessed).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const PREFIX = 'gth';
const LOOKUP_PATTERN = /^[a-z2-7]{16}$/;
const SECRET_PATTERN = /^[a-z2-7]{52}$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export interface ApiKeyToken {
  lookupId: string;
  secret: string;
}

/** `randomBytes` is passed in so the domain stays free of I/O and tests can be deterministic. */
export function mintApiKeyToken(randomBytes: (size: number) => Buffer): ApiKeyToken & { token: string } {
  const lookupId = base32(randomBytes(16));
  // 52 characters of 5 bits each: 260 random bits.
  const secret = base32(randomBytes(52));
  return { lookupId, secret, token: `${PREFIX}_${lookupId}_${secret}` };
}

/** 256 is a multiple of 32, so `byte % 32` keeps every character equally likely. */
function base32(bytes: Buffer): string {
  return Array.from(bytes, (byte) => BASE32[byte % 32]).join('');
}

/** The token is attacker-controlled: parse strictly and return undefined for anything malformed. */
export function parseApiKeyToken(token: string): ApiKeyToken | undefined {
  const [prefix, lookupId = '', secret = '', ...rest] = token.split('_');
  if (prefix !== PREFIX || rest.length > 0) return undefined;
  if (!LOOKUP_PATTERN.test(lookupId) || !SECRET_PATTERN.test(secret)) return undefined;
  return { lookupId, secret };
}

export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(`gatehouse-api-key:${secret}`).digest('hex');
}

export function secretMatchesHash(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashApiKeySecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
