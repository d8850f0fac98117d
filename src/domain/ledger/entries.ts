/**
 * What a ledger leaf says. A leaf commits to one record event without carrying personal data: it names
 * the record (type and id, which are opaque UUIDs), the tenant, the kind of event, the time, its own
 * position in the log, and a keyed commitment to the record row as stored. The commitment is
 * HMAC-SHA256 under a secret ledger key, not a plain hash, because many records have so little entropy
 * (a status, a date of birth, a country) that anyone holding a plain hash could guess them back.
 */
import { createHmac } from 'node:crypto';

export const LEDGER_RECORD_TYPES = [
  'decision',
  'application',
  'party_version',
  'verification_check',
  'special_measure',
  'measure_action',
  'legal_hold',
  'party_key',
  'deletion_certificate',
  'access_log_digest',
  'access_log_purge',
] as const;
export type LedgerRecordType = (typeof LEDGER_RECORD_TYPES)[number];

export interface LedgerLeafFields {
  tenantId: string;
  entryType: string;
  recordType: string;
  recordId: string;
  commitment: Buffer;
  recordedAt: Date;
}

export const COMMITMENT_KEY_BYTES = 32;

/**
 * JSON with object keys sorted at every depth, dates as ISO 8601, bytes as base64 and bigints as
 * decimal text: one spelling per value, so the same stored row always commits to the same bytes.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

function canonicalValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonicalValue(v)]));
  }
  return value;
}

/** HMAC-SHA256(key, canonical JSON of the row): what an entry commits to. */
export function commitToRecord(key: Uint8Array, row: Record<string, unknown>): Buffer {
  return createHmac('sha256', key).update(canonicalJson(row)).digest();
}

/**
 * The entry bytes of leaf `leafIndex` (RFC 9162 hashes them with the 0x00 prefix). The position is
 * part of the leaf, so an entry moved to another index no longer matches the tree.
 */
export function leafData(fields: LedgerLeafFields, leafIndex: number): Buffer {
  // canonicalJson of these seven members, written out in key order: the sequencer hashes every leaf,
  // and this is several times faster than the generic sort. A test holds the two equal.
  const text =
    `{"at":${JSON.stringify(fields.recordedAt.toISOString())}` +
    `,"commitment":${JSON.stringify(fields.commitment.toString('base64'))}` +
    `,"entry":${JSON.stringify(fields.entryType)}` +
    `,"index":${leafIndex}` +
    `,"record":${JSON.stringify(`${fields.recordType}:${fields.recordId}`)}` +
    `,"tenant":${JSON.stringify(fields.tenantId)}` +
    `,"v":1}`;
  return Buffer.from(text, 'utf8');
}

/** `type:id`, split on the first colon (ids never contain one, but a party version is `partyId@version`). */
export function parseRecordRef(ref: string): { recordType: LedgerRecordType; recordId: string } | undefined {
  const colon = ref.indexOf(':');
  const type = ref.slice(0, colon);
  const id = ref.slice(colon + 1);
  if (colon < 1 || id === '' || !(LEDGER_RECORD_TYPES as readonly string[]).includes(type)) return undefined;
  return { recordType: type as LedgerRecordType, recordId: id };
}

/** The ledger origin (and signing key name) for a provider: `gatehouse/<provider slug>/ledger`. */
export function ledgerOrigin(providerName: string): string {
  const slug = providerName
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `gatehouse/${slug === '' ? 'provider' : slug}/ledger`;
}
