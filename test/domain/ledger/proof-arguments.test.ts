import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  consistencyProof,
  inclusionProof,
  subtreeConsistencyProof,
  subtreeInclusionProof,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  verifySubtreeConsistency,
} from '../../../src/domain/ledger/merkle.ts';
import { isAppError } from '../../../src/errors.ts';
import { aTree } from './builders.ts';

const tree = aTree(10);
const hash = Buffer.alloc(32, 1);

/** Throws AppError VALIDATION_FAILED whose one problem names this field and code. */
function throwsProblem(run: () => unknown, field: string, code: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(isAppError(error));
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      error.problems.map((p) => [p.field, p.code]),
      [[field, code]],
    );
    return true;
  });
}

describe('proof generation refuses impossible requests with a coded error', () => {
  it('refuses a leaf index at or past the tree size', () => {
    throwsProblem(() => inclusionProof(tree, 10, 10), 'leafIndex', 'index_out_of_range');
  });

  it('refuses proofs in or from the empty tree', () => {
    throwsProblem(() => inclusionProof(tree, 0, 0), 'treeSize', 'empty_tree');
    throwsProblem(() => consistencyProof(tree, 0, 5), 'size1', 'empty_tree');
  });

  it('refuses a consistency proof from a larger tree to a smaller one', () => {
    throwsProblem(() => consistencyProof(tree, 6, 5), 'size1', 'sizes_out_of_order');
  });

  it('refuses sizes that are not whole numbers within 2^53 - 1', () => {
    throwsProblem(() => inclusionProof(tree, 1.5, 5), 'leafIndex', 'size_out_of_range');
    throwsProblem(() => treeRoot(tree, -1), 'treeSize', 'size_out_of_range');
    throwsProblem(() => consistencyProof(tree, 1, 2 ** 53), 'size2', 'size_out_of_range');
  });

  it('refuses misaligned, empty and out-of-tree subtrees, and leaves outside them', () => {
    throwsProblem(() => subtreeInclusionProof(tree, 3, 3, 5), 'start', 'invalid_subtree');
    throwsProblem(() => subtreeConsistencyProof(tree, 4, 4, 8), 'start', 'invalid_subtree');
    throwsProblem(() => subtreeConsistencyProof(tree, 8, 10, 9), 'end', 'sizes_out_of_order');
    throwsProblem(() => subtreeInclusionProof(tree, 7, 8, 10), 'leafIndex', 'index_out_of_range');
  });

  it('answers the empty tree head with SHA-256 of nothing', () => {
    assert.equal(
      treeRoot(tree, 0).toString('hex'),
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

describe('proof verification turns impossible claims into values, never exceptions', () => {
  it('reports sizes that are not whole numbers within 2^53 - 1', () => {
    for (const treeSize of [Number.NaN, Infinity, -1, 2.5, 2 ** 64]) {
      assert.deepEqual(verifyInclusion({ leafIndex: 0, treeSize, leafHash: hash, proof: [], root: hash }), {
        ok: false,
        reason: 'size_out_of_range',
      });
    }
  });

  it('reports a leaf index past the tree and a consistency claim running backwards', () => {
    assert.deepEqual(verifyInclusion({ leafIndex: 4, treeSize: 4, leafHash: hash, proof: [], root: hash }), {
      ok: false,
      reason: 'index_out_of_range',
    });
    assert.deepEqual(verifyConsistency({ size1: 5, size2: 4, proof: [], root1: hash, root2: hash }), {
      ok: false,
      reason: 'sizes_out_of_order',
    });
  });

  it('reports proof elements that are not SHA-256 hashes', () => {
    const verdict = verifyInclusion({
      leafIndex: 0,
      treeSize: 2,
      leafHash: hash,
      proof: [Buffer.alloc(31)],
      root: hash,
    });
    assert.deepEqual(verdict, { ok: false, reason: 'malformed_hash' });
  });

  it('reports a proof of the wrong length as such', () => {
    const proof = inclusionProof(tree, 3, 10);
    const claim = { leafIndex: 3, treeSize: 10, leafHash: tree.hash(0, 3), root: treeRoot(tree, 10) };
    assert.deepEqual(verifyInclusion({ ...claim, proof: proof.slice(1) }), {
      ok: false,
      reason: 'wrong_proof_length',
    });
    assert.deepEqual(verifyInclusion({ ...claim, proof: [...proof, hash] }), {
      ok: false,
      reason: 'wrong_proof_length',
    });
    assert.deepEqual(verifyInclusion({ ...claim, proof }), { ok: true });
  });

  it('reports a misaligned subtree', () => {
    const verdict = verifySubtreeConsistency({
      start: 2,
      end: 5,
      treeSize: 8,
      proof: [],
      subtreeHash: hash,
      root: hash,
    });
    assert.deepEqual(verdict, { ok: false, reason: 'invalid_subtree' });
  });
});
