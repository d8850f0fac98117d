/**
 * The tamper-evident ledger's Merkle log (RFC 6962 / RFC 9162 §2.1 with SHA-256): hashing, proof
 * plans and generation over any store of complete subtree hashes, verification, incremental appends
 * and an in-memory store. Pure: no I/O; a database store implements `MerkleNodeReader` or
 * `AsyncMerkleNodeReader` and persists the rows `appendLeaves` returns (see append.ts).
 */
export { emptyRoot, hashChildren, hashLeaf, HASH_SIZE, isHash, sameHash } from './hashing.ts';
export { MAX_TREE_SIZE } from './tree-math.ts';
export type { LedgerArgumentProblem } from './ledger-arguments.ts';
export {
  completeNodes,
  nodesToRead,
  readRange,
  readRanges,
  readRangesAsync,
  type AsyncMerkleNodeReader,
  type LeafRange,
  type MerkleNodeReader,
  type NodeCoord,
} from './node-reader.ts';
export {
  consistencyRanges,
  inclusionRanges,
  isValidSubtree,
  rootRanges,
  subtreeConsistencyRanges,
  subtreeInclusionRanges,
  subtreeRanges,
} from './proof-plans.ts';
export {
  consistencyProof,
  inclusionProof,
  subtreeConsistencyProof,
  subtreeHash,
  subtreeInclusionProof,
  treeRoot,
} from './proofs.ts';
export {
  rootFromInclusionPath,
  verifyConsistency,
  verifyInclusion,
  type ConsistencyClaim,
  type InclusionClaim,
  type ProofFailure,
  type ProofVerdict,
} from './verify.ts';
export {
  verifySubtreeConsistency,
  verifySubtreeInclusion,
  type SubtreeConsistencyClaim,
  type SubtreeInclusionClaim,
} from './verify-subtree.ts';
export {
  appendLeaves,
  compactRangeAt,
  compactRangeNodes,
  EMPTY_RANGE,
  rootOfRange,
  type AppendResult,
  type CompactRange,
  type StoredNode,
} from './append.ts';
export { MemoryMerkleTree } from './memory-tree.ts';
