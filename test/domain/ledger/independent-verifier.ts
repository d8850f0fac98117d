/**
 * A second, independent RFC 6962 implementation for the tests, written from the definitions of
 * RFC 6962 §2.1 (MTH), §2.1.1 (PATH) and §2.1.2 (PROOF / SUBPROOF) and sharing no code with
 * src/domain/ledger. It is deliberately naive: it recomputes everything from the list of entries and
 * verifies a proof by running the recursive definition backwards (the proof is built by appending the
 * sibling of each recursion step, so its last element belongs to the outermost step).
 */
import { createHash } from 'node:crypto';

function sha256(...parts: Uint8Array[]): Buffer {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part);
  return digest.digest();
}

/** RFC 6962 §2.1 uses SHA-256: every node, and so every leaf hash and proof element, is 32 bytes. */
const SHA256_BYTES = 32;
const isNode = (value: Uint8Array): boolean => value.length === SHA256_BYTES;

/** "the largest power of two smaller than n" */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) of RFC 6962 §2.1, over the entries themselves. */
export function referenceTreeHash(entries: readonly Uint8Array[]): Buffer {
  if (entries.length === 0) return sha256();
  if (entries.length === 1) return sha256(Uint8Array.of(0), entries[0] as Uint8Array);
  const k = splitPoint(entries.length);
  return sha256(
    Uint8Array.of(1),
    referenceTreeHash(entries.slice(0, k)),
    referenceTreeHash(entries.slice(k)),
  );
}

/** PATH(m, D[n]) of RFC 6962 §2.1.1. */
export function referencePath(m: number, entries: readonly Uint8Array[]): Buffer[] {
  if (entries.length <= 1) return [];
  const k = splitPoint(entries.length);
  if (m < k) return [...referencePath(m, entries.slice(0, k)), referenceTreeHash(entries.slice(k))];
  return [...referencePath(m - k, entries.slice(k)), referenceTreeHash(entries.slice(0, k))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 6962 §2.1.2. */
export function referenceConsistencyProof(m: number, entries: readonly Uint8Array[]): Buffer[] {
  return subproof(m, entries, true);
}

function subproof(m: number, entries: readonly Uint8Array[], b: boolean): Buffer[] {
  const n = entries.length;
  if (m === n) return b ? [] : [referenceTreeHash(entries)];
  const k = splitPoint(n);
  if (m <= k) return [...subproof(m, entries.slice(0, k), b), referenceTreeHash(entries.slice(k))];
  return [...subproof(m - k, entries.slice(k), false), referenceTreeHash(entries.slice(0, k))];
}

/** True when `path` is PATH(m, D[n]) for some entries whose leaf m hashes to leafHash and MTH is root. */
export function independentlyVerifyInclusion(
  m: number,
  n: number,
  leafHash: Uint8Array,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!(m >= 0 && m < n) || !isNode(leafHash) || !path.every(isNode)) return false;
  const remaining = [...path];
  const rebuild = (index: number, size: number): Buffer | undefined => {
    if (size === 1) return Buffer.from(leafHash);
    const sibling = remaining.pop();
    if (sibling === undefined) return undefined;
    const k = splitPoint(size);
    const inner = index < k ? rebuild(index, k) : rebuild(index - k, size - k);
    if (inner === undefined) return undefined;
    return index < k ? sha256(Uint8Array.of(1), inner, sibling) : sha256(Uint8Array.of(1), sibling, inner);
  };
  const computed = rebuild(m, n);
  return computed !== undefined && remaining.length === 0 && computed.equals(root);
}

/** True when `proof` is PROOF(m, D[n]) for trees whose heads are oldRoot (size m) and newRoot (size n). */
export function independentlyVerifyConsistency(
  m: number,
  n: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): boolean {
  if (!(m > 0 && m <= n) || !proof.every(isNode)) return false;
  if (m === n) return proof.length === 0 && Buffer.from(oldRoot).equals(newRoot);
  const remaining = [...proof];
  // Inverts SUBPROOF: returns the hashes of the old and the new tree of this recursion step.
  const rebuild = (size1: number, size2: number, b: boolean): { old: Buffer; new: Buffer } | undefined => {
    if (size1 === size2) {
      if (b) return { old: Buffer.from(oldRoot), new: Buffer.from(oldRoot) };
      const known = remaining.pop();
      return known === undefined ? undefined : { old: Buffer.from(known), new: Buffer.from(known) };
    }
    const sibling = remaining.pop();
    if (sibling === undefined) return undefined;
    const k = splitPoint(size2);
    if (size1 <= k) {
      const left = rebuild(size1, k, b);
      return left && { old: left.old, new: sha256(Uint8Array.of(1), left.new, sibling) };
    }
    const right = rebuild(size1 - k, size2 - k, false);
    return (
      right && {
        old: sha256(Uint8Array.of(1), sibling, right.old),
        new: sha256(Uint8Array.of(1), sibling, right.new),
      }
    );
  };
  const roots = rebuild(m, n, true);
  return (
    roots !== undefined && remaining.length === 0 && roots.old.equals(oldRoot) && roots.new.equals(newRoot)
  );
}

/** SHA-256(0x00 || entry), RFC 6962 §2.1. */
export function referenceLeafHash(entry: Uint8Array): Buffer {
  return sha256(Uint8Array.of(0), entry);
}

/**
 * SUBTREE_PROOF(start, end, D[n]) of the Merkle Tree Certificates draft §4.4.1, by its recursion over
 * the entries: RFC 6962's SUBPROOF with the subtree's start carried along. Not RFC 6962 itself, but
 * with start = 0 it must equal PROOF(end, D[n]), which the tests check.
 */
export function referenceSubtreeConsistencyProof(
  start: number,
  end: number,
  entries: readonly Uint8Array[],
): Buffer[] {
  return subtreeSubproof(start, end, entries, true);
}

function subtreeSubproof(start: number, end: number, entries: readonly Uint8Array[], b: boolean): Buffer[] {
  const n = entries.length;
  if (start === 0 && end === n) return b ? [] : [referenceTreeHash(entries)];
  const k = splitPoint(n);
  const left = entries.slice(0, k);
  const right = entries.slice(k);
  if (end <= k) return [...subtreeSubproof(start, end, left, b), referenceTreeHash(right)];
  if (start >= k) return [...subtreeSubproof(start - k, end - k, right, b), referenceTreeHash(left)];
  // The subtree straddles the split, so it starts this node; its right part is a node no one knows.
  return [...subtreeSubproof(0, end - k, right, false), referenceTreeHash(left)];
}
