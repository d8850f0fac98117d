/**
 * Proof generation over a store of complete subtree hashes: a plan from proof-plans.ts, then
 * O(log n) reads. The async store is asked once per proof (`readRangesAsync`), so a proof from a
 * database costs one round trip:
 *
 *   const proof = await readRangesAsync(store, inclusionRanges(leafIndex, treeSize));
 */
import { emptyRoot } from './hashing.ts';
import { readRange, readRanges, type MerkleNodeReader } from './node-reader.ts';
import {
  consistencyRanges,
  inclusionRanges,
  rootRanges,
  subtreeConsistencyRanges,
  subtreeInclusionRanges,
  requireSubtree,
} from './proof-plans.ts';

/** MTH(D[n]) of the first `treeSize` leaves (an earlier tree head when treeSize < the stored size). */
export function treeRoot(reader: MerkleNodeReader, treeSize: number): Buffer {
  return readRanges(reader, rootRanges(treeSize))[0] ?? emptyRoot();
}

export function inclusionProof(reader: MerkleNodeReader, leafIndex: number, treeSize: number): Buffer[] {
  return readRanges(reader, inclusionRanges(leafIndex, treeSize));
}

export function consistencyProof(reader: MerkleNodeReader, size1: number, size2: number): Buffer[] {
  return readRanges(reader, consistencyRanges(size1, size2));
}

/** MTH(D[start:end]) of an aligned, non-empty subtree (draft §4.1). */
export function subtreeHash(reader: MerkleNodeReader, start: number, end: number): Buffer {
  requireSubtree(start, end);
  return readRange(reader, { start, end });
}

export function subtreeInclusionProof(
  reader: MerkleNodeReader,
  leafIndex: number,
  start: number,
  end: number,
): Buffer[] {
  return readRanges(reader, subtreeInclusionRanges(leafIndex, start, end));
}

export function subtreeConsistencyProof(
  reader: MerkleNodeReader,
  start: number,
  end: number,
  treeSize: number,
): Buffer[] {
  return readRanges(reader, subtreeConsistencyRanges(start, end, treeSize));
}
