/**
 * The idempotency key of an access event: 64 bits of SHA-256, unique together with the event's time.
 * With a client event id the key is (account, id), so a retry is recognised even if the client
 * re-serialised the event; without one it is the event's content, so an identical retried line is
 * stored once. A false collision needs the same millisecond and the same 64-bit digest.
 */
import { hash } from 'node:crypto';
import type { AccessEventInput } from './validate.ts';

export function eventKeyOf(accountId: string, event: AccessEventInput): bigint {
  // Concatenated, not an array joined: this runs for every event. The text is the same as ever.
  const material =
    event.id === undefined
      ? `content\n${accountId}\n${event.at.getTime()}\n${event.ip}\n${event.action}\n` +
        `${event.principal ?? ''}\n${event.userAgent ?? ''}\n${event.region ?? ''}`
      : `id\n${accountId}\n${event.id}`;
  // The one-shot hash: the first 64 bits of the digest, read as a signed big-endian integer.
  return BigInt.asIntN(64, BigInt(`0x${hash('sha256', material).slice(0, 16)}`));
}
