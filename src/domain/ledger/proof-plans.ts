/**
 * Which leaf ranges a proof is made of, from the sizes alone: no hashes are read here. Each list is
 * in proof order (bottom of the tree first), so reading the ranges' hashes yields the proof itself.
 * Ranges are absolute leaf positions; the recursions of RFC 9162 §2.1.3.1 (PATH) and §2.1.4.1
 * (SUBPROOF), and SUBTREE_SUBPROOF of the Merkle Tree Certificates draft §4.4.1, walk down from the
 * root, so the lists are built top-down and reversed.
 */
import { invalidArgument, requireTreeSize } from './ledger-arguments.ts';
import type { LeafRange } from './node-reader.ts';
import { bitCeil, largestPowerOfTwoBelow } from './tree-math.ts';

/** MTH(D[n]) is the hash of one range; the empty tree has none (its root is SHA-256 of nothing). */
export function rootRanges(treeSize: number): LeafRange[] {
  requireTreeSize(treeSize, 'treeSize');
  return treeSize === 0 ? [] : [{ start: 0, end: treeSize }];
}

/** PATH(m, D[n]), RFC 9162 §2.1.3.1: the siblings of every node from leaf m up to the root. */
export function inclusionRanges(leafIndex: number, treeSize: number): LeafRange[] {
  requireTreeSize(leafIndex, 'leafIndex');
  requireTreeSize(treeSize, 'treeSize');
  if (treeSize === 0) {
    throw invalidArgument('treeSize', 'empty_tree', 'the empty tree has no leaves to prove');
  }
  if (leafIndex >= treeSize) {
    throw invalidArgument('leafIndex', 'index_out_of_range', 'leafIndex must be smaller than treeSize');
  }
  return pathRanges(leafIndex, { start: 0, end: treeSize });
}

/** PROOF(m, D[n]), RFC 9162 §2.1.4.1, for 0 < m ≤ n (m = n gives the empty proof). */
export function consistencyRanges(size1: number, size2: number): LeafRange[] {
  requireTreeSize(size1, 'size1');
  requireTreeSize(size2, 'size2');
  // §2.1.4: every tree is consistent with the empty one, so a proof from size 0 proves nothing.
  if (size1 === 0) throw invalidArgument('size1', 'empty_tree', 'a consistency proof needs size1 > 0');
  if (size1 > size2) throw invalidArgument('size1', 'sizes_out_of_order', 'size1 must not exceed size2');
  return subtreeProofRanges(0, size1, size2);
}

/**
 * A subtree [start, end) (Merkle Tree Certificates draft §4.1): start < end and start a multiple of
 * BIT_CEIL(end − start). Exactly these ranges are nodes of the tree of size `end`.
 */
export function isValidSubtree(start: number, end: number): boolean {
  return (
    Number.isSafeInteger(start) &&
    Number.isSafeInteger(end) &&
    0 <= start &&
    start < end &&
    start % bitCeil(end - start) === 0
  );
}

/** MTH(D[start:end]) of a subtree is the hash of one range. */
export function subtreeRanges(start: number, end: number): LeafRange[] {
  requireSubtree(start, end);
  return [{ start, end }];
}

/** The draft's subtree inclusion proof: PATH of leafIndex inside the subtree [start, end) only. */
export function subtreeInclusionRanges(leafIndex: number, start: number, end: number): LeafRange[] {
  requireSubtree(start, end);
  requireTreeSize(leafIndex, 'leafIndex');
  if (leafIndex < start || leafIndex >= end) {
    throw invalidArgument('leafIndex', 'index_out_of_range', 'leafIndex must lie inside [start, end)');
  }
  return pathRanges(leafIndex, { start, end });
}

/** SUBTREE_PROOF(start, end, D[n]), draft §4.4.1: [start, end) is consistent with the tree of size n. */
export function subtreeConsistencyRanges(start: number, end: number, treeSize: number): LeafRange[] {
  requireSubtree(start, end);
  requireTreeSize(treeSize, 'treeSize');
  if (end > treeSize) {
    throw invalidArgument('end', 'sizes_out_of_order', 'the subtree must end inside the tree');
  }
  return subtreeProofRanges(start, end, treeSize);
}

export function requireSubtree(start: number, end: number): void {
  requireTreeSize(start, 'start');
  requireTreeSize(end, 'end');
  if (!isValidSubtree(start, end)) {
    throw invalidArgument(
      'start',
      'invalid_subtree',
      '[start, end) must be non-empty and start a multiple of BIT_CEIL(end - start)',
    );
  }
}

/** PATH within an aligned window: each split keeps the half holding the leaf and records the other. */
function pathRanges(leafIndex: number, window: LeafRange): LeafRange[] {
  const siblings: LeafRange[] = [];
  let { start, end } = window;
  while (end - start > 1) {
    const split = start + largestPowerOfTwoBelow(end - start);
    if (leafIndex < split) {
      siblings.push({ start: split, end });
      end = split;
    } else {
      siblings.push({ start, end: split });
      start = split;
    }
  }
  return siblings.reverse();
}

/**
 * SUBTREE_SUBPROOF(start, end, D[n], true); with start = 0 it is RFC 9162's SUBPROOF(m, D[n], true).
 * The target [from, end) stays inside the window [low, high). When the target straddles the split
 * (only possible when it starts the window), its left part is a whole node the verifier needs, and the
 * rest is a node the verifier no longer knows, so the final window is then sent too (the b = false case).
 */
function subtreeProofRanges(start: number, end: number, treeSize: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  let low = 0;
  let high = treeSize;
  let from = start;
  let known = true;
  while (from !== low || end !== high) {
    const split = low + largestPowerOfTwoBelow(high - low);
    if (end <= split) {
      ranges.push({ start: split, end: high });
      high = split;
    } else {
      ranges.push({ start: low, end: split });
      if (from < split) {
        from = split;
        known = false;
      }
      low = split;
    }
  }
  if (!known) ranges.push({ start: low, end: high });
  return ranges.reverse();
}
