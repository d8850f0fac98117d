/**
 * Webhook signatures in the Standard Webhooks scheme (standardwebhooks.com): the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, HMAC-SHA256 under the endpoint secret (the bytes after
 * `whsec_`, base64-decoded), sent as `webhook-signature: v1,<base64>`. The id lets a receiver drop
 * duplicates (a retry keeps the id); the timestamp lets it refuse replays outside its tolerance.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'whsec_';

export function formatSecret(bytes: Buffer): string {
  return `${PREFIX}${bytes.toString('base64')}`;
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signWebhook(secret: string, id: string, at: Date, body: string): SignedHeaders {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${mac}` };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

/** Verifies a delivery as a receiver would; `toleranceSeconds` bounds replays. */
export function verifyWebhook(
  secret: string,
  headers: Partial<SignedHeaders>,
  body: string,
  now: Date,
  toleranceSeconds = 300,
): SignatureCheck {
  const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature } = headers;
  if (id === undefined || timestamp === undefined || signature === undefined)
    return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds)
    return { ok: false, reason: 'stale' };
  const expected = Buffer.from(
    createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64'),
  );
  // A header may carry several space-separated signatures (during secret rotation).
  for (const part of signature.split(' ')) {
    const [version, value] = part.split(',', 2);
    if (version !== 'v1' || value === undefined) continue;
    const given = Buffer.from(value);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'mismatch' };
}
