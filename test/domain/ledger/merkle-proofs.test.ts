import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  consistencyProof,
  consistencyRanges,
  inclusionProof,
  inclusionRanges,
  readRangesAsync,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type AsyncMerkleNodeReader,
} from '../../../src/domain/ledger/merkle.ts';
import { aTree, aUniformTree, countingReader, entries, seededRandom } from './builders.ts';
import {
  independentlyVerifyConsistency,
  independentlyVerifyInclusion,
  referenceConsistencyProof,
  referenceLeafHash,
  referencePath,
  referenceTreeHash,
} from './independent-verifier.ts';

const SMALL = 64;
const log = entries(SMALL);
const small = aTree(SMALL);

function flipBit(proof: readonly Buffer[], element: number): Buffer[] {
  return proof.map((hash, i) => {
    const copy = Buffer.from(hash);
    if (i === element) copy[0] = (copy[0] as number) ^ 0x01;
    return copy;
  });
}

describe('tree heads', () => {
  it('are the RFC 6962 MTH of the first n entries, for every n up to 64, the empty tree included', () => {
    for (let n = 0; n <= SMALL; n += 1) {
      assert.deepEqual(treeRoot(small, n), referenceTreeHash(log.slice(0, n)), `size ${n}`);
    }
  });
});

describe('inclusion proofs', () => {
  it('are rejected by both verifiers once any bit of any element is flipped', () => {
    const n = 45;
    const root = treeRoot(small, n);
    for (let m = 0; m < n; m += 1) {
      const proof = inclusionProof(small, m, n);
      const leafHash = referenceLeafHash(log[m] as Buffer);
      for (let element = 0; element < proof.length; element += 1) {
        const bad = flipBit(proof, element);
        assert.equal(verifyInclusion({ leafIndex: m, treeSize: n, leafHash, proof: bad, root }).ok, false);
        assert.equal(independentlyVerifyInclusion(m, n, leafHash, bad, root), false);
      }
    }
  });

  it('are exactly RFC 6962 PATH(m, D[n]) for every leaf of every tree up to 64 leaves', () => {
    for (let n = 1; n <= SMALL; n += 1) {
      const root = referenceTreeHash(log.slice(0, n));
      for (let m = 0; m < n; m += 1) {
        const proof = inclusionProof(small, m, n);
        const leafHash = referenceLeafHash(log[m] as Buffer);
        assert.deepEqual(proof, referencePath(m, log.slice(0, n)), `PATH(${m}, D[${n}])`);
        assert.ok(independentlyVerifyInclusion(m, n, leafHash, proof, root));
        assert.deepEqual(verifyInclusion({ leafIndex: m, treeSize: n, leafHash, proof, root }), { ok: true });
      }
    }
  });
});

describe('consistency proofs', () => {
  it('are rejected by both verifiers once any bit of any element is flipped', () => {
    const n = 45;
    const root2 = treeRoot(small, n);
    for (let m = 1; m < n; m += 1) {
      const proof = consistencyProof(small, m, n);
      const root1 = treeRoot(small, m);
      for (let element = 0; element < proof.length; element += 1) {
        const bad = flipBit(proof, element);
        assert.equal(verifyConsistency({ size1: m, size2: n, proof: bad, root1, root2 }).ok, false);
        assert.equal(independentlyVerifyConsistency(m, n, bad, root1, root2), false);
      }
    }
  });

  it('are exactly RFC 6962 PROOF(m, D[n]) for every pair of sizes up to 64', () => {
    for (let n = 1; n <= SMALL; n += 1) {
      const root2 = referenceTreeHash(log.slice(0, n));
      for (let m = 1; m <= n; m += 1) {
        const proof = consistencyProof(small, m, n);
        const root1 = referenceTreeHash(log.slice(0, m));
        assert.deepEqual(proof, referenceConsistencyProof(m, log.slice(0, n)), `PROOF(${m}, D[${n}])`);
        assert.ok(independentlyVerifyConsistency(m, n, proof, root1, root2));
        assert.deepEqual(verifyConsistency({ size1: m, size2: n, proof, root1, root2 }), { ok: true });
      }
    }
  });
});

describe('proofs over many random tree sizes', () => {
  const LARGE = 50_000;
  const large = aTree(LARGE);
  const largeLog = entries(LARGE);
  const random = seededRandom(6962);

  it('have roots equal to the RFC 6962 MTH at random sizes', () => {
    for (let round = 0; round < 6; round += 1) {
      const n = 1 + random(LARGE);
      assert.deepEqual(treeRoot(large, n), referenceTreeHash(largeLog.slice(0, n)), `size ${n}`);
    }
  });

  it('pass the independent verifier at 300 random sizes, in O(log n) reads each', () => {
    for (let round = 0; round < 300; round += 1) {
      const n = 1 + random(LARGE);
      const m = random(n);
      const size1 = 1 + random(n);
      const reader = countingReader(large);
      const path = inclusionProof(reader, m, n);
      const proof = consistencyProof(reader, size1, n);
      const root = treeRoot(large, n);
      assert.ok(
        independentlyVerifyInclusion(m, n, referenceLeafHash(largeLog[m] as Buffer), path, root),
        `PATH(${m}, ${n})`,
      );
      assert.ok(
        independentlyVerifyConsistency(size1, n, proof, treeRoot(large, size1), root),
        `PROOF(${size1}, ${n})`,
      );
      assert.ok(reader.reads <= 4 * Math.ceil(Math.log2(n + 1)), `${reader.reads} reads for n = ${n}`);
    }
  });

  it('pass the independent verifier for trees of up to 2^53 - 1 leaves', () => {
    const uniform = aUniformTree();
    for (const n of [2 ** 32 + 1, 2 ** 40 - 3, 2 ** 52 + 12_345, Number.MAX_SAFE_INTEGER]) {
      const root = treeRoot(uniform, n);
      for (const m of [0, n - 1, Math.floor(n / 3), 2 ** 31 + 7]) {
        const path = inclusionProof(uniform, m, n);
        assert.ok(independentlyVerifyInclusion(m, n, uniform.leafHash, path, root), `PATH(${m}, ${n})`);
        assert.deepEqual(
          verifyInclusion({ leafIndex: m, treeSize: n, leafHash: uniform.leafHash, proof: path, root }),
          { ok: true },
        );
        const size1 = m + 1;
        const proof = consistencyProof(uniform, size1, n);
        const root1 = treeRoot(uniform, size1);
        assert.ok(independentlyVerifyConsistency(size1, n, proof, root1, root), `PROOF(${size1}, ${n})`);
        assert.deepEqual(verifyConsistency({ size1, size2: n, proof, root1, root2: root }), { ok: true });
      }
    }
  });
});

describe('proofs from an asynchronous store', () => {
  it('need one round trip and equal the synchronous proofs', async () => {
    let roundTrips = 0;
    const store: AsyncMerkleNodeReader = {
      hashes: async (nodes) => {
        roundTrips += 1;
        return nodes.map((node) => small.hash(node.level, node.index));
      },
    };
    assert.deepEqual(await readRangesAsync(store, inclusionRanges(37, 61)), inclusionProof(small, 37, 61));
    assert.deepEqual(
      await readRangesAsync(store, consistencyRanges(13, 61)),
      consistencyProof(small, 13, 61),
    );
    assert.equal(roundTrips, 2);
  });

  it('fail loudly when the store answers the wrong number of hashes', async () => {
    const store: AsyncMerkleNodeReader = { hashes: async () => [] };
    await assert.rejects(readRangesAsync(store, inclusionRanges(3, 10)), { code: 'INTERNAL' });
  });
});
