import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appendLeaves,
  compactRangeAt,
  EMPTY_RANGE,
  hashLeaf,
  MemoryMerkleTree,
  treeRoot,
  type StoredNode,
} from '../../../src/domain/ledger/merkle.ts';
import { isAppError } from '../../../src/errors.ts';
import { aTree, entries } from './builders.ts';
import { referenceTreeHash } from './independent-verifier.ts';

const leafHashes = (from: number, to: number): Buffer[] => entries(to).slice(from).map(hashLeaf);

describe('appending leaves', () => {
  it('refuses a compact range whose hashes do not match its size', () => {
    const range = { size: 3, hashes: [hashLeaf(Buffer.from('a'))] };
    assert.throws(
      () => appendLeaves(range, []),
      (error: unknown) => isAppError(error) && error.problems[0]?.code === 'malformed_hash',
    );
  });

  it('refuses leaf hashes that are not 32 bytes', () => {
    assert.throws(
      () => appendLeaves(EMPTY_RANGE, [Buffer.from('the entry itself, not its hash')]),
      (error: unknown) => isAppError(error) && error.problems[0]?.code === 'malformed_hash',
    );
  });

  it('gives the same root and rows whether leaves come one at a time or in batches', () => {
    let range = EMPTY_RANGE;
    const oneByOne: StoredNode[] = [];
    for (const leaf of leafHashes(0, 100)) {
      const result = appendLeaves(range, [leaf]);
      oneByOne.push(...result.nodes);
      range = result.range;
    }
    const first = appendLeaves(EMPTY_RANGE, leafHashes(0, 37));
    const second = appendLeaves(first.range, leafHashes(37, 100));
    assert.deepEqual([...first.nodes, ...second.nodes], oneByOne);
    assert.deepEqual(second.root, referenceTreeHash(entries(100)));
    assert.deepEqual(second.range, range);
  });

  it('returns exactly the complete subtrees, the 2n - popcount(n) rows a store persists', () => {
    const log = entries(77);
    const { nodes } = appendLeaves(EMPTY_RANGE, log.map(hashLeaf));
    // 77 = 0b1001101: four set bits, so four subtrees stay incomplete on the right edge.
    assert.equal(nodes.length, 2 * 77 - 4);
    for (const { level, index, hash } of nodes) {
      const width = 2 ** level;
      assert.deepEqual(
        hash,
        referenceTreeHash(log.slice(index * width, (index + 1) * width)),
        `(${level}, ${index})`,
      );
    }
  });

  it('continues from a compact range read back from the store', () => {
    const tree = aTree(45);
    const resumed = appendLeaves(compactRangeAt(tree, 45), leafHashes(45, 70));
    assert.deepEqual(resumed.root, referenceTreeHash(entries(70)));
    assert.deepEqual(compactRangeAt(tree, 45), tree.compactRange());
  });
});

describe('the in-memory tree', () => {
  it('refuses to read a node that is not a complete subtree yet', () => {
    const tree = aTree(5);
    assert.throws(() => tree.hash(1, 2), { code: 'INTERNAL' });
    assert.throws(() => tree.hash(3, 0), { code: 'INTERNAL' });
  });

  it('hands out copies, so a caller cannot rewrite history', () => {
    const tree = aTree(4);
    tree.hash(0, 1).fill(0);
    assert.deepEqual(treeRoot(tree, 4), referenceTreeHash(entries(4)));
  });

  it('keeps its root right across its 32,768-hash storage pages', () => {
    const tree = new MemoryMerkleTree();
    for (let from = 0; from < 70_000; from += 10_000) tree.append(leafHashes(from, from + 10_000));
    assert.equal(tree.size, 70_000);
    assert.deepEqual(tree.root(), referenceTreeHash(entries(70_000)));
    assert.deepEqual(treeRoot(tree, 65_537), referenceTreeHash(entries(65_537)));
  });
});
