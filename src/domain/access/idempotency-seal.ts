/**
 * Stored idempotent responses can carry secrets (a new API key is shown once). They are sealed with
 * AES-256-GCM under a key derived (HKDF-SHA256) from the client's Idempotency-Key, and the record is
 * indexed by a separate hash of that key: the database alone can neither read a stored response nor
 * recover the Idempotency-Key. Clients should use random keys (UUIDs), as the docs say.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const INDEX_DOMAIN = 'gatehouse-idempotency-index:';
const SEAL_INFO = 'gatehouse-idempotency-seal';

export function idempotencyIndexHash(tenantId: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${INDEX_DOMAIN}${tenantId}:${idempotencyKey}`).digest('hex');
}

function sealKey(tenantId: string, idempotencyKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, tenantId, SEAL_INFO, 32));
}

export function sealResponse(tenantId: string, idempotencyKey: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(tenantId, idempotencyKey), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

/** Undefined when the seal does not open (a tampered row): the caller treats it as a conflict. */
export function openResponse(tenantId: string, idempotencyKey: string, sealed: string): string | undefined {
  const [iv, tag, body, ...rest] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (iv === undefined || tag === undefined || body === undefined || rest.length > 0) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealKey(tenantId, idempotencyKey), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
