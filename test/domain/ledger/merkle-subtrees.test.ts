import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  consistencyProof,
  isValidSubtree,
  subtreeConsistencyProof,
  subtreeHash,
  subtreeInclusionProof,
  treeRoot,
  verifySubtreeConsistency,
  verifySubtreeInclusion,
} from '../../../src/domain/ledger/merkle.ts';
import { aTree, entries } from './builders.ts';
import {
  referenceLeafHash,
  referencePath,
  referenceSubtreeConsistencyProof,
  referenceTreeHash,
} from './independent-verifier.ts';

const SIZE = 40;
const log = entries(SIZE);
const tree = aTree(SIZE);

function flipBit(proof: readonly Buffer[], element: number): Buffer[] {
  return proof.map((hash, i) =>
    i === element ? Buffer.from(hash.map((byte, at) => (at === 0 ? byte ^ 1 : byte))) : hash,
  );
}

/** Every [start, end) with end ≤ size that the draft calls a subtree. */
function subtreesOf(size: number): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (let start = 0; start < size; start += 1) {
    for (let end = start + 1; end <= size; end += 1) if (isValidSubtree(start, end)) found.push([start, end]);
  }
  return found;
}

describe('subtrees', () => {
  it('are the aligned ranges of draft §4.1 and nothing else', () => {
    assert.equal(isValidSubtree(3, 5), false);
    assert.equal(isValidSubtree(2, 5), false);
    assert.equal(isValidSubtree(4, 4), false);
    assert.equal(isValidSubtree(5, 4), false);
    assert.equal(isValidSubtree(8, 13), true);
    assert.equal(isValidSubtree(0, 13), true);
    assert.equal(isValidSubtree(12, 13), true);
  });

  it('hash to the RFC 6962 MTH of their entries', () => {
    for (const [start, end] of subtreesOf(SIZE)) {
      assert.deepEqual(
        subtreeHash(tree, start, end),
        referenceTreeHash(log.slice(start, end)),
        `[${start}, ${end})`,
      );
    }
  });
});

describe('subtree inclusion proofs', () => {
  it('do not verify for a leaf outside the subtree', () => {
    const proof = subtreeInclusionProof(tree, 9, 8, 12);
    const claim = {
      start: 8,
      end: 12,
      leafHash: referenceLeafHash(log[9] as Buffer),
      proof,
      subtreeHash: subtreeHash(tree, 8, 12),
    };
    assert.deepEqual(verifySubtreeInclusion({ ...claim, leafIndex: 12 }), {
      ok: false,
      reason: 'index_out_of_range',
    });
    assert.deepEqual(verifySubtreeInclusion({ ...claim, leafIndex: 10 }), {
      ok: false,
      reason: 'root_mismatch',
    });
  });

  it('are PATH inside the subtree, and verify, for every leaf of every subtree of a 40-leaf tree', () => {
    for (const [start, end] of subtreesOf(SIZE)) {
      const hash = subtreeHash(tree, start, end);
      for (let leafIndex = start; leafIndex < end; leafIndex += 1) {
        const proof = subtreeInclusionProof(tree, leafIndex, start, end);
        assert.deepEqual(proof, referencePath(leafIndex - start, log.slice(start, end)));
        const leafHash = referenceLeafHash(log[leafIndex] as Buffer);
        const verdict = verifySubtreeInclusion({ leafIndex, start, end, leafHash, proof, subtreeHash: hash });
        assert.deepEqual(verdict, { ok: true }, `${leafIndex} in [${start}, ${end})`);
      }
    }
  });
});

describe('subtree consistency proofs', () => {
  it('are rejected when corrupted, truncated, extended, or checked against another hash or tree size', () => {
    for (const [start, end] of subtreesOf(SIZE)) {
      for (const size of new Set([end, SIZE - 1, SIZE].filter((n) => n >= end))) {
        const proof = subtreeConsistencyProof(tree, start, end, size);
        const root = treeRoot(tree, size);
        const claim = { start, end, treeSize: size, proof, subtreeHash: subtreeHash(tree, start, end), root };
        const wrongs = {
          truncated: { ...claim, proof: proof.slice(0, -1) },
          extended: { ...claim, proof: [...proof, root] },
          'a tree twice as large': { ...claim, treeSize: 2 * size },
          'another subtree hash': { ...claim, subtreeHash: referenceLeafHash(Buffer.from('not logged')) },
          ...Object.fromEntries(
            proof.map((_, i) => [`bit flipped in element ${i}`, { ...claim, proof: flipBit(proof, i) }]),
          ),
        };
        for (const [what, wrong] of Object.entries(wrongs)) {
          if (what === 'truncated' && proof.length === 0) continue;
          assert.equal(verifySubtreeConsistency(wrong).ok, false, `${what}: [${start}, ${end}) in ${size}`);
        }
      }
    }
  });

  it('are SUBTREE_PROOF of draft §4.4.1 and verify, for every subtree and tree size up to 40', () => {
    for (let size = 1; size <= SIZE; size += 1) {
      const root = treeRoot(tree, size);
      for (const [start, end] of subtreesOf(size)) {
        const proof = subtreeConsistencyProof(tree, start, end, size);
        assert.deepEqual(
          proof,
          referenceSubtreeConsistencyProof(start, end, log.slice(0, size)),
          `[${start}, ${end}) in ${size}`,
        );
        const verdict = verifySubtreeConsistency({
          start,
          end,
          treeSize: size,
          proof,
          subtreeHash: subtreeHash(tree, start, end),
          root,
        });
        assert.deepEqual(verdict, { ok: true }, `[${start}, ${end}) in ${size}`);
      }
    }
  });

  it('from the start of the log are RFC 9162 consistency proofs', () => {
    for (let size = 1; size <= SIZE; size += 1) {
      for (let end = 1; end <= size; end += 1) {
        assert.deepEqual(subtreeConsistencyProof(tree, 0, end, size), consistencyProof(tree, end, size));
      }
    }
  });
});
