/**
 * Ed25519 keys for C2SP signed notes (signature type 0x01), in the text form of Go's
 * golang.org/x/mod/sumdb/note: verifier `<name>+<hex8 key ID>+<base64(0x01 || public key)>`, signer
 * `PRIVATE+KEY+<name>+<hex8 key ID>+<base64(0x01 || 32-byte seed)>`. The key ID is
 * SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian (signed-note, "Signatures").
 * Raw keys enter node:crypto as PKCS#8 / SPKI DER with the fixed RFC 8410 prefixes.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { invalidArgument } from './ledger-arguments.ts';
import { decodeBase64Strict } from './strict-base64.ts';
import { hasControlCharacter, isWellFormed } from './text-rules.ts';

export const ED25519_KEY_TYPE = 0x01;

const ED25519_SEED_BYTES = 32;
const ED25519_PUBLIC_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(message: Uint8Array): Buffer;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface Ed25519NoteSigner extends NoteSigner {
  readonly publicKey: Buffer;
}

export type KeyFailure = 'malformed_key' | 'unknown_algorithm' | 'key_id_mismatch';
export type KeyParse<K> = { ok: true; key: K } | { ok: false; reason: KeyFailure };

/** signed-note: "Key names MUST be non-empty and MUST NOT contain any Unicode spaces or plus". */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !/[\s\u0085+]/u.test(name) && !hasControlCharacter(name, false) && isWellFormed(name);
}

export function noteKeyId(name: string, typeAndKey: Uint8Array): number {
  return createHash('sha256').update(name).update('\n').update(typeAndKey).digest().readUInt32BE(0);
}

export function keyIdHex(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** A new signer key; `randomBytes` is passed in (node:crypto's in production) so the domain stays pure. */
export function generateSignerKey(name: string, randomBytes: (size: number) => Buffer): string {
  if (!isValidKeyName(name)) {
    throw invalidArgument('name', 'invalid_key_name', 'a key name must be non-empty, without spaces or "+"');
  }
  const seed = randomBytes(ED25519_SEED_BYTES);
  if (seed.length !== ED25519_SEED_BYTES) {
    throw invalidArgument('randomBytes', 'invalid_seed', 'need 32 random bytes');
  }
  const signer = ed25519Signer(name, seed);
  return `PRIVATE+KEY+${name}+${keyIdHex(signer.keyId)}+${typed(seed).toString('base64')}`;
}

export function verifierKeyFor(signer: Ed25519NoteSigner): string {
  return `${signer.name}+${keyIdHex(signer.keyId)}+${typed(signer.publicKey).toString('base64')}`;
}

export function parseVerifierKey(encoded: string): KeyParse<NoteVerifier> {
  const decoded = decodeKey(splitKey(encoded, 3));
  if (!decoded.ok) return decoded;
  const { name, keyId, material } = decoded.key;
  if (material.length !== ED25519_PUBLIC_BYTES) return { ok: false, reason: 'malformed_key' };
  if (noteKeyId(name, typed(material)) !== keyId) return { ok: false, reason: 'key_id_mismatch' };
  const der = Buffer.concat([SPKI_ED25519_PREFIX, material]);
  const publicKey = createPublicKey({ key: der, format: 'der', type: 'spki' });
  return {
    ok: true,
    key: { name, keyId, verify: (message, signature) => verifyEd25519(publicKey, message, signature) },
  };
}

export function parseSignerKey(encoded: string): KeyParse<Ed25519NoteSigner> {
  const parts = splitKey(encoded, 5);
  if (parts?.[0] !== 'PRIVATE' || parts[1] !== 'KEY') return { ok: false, reason: 'malformed_key' };
  const decoded = decodeKey(parts.slice(2));
  if (!decoded.ok) return decoded;
  const { name, keyId, material } = decoded.key;
  if (material.length !== ED25519_SEED_BYTES) return { ok: false, reason: 'malformed_key' };
  // The ID names the public key, so it can only be checked once the public key is derived from the seed.
  const signer = ed25519Signer(name, material);
  return signer.keyId === keyId ? { ok: true, key: signer } : { ok: false, reason: 'key_id_mismatch' };
}

/** Splits on the first count − 1 pluses only: the base64 key material may itself contain '+'. */
function splitKey(encoded: string, count: number): string[] | undefined {
  const parts = encoded.split('+');
  if (parts.length < count) return undefined;
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join('+')];
}

/** `<name>+<hex8 key ID>+<base64(type || key)>`, the shared tail of both key forms. */
function decodeKey(parts: string[] | undefined): KeyParse<{ name: string; keyId: number; material: Buffer }> {
  const [name, hex, base64] = parts ?? [];
  if (name === undefined || !isValidKeyName(name) || hex === undefined || !/^[0-9a-f]{8}$/i.test(hex)) {
    return { ok: false, reason: 'malformed_key' };
  }
  const bytes = decodeBase64Strict(base64 ?? '');
  if (bytes === undefined || bytes.length === 0) return { ok: false, reason: 'malformed_key' };
  if (bytes[0] !== ED25519_KEY_TYPE) return { ok: false, reason: 'unknown_algorithm' };
  return { ok: true, key: { name, keyId: Number.parseInt(hex, 16), material: bytes.subarray(1) } };
}

function ed25519Signer(name: string, seed: Buffer): Ed25519NoteSigner {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = Buffer.from(spki.subarray(SPKI_ED25519_PREFIX.length));
  const keyId = noteKeyId(name, typed(publicKey));
  return { name, keyId, publicKey, sign: (message) => sign(null, message, privateKey) };
}

function verifyEd25519(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  return signature.length === ED25519_SIGNATURE_BYTES && verify(null, message, publicKey, signature);
}

/** 0x01 || key: the "encoding of the public key" (or seed) with its signature type byte. */
function typed(key: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([ED25519_KEY_TYPE]), key]);
}
