/**
 * Envelope encryption of personal data (issue #5): each party has its own data key (DEK, 32 random
 * bytes); its records are sealed with AES-256-GCM under that key, and the key itself is stored only
 * wrapped (AES-256-GCM again) by a key-encryption key (KEK) that never enters the database. Rotating
 * the KEK re-wraps the small data keys and leaves the sealed records as they are; destroying a data key
 * makes every record sealed under it unreadable (crypto-shredding).
 *
 * Every seal is bound to where it belongs by its additional authenticated data: a sealed party version
 * copied onto another party, version or tenant does not open, and neither does a wrapped key moved to
 * another party.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The version prefix of a sealed text: `gh1.` + base64(iv ‖ ciphertext ‖ tag). */
const SEALED_PREFIX = 'gh1.';

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

export function newDataKey(random: (size: number) => Buffer = randomBytes): Buffer {
  return random(DATA_KEY_BYTES);
}

export function sealBytes(
  key: Buffer,
  aad: string,
  plaintext: Buffer,
  iv: Buffer = randomBytes(IV_BYTES),
): Buffer {
  if (key.length !== DATA_KEY_BYTES) throw new SealError('a sealing key is 32 bytes');
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function openBytes(key: Buffer, aad: string, sealed: Buffer): Buffer {
  if (key.length !== DATA_KEY_BYTES) throw new SealError('a sealing key is 32 bytes');
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new SealError('the sealed value is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new SealError(
      'the sealed value does not open with this key and context (altered, moved or wrong key)',
    );
  }
}

export function sealJson(key: Buffer, aad: string, value: unknown): string {
  return SEALED_PREFIX + sealBytes(key, aad, Buffer.from(JSON.stringify(value), 'utf8')).toString('base64');
}

export function openJson(key: Buffer, aad: string, sealed: string): unknown {
  if (!sealed.startsWith(SEALED_PREFIX)) throw new SealError('not a sealed value (unknown format)');
  const bytes = openBytes(key, aad, Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64'));
  return JSON.parse(bytes.toString('utf8')) as unknown;
}

/** What a sealed JSON column holds: `{ "$sealed": "gh1.…" }` (a plain object, so the column stays jsonb). */
export interface SealedColumn {
  $sealed: string;
}

/** A record whose data key was destroyed: its sealed value was replaced by this tombstone. */
export interface ShreddedColumn {
  $shredded: string;
}

export function isSealedColumn(value: unknown): value is SealedColumn {
  return typeof value === 'object' && value !== null && typeof (value as SealedColumn).$sealed === 'string';
}

export function isShreddedColumn(value: unknown): value is ShreddedColumn {
  return (
    typeof value === 'object' && value !== null && typeof (value as ShreddedColumn).$shredded === 'string'
  );
}

/** The additional data binding a party's data key to the party. */
export function dataKeyContext(tenantId: string, partyId: string): string {
  return `gatehouse/party-key/v1/${tenantId}/${partyId}`;
}

/** The additional data binding a sealed record to its row. */
export function recordContext(
  kind: string,
  tenantId: string,
  partyId: string,
  ...rest: Array<string | number>
): string {
  return ['gatehouse', kind, 'v1', tenantId, partyId, ...rest.map(String)].join('/');
}

export const BLIND_INDEX_KEY_BYTES = 32;
/** 16 bytes: collisions among a tenant's values are negligible, and the stored index stays small. */
const BLIND_INDEX_BYTES = 16;

/**
 * A blind index term: HMAC-SHA256 under the blind-index key (not the data keys, not the KEK) of the
 * tenant, the kind of value and its normalised form. Equal values meet in an index without the value
 * being stored; the tenant is part of the input, so equal values of two tenants do not even look alike.
 */
export function blindIndex(key: Buffer, tenantId: string, kind: string, normalized: string): Buffer {
  return createHmac('sha256', key)
    .update(`${tenantId}\u0000${kind}\u0000${normalized}`, 'utf8')
    .digest()
    .subarray(0, BLIND_INDEX_BYTES);
}

/** The prefix of a keyed subject digest; a stored digest without it was written unkeyed, before 2026-12-02. */
export const KEYED_DIGEST_PREFIX = 'hmac-sha256:';

/**
 * A digest of personal data made unlinkable without the party's data key: HMAC-SHA256 under the data key
 * of the party, the kind of digest and the plain digest. Equal data of one party gives equal values (so a
 * reviewer's verdict is remembered); a stolen database cannot confirm a guessed name or date of birth
 * against it; and when the data key is destroyed (crypto-shredding) the value means nothing any more.
 */
export function keyedDigest(
  dataKey: Buffer,
  tenantId: string,
  partyId: string,
  kind: string,
  digest: string,
): string {
  const mac = createHmac('sha256', dataKey)
    .update(`${recordContext(kind, tenantId, partyId)}\u0000${digest}`, 'utf8')
    .digest('hex');
  return `${KEYED_DIGEST_PREFIX}${mac}`;
}

export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
