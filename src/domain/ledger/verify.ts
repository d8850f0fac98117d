/**
 * Proof verification, RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), step by step. Every
 * input is attacker-controlled (a log or a client hands us the sizes, hashes and proof), so nothing
 * here throws: a bad proof or impossible sizes are an expected outcome with a reason from a closed list.
 * A proof does not bind the sizes: the path of leaf 0 has the same shape in trees of 39 and 40 leaves,
 * so the size and root must come from a signed checkpoint, never from whoever presents the proof.
 */
import { hashChildren, isHash, sameHash } from './hashing.ts';
import { half, isOdd, isPowerOfTwo, isTreeSize } from './tree-math.ts';

export type ProofFailure =
  | 'size_out_of_range'
  | 'empty_tree'
  | 'index_out_of_range'
  | 'sizes_out_of_order'
  | 'invalid_subtree'
  | 'malformed_hash'
  | 'wrong_proof_length'
  | 'root_mismatch';

export type ProofVerdict = { ok: true } | { ok: false; reason: ProofFailure };

export interface InclusionClaim {
  leafIndex: number;
  treeSize: number;
  leafHash: Uint8Array;
  proof: readonly Uint8Array[];
  root: Uint8Array;
}

export interface ConsistencyClaim {
  size1: number;
  size2: number;
  proof: readonly Uint8Array[];
  root1: Uint8Array;
  root2: Uint8Array;
}

export const VERIFIED: ProofVerdict = Object.freeze({ ok: true });

export function rejected(reason: ProofFailure): ProofVerdict {
  return { ok: false, reason };
}

export function verifyInclusion(claim: InclusionClaim): ProofVerdict {
  const { leafIndex, treeSize, leafHash, proof, root } = claim;
  if (!isTreeSize(leafIndex) || !isTreeSize(treeSize)) return rejected('size_out_of_range');
  if (treeSize === 0) return rejected('empty_tree');
  // Step 1: leaf_index must be inside the tree.
  if (leafIndex >= treeSize) return rejected('index_out_of_range');
  if (!isHash(leafHash) || !proof.every(isHash)) return rejected('malformed_hash');
  const computed = rootFromInclusionPath(leafIndex, treeSize, leafHash, proof);
  if (computed === undefined) return rejected('wrong_proof_length');
  return sameHash(computed, root) ? VERIFIED : rejected('root_mismatch');
}

/** Steps 2–5 of §2.1.3.2; undefined when the path is too long or too short for the tree. */
export function rootFromInclusionPath(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  path: readonly Uint8Array[],
): Uint8Array | undefined {
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      // fn is a left child with no right sibling (the right edge): climb until it is a right child.
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

export function verifyConsistency(claim: ConsistencyClaim): ProofVerdict {
  const { size1, size2, proof, root1, root2 } = claim;
  if (!isTreeSize(size1) || !isTreeSize(size2)) return rejected('size_out_of_range');
  if (size1 > size2) return rejected('sizes_out_of_order');
  // §2.1.4.2 is defined for 0 < first: any tree extends the empty one, so a proof from it says nothing.
  if (size1 === 0) return rejected('empty_tree');
  if (!proof.every(isHash)) return rejected('malformed_hash');
  if (size1 === size2) {
    if (proof.length > 0) return rejected('wrong_proof_length');
    return sameHash(root1, root2) ? VERIFIED : rejected('root_mismatch');
  }
  const roots = rootsFromConsistencyPath(size1, size2, root1, proof);
  if (roots === undefined) return rejected('wrong_proof_length');
  return sameHash(roots.first, root1) && sameHash(roots.second, root2) ? VERIFIED : rejected('root_mismatch');
}

/** Steps 1–6 of §2.1.4.2 for 0 < first < second: the two roots the path commits to. */
function rootsFromConsistencyPath(
  first: number,
  second: number,
  firstHash: Uint8Array,
  proof: readonly Uint8Array[],
): { first: Uint8Array; second: Uint8Array } | undefined {
  // Step 1: a non-trivial proof is never empty.
  if (proof.length === 0) return undefined;
  // Step 2: a power-of-two first tree is a node of the second, so the log leaves it out of the path.
  const path = isPowerOfTwo(first) ? [firstHash, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  const [seed, ...rest] = path;
  if (seed === undefined) return undefined;
  let fr = seed;
  let sr = seed;
  for (const c of rest) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? { first: fr, second: sr } : undefined;
}
