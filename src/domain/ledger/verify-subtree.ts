/**
 * Subtree proofs of the Merkle Tree Certificates draft (draft-ietf-plants-merkle-tree-certs §4.1,
 * §4.4): a leaf is in the subtree [start, end), and that subtree's hash is consistent with a tree of
 * size n. With start = 0 they are RFC 9162's inclusion and consistency proofs. Like verify.ts, every
 * outcome is a value.
 */
import { emptyRoot, hashChildren, isHash, sameHash } from './hashing.ts';
import { isValidSubtree } from './proof-plans.ts';
import { half, isOdd, isTreeSize } from './tree-math.ts';
import { rejected, verifyInclusion, VERIFIED, type ProofVerdict } from './verify.ts';

export interface SubtreeInclusionClaim {
  leafIndex: number;
  start: number;
  end: number;
  leafHash: Uint8Array;
  proof: readonly Uint8Array[];
  subtreeHash: Uint8Array;
}

export interface SubtreeConsistencyClaim {
  start: number;
  end: number;
  treeSize: number;
  proof: readonly Uint8Array[];
  subtreeHash: Uint8Array;
  root: Uint8Array;
}

/** An aligned subtree is a tree of its own, so this is an RFC 9162 inclusion proof at index − start. */
export function verifySubtreeInclusion(claim: SubtreeInclusionClaim): ProofVerdict {
  const { leafIndex, start, end } = claim;
  if (!isTreeSize(leafIndex) || !isTreeSize(start) || !isTreeSize(end)) return rejected('size_out_of_range');
  if (!isValidSubtree(start, end)) return rejected('invalid_subtree');
  if (leafIndex < start || leafIndex >= end) return rejected('index_out_of_range');
  return verifyInclusion({
    leafIndex: leafIndex - start,
    treeSize: end - start,
    leafHash: claim.leafHash,
    proof: claim.proof,
    root: claim.subtreeHash,
  });
}

export function verifySubtreeConsistency(claim: SubtreeConsistencyClaim): ProofVerdict {
  const { start, end, treeSize, proof } = claim;
  if (!isTreeSize(start) || !isTreeSize(end) || !isTreeSize(treeSize)) return rejected('size_out_of_range');
  if (start > end || end > treeSize) return rejected('sizes_out_of_order');
  if (start === end) {
    // An empty subtree commits to no entry, so it is consistent with any tree; its hash must still be
    // MTH({}) and its proof empty (the transparency-dev/merkle test vectors expect exactly this).
    if (proof.length > 0) return rejected('wrong_proof_length');
    return sameHash(claim.subtreeHash, emptyRoot()) ? VERIFIED : rejected('root_mismatch');
  }
  if (!isValidSubtree(start, end)) return rejected('invalid_subtree');
  if (!proof.every(isHash)) return rejected('malformed_hash');
  const roots = rootsFromSubtreeProof(claim);
  if (roots === undefined) return rejected('wrong_proof_length');
  const matches = sameHash(roots.subtree, claim.subtreeHash) && sameHash(roots.tree, claim.root);
  return matches ? VERIFIED : rejected('root_mismatch');
}

/**
 * Walks up the path of the subtree's last leaf, generalising RFC 9162 §2.1.4.2 with a third cursor.
 * At each level `first`, `last` and `edge` are the node positions of the subtree's first leaf, its
 * last leaf and the tree's last leaf. `fr` rebuilds the subtree hash from siblings inside it; `sr`
 * rebuilds the root from every sibling.
 */
function rootsFromSubtreeProof(
  claim: SubtreeConsistencyClaim,
): { subtree: Uint8Array; tree: Uint8Array } | undefined {
  let first = claim.start;
  let last = claim.end - 1;
  let edge = claim.treeSize - 1;
  const climb = (): void => {
    first = half(first);
    last = half(last);
    edge = half(edge);
  };
  if (last === edge) {
    // Flush with the tree's right edge, the subtree is itself a node of the tree: the verifier has its
    // hash, and the siblings below that node (all inside it) are not in the proof.
    while (first !== last) climb();
  } else {
    // Otherwise the proof starts with the largest complete node ending at `end`: climb to it.
    while (first !== last && isOdd(last)) climb();
  }
  let rest = claim.proof;
  let seed = claim.subtreeHash;
  if (first !== last) {
    const [head, ...tail] = claim.proof;
    if (head === undefined) return undefined;
    seed = head;
    rest = tail;
  }
  let fr = seed;
  let sr = seed;
  for (const c of rest) {
    // A last node that is a left child has no sibling at this level: it is promoted unchanged.
    while (!isOdd(last) && last === edge && edge !== 0) climb();
    if (edge === 0) return undefined;
    if (isOdd(last)) {
      // A left sibling: inside the subtree while the subtree still spans several nodes.
      if (first < last) fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
    } else {
      // A right sibling lies past `end`, outside the subtree.
      sr = hashChildren(sr, c);
    }
    climb();
  }
  while (!isOdd(last) && last === edge && edge !== 0) climb();
  return edge === 0 ? { subtree: fr, tree: sr } : undefined;
}
