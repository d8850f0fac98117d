import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  verifyConsistency,
  verifyInclusion,
  verifySubtreeConsistency,
  verifySubtreeInclusion,
  type ProofVerdict,
} from '../../../src/domain/ledger/merkle.ts';
import { independentlyVerifyConsistency, independentlyVerifyInclusion } from './independent-verifier.ts';
import { hashOf, loadVectors, numberOf, type Vector, type VectorKind } from './vectors.ts';

/** How many vectors each folder holds: a missing or unreadable file fails the count, not silently. */
const EXPECTED_COUNTS: Record<VectorKind, number> = {
  inclusion: 98,
  consistency: 98,
  subtreeinclusion: 204,
  subtreeconsistency: 118,
};

const CHECKS: Record<VectorKind, (vector: Vector) => ProofVerdict> = {
  inclusion: (v) =>
    verifyInclusion({
      leafIndex: numberOf(v, 'leafIdx'),
      treeSize: numberOf(v, 'treeSize'),
      leafHash: hashOf(v, 'leafHash'),
      proof: v.proof,
      root: hashOf(v, 'root'),
    }),
  consistency: (v) =>
    verifyConsistency({
      size1: numberOf(v, 'size1'),
      size2: numberOf(v, 'size2'),
      proof: v.proof,
      root1: hashOf(v, 'root1'),
      root2: hashOf(v, 'root2'),
    }),
  subtreeinclusion: (v) =>
    verifySubtreeInclusion({
      leafIndex: numberOf(v, 'leafIdx'),
      start: numberOf(v, 'start'),
      end: numberOf(v, 'end'),
      leafHash: hashOf(v, 'leafHash'),
      proof: v.proof,
      subtreeHash: hashOf(v, 'root'),
    }),
  subtreeconsistency: (v) =>
    verifySubtreeConsistency({
      start: numberOf(v, 'start'),
      end: numberOf(v, 'end'),
      treeSize: numberOf(v, 'size'),
      proof: v.proof,
      subtreeHash: hashOf(v, 'root1'),
      root: hashOf(v, 'root2'),
    }),
};

/** The bad vectors first, as the house style reads: what must be refused before what must pass. */
function badFirst(vectors: Vector[]): Vector[] {
  return [...vectors.filter((v) => v.wantErr), ...vectors.filter((v) => !v.wantErr)];
}

for (const kind of Object.keys(EXPECTED_COUNTS) as VectorKind[]) {
  describe(`transparency-dev ${kind} vectors`, () => {
    const vectors = loadVectors(kind);

    it(`reads all ${EXPECTED_COUNTS[kind]} of them`, () => {
      assert.equal(vectors.length, EXPECTED_COUNTS[kind]);
    });

    for (const vector of badFirst(vectors)) {
      const verb = vector.wantErr ? 'rejects' : 'accepts';
      it(`${verb} ${vector.file} (${vector.desc})`, () => {
        const verdict = CHECKS[kind](vector);
        assert.equal(verdict.ok, !vector.wantErr, JSON.stringify(verdict));
        // A size past 2^53 cannot reach the proof arithmetic; it is refused as out of range.
        if (!vector.exact) assert.deepEqual(verdict, { ok: false, reason: 'size_out_of_range' });
      });
    }
  });
}

describe('the independent verifier on the same vectors', () => {
  it('agrees with every inclusion vector', () => {
    for (const v of loadVectors('inclusion')) {
      const accepted = independentlyVerifyInclusion(
        numberOf(v, 'leafIdx'),
        numberOf(v, 'treeSize'),
        hashOf(v, 'leafHash'),
        v.proof,
        hashOf(v, 'root'),
      );
      assert.equal(accepted, !v.wantErr, v.file);
    }
  });

  it('agrees with every consistency vector', () => {
    for (const v of loadVectors('consistency')) {
      const accepted = independentlyVerifyConsistency(
        numberOf(v, 'size1'),
        numberOf(v, 'size2'),
        v.proof,
        hashOf(v, 'root1'),
        hashOf(v, 'root2'),
      );
      assert.equal(accepted, !v.wantErr, v.file);
    }
  });
});
