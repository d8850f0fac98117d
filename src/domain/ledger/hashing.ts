/**
 * The RFC 6962 / RFC 9162 §2.1.1 hashes with SHA-256. The one-byte prefixes separate leaves from
 * interior nodes (RFC 9162 §2.1.1, "second preimage" note): without them an attacker could present
 * an interior node as a leaf and prove the inclusion of data that was never logged.
 */
import { hash } from 'node:crypto';

export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** MTH({}) = SHA-256() (RFC 9162 §2.1.1): the root of the empty tree. A fresh copy on every call. */
export function emptyRoot(): Buffer {
  return hash('sha256', Buffer.alloc(0), 'buffer');
}

/** MTH({d}) = SHA-256(0x00 || d): the hash of one log entry. */
export function hashLeaf(entry: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + entry.length);
  input[0] = LEAF_PREFIX;
  input.set(entry, 1);
  return hash('sha256', input, 'buffer');
}

/** SHA-256(0x01 || left || right): an interior node from its two children. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return hash('sha256', input, 'buffer');
}

export function isHash(value: Uint8Array): boolean {
  return value.length === HASH_SIZE;
}

/** Roots and proofs are public values, so a plain comparison is fine: there is no secret to time. */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}
