/**
 * The storage-agnostic view of a Merkle tree: the hashes of its complete subtrees. Node (level, index)
 * is the root of the perfect subtree over leaves [index·2^level, (index+1)·2^level); level 0 holds the
 * leaf hashes. Every proof element is the hash of an aligned leaf range, which splits into at most
 * log2(n) complete subtrees, so a proof needs O(log n) reads whatever the size of the tree.
 */
import { AppError } from '../../errors.ts';
import { hashChildren, isHash } from './hashing.ts';
import { exponentOf, largestPowerOfTwoBelow } from './tree-math.ts';

export interface NodeCoord {
  level: number;
  index: number;
}

/** A store that can read a complete subtree hash synchronously (memory, an embedded database). */
export interface MerkleNodeReader {
  hash(level: number, index: number): Buffer;
}

/**
 * A store across a network: it answers all the nodes of one proof in one round trip, in the order
 * asked (e.g. `WHERE (level, index) IN (...)`).
 */
export interface AsyncMerkleNodeReader {
  hashes(nodes: readonly NodeCoord[]): Promise<Buffer[]>;
}

/**
 * Leaves [start, end) of a subtree whose Merkle Tree Hash is one proof element. It is always aligned:
 * `start` is a multiple of the smallest power of two ≥ end − start, as every node of an RFC 9162 tree is.
 */
export interface LeafRange {
  start: number;
  end: number;
}

/**
 * The complete subtrees of an aligned range, left to right. RFC 9162 §2.1.1 splits n leaves at the
 * largest power of two k < n; the left part is complete and the right part recurses, so the sizes are
 * the binary digits of end − start, largest first.
 */
export function completeNodes(range: LeafRange): NodeCoord[] {
  const nodes: NodeCoord[] = [];
  let start = range.start;
  while (start < range.end) {
    const size = largestPowerOfTwoBelow(range.end - start + 1);
    nodes.push({ level: exponentOf(size), index: start / size });
    start += size;
  }
  return nodes;
}

/** All the node reads of a proof, in order: the argument to `AsyncMerkleNodeReader.hashes`. */
export function nodesToRead(ranges: readonly LeafRange[]): NodeCoord[] {
  return ranges.flatMap(completeNodes);
}

/** The Merkle Tree Hash of each range, reading its complete subtrees from a synchronous store. */
export function readRanges(reader: MerkleNodeReader, ranges: readonly LeafRange[]): Buffer[] {
  return ranges.map((range) => readRange(reader, range));
}

export function readRange(reader: MerkleNodeReader, range: LeafRange): Buffer {
  return foldNodes(completeNodes(range).map((node) => checked(reader.hash(node.level, node.index))));
}

/** The same with one batched read: the whole proof costs one round trip to the store. */
export async function readRangesAsync(
  reader: AsyncMerkleNodeReader,
  ranges: readonly LeafRange[],
): Promise<Buffer[]> {
  const plan = ranges.map(completeNodes);
  const wanted = plan.flat();
  const hashes = await reader.hashes(wanted);
  if (hashes.length !== wanted.length) {
    throw new AppError(
      'INTERNAL',
      `the node store answered ${hashes.length} hashes for ${wanted.length} nodes`,
    );
  }
  let next = 0;
  return plan.map((nodes) => {
    const slice = hashes.slice(next, next + nodes.length);
    next += nodes.length;
    return foldNodes(slice.map(checked));
  });
}

/** MTH of a range from its complete subtrees: each left part is hashed with everything to its right. */
function foldNodes(hashes: readonly Buffer[]): Buffer {
  let acc = hashes[hashes.length - 1];
  if (acc === undefined) throw new AppError('INTERNAL', 'an empty leaf range has no node hash');
  for (let i = hashes.length - 2; i >= 0; i -= 1) acc = hashChildren(hashes[i] as Buffer, acc);
  return acc;
}

/** A store that returns a short or long hash is corrupt; failing loudly beats a proof that never verifies. */
function checked(hash: Buffer): Buffer {
  if (!isHash(hash)) throw new AppError('INTERNAL', `the node store returned a ${hash.length}-byte hash`);
  return hash;
}
