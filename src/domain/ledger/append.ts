/**
 * Appending leaves without reading the tree: the compact range (the "right frontier") of a tree of size
 * n is the hashes of the complete subtrees that [0, n) splits into, one per set bit of n, largest
 * first. It is enough to compute the new root and every node the new leaves complete.
 *
 * What a store persists, so that any proof over any earlier size needs O(log n) reads: one row
 * (level, index, hash) for every complete subtree, i.e. every node with (index + 1)·2^level ≤ size,
 * leaves included at level 0 (2n − popcount(n) rows for n leaves), plus the head (size, root). The rows
 * of an append are exactly `nodes` below. Rows are immutable once written: the primary key
 * (level, index) and a compare-and-swap on the head (`UPDATE … SET size = new WHERE size = old`) in the
 * same transaction make a concurrent appender fail and retry instead of forking the log.
 */
import { emptyRoot, hashChildren, isHash } from './hashing.ts';
import { invalidArgument, requireTreeSize } from './ledger-arguments.ts';
import { completeNodes, type MerkleNodeReader, type NodeCoord } from './node-reader.ts';
import { half, isOdd, MAX_TREE_SIZE, popCount } from './tree-math.ts';

export interface CompactRange {
  readonly size: number;
  /** One hash per set bit of `size`, largest subtree (leftmost) first. */
  readonly hashes: readonly Buffer[];
}

export interface StoredNode {
  level: number;
  index: number;
  hash: Buffer;
}

export interface AppendResult {
  range: CompactRange;
  root: Buffer;
  /** Every complete subtree the new leaves created, leaves first, in the order they were completed. */
  nodes: StoredNode[];
}

export const EMPTY_RANGE: CompactRange = Object.freeze({ size: 0, hashes: Object.freeze([]) });

/** The nodes a compact range is made of, to read from a store (`compactRangeAt` reads them). */
export function compactRangeNodes(size: number): NodeCoord[] {
  requireTreeSize(size, 'size');
  return completeNodes({ start: 0, end: size });
}

export function compactRangeAt(reader: MerkleNodeReader, size: number): CompactRange {
  return { size, hashes: compactRangeNodes(size).map((node) => reader.hash(node.level, node.index)) };
}

/** The root is the right fold of the range: each subtree is hashed with everything to its right. */
export function rootOfRange(range: CompactRange): Buffer {
  const { hashes } = range;
  let root = hashes[hashes.length - 1];
  if (root === undefined) return emptyRoot();
  for (let i = hashes.length - 2; i >= 0; i -= 1) root = hashChildren(hashes[i] as Buffer, root);
  return root;
}

/** Adds leaf hashes (`hashLeaf(entry)`) at positions range.size, range.size + 1, … */
export function appendLeaves(range: CompactRange, leafHashes: readonly Uint8Array[]): AppendResult {
  requireRange(range);
  if (leafHashes.length > MAX_TREE_SIZE - range.size) {
    throw invalidArgument('leafHashes', 'size_out_of_range', 'the tree would grow past 2^53 - 1 leaves');
  }
  if (!leafHashes.every(isHash)) {
    throw invalidArgument('leafHashes', 'malformed_hash', 'every leaf hash must be 32 bytes');
  }
  const stack = [...range.hashes];
  const nodes: StoredNode[] = [];
  let size = range.size;
  for (const leaf of leafHashes) {
    let hash: Buffer = Buffer.from(leaf);
    let level = 0;
    let index = size;
    nodes.push({ level, index, hash });
    // Like carrying in binary addition: a right child completes its parent with the top of the stack.
    while (isOdd(index)) {
      hash = hashChildren(stack.pop() as Buffer, hash);
      level += 1;
      index = half(index);
      nodes.push({ level, index, hash });
    }
    stack.push(hash);
    size += 1;
  }
  const next = { size, hashes: stack };
  return { range: next, root: rootOfRange(next), nodes };
}

function requireRange(range: CompactRange): void {
  requireTreeSize(range.size, 'range.size');
  if (range.hashes.length !== popCount(range.size) || !range.hashes.every(isHash)) {
    throw invalidArgument(
      'range.hashes',
      'malformed_hash',
      'a compact range has one 32-byte hash per set bit of its size',
    );
  }
}
