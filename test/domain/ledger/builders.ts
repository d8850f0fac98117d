/** Builders for the ledger tests: deterministic entries, trees and a seeded random source. */
import {
  hashChildren,
  hashLeaf,
  MemoryMerkleTree,
  type MerkleNodeReader,
} from '../../../src/domain/ledger/merkle.ts';

/** Entry i of every test log: short and distinct, with some empty entries like the RFC's d0. */
export function anEntry(index: number): Buffer {
  return index % 7 === 0 ? Buffer.alloc(0) : Buffer.from(`entry-${index}`);
}

export function entries(count: number): Buffer[] {
  return Array.from({ length: count }, (_, index) => anEntry(index));
}

export function aTree(size: number): MemoryMerkleTree {
  const tree = new MemoryMerkleTree();
  tree.append(entries(size).map(hashLeaf));
  return tree;
}

/** mulberry32: a small seeded generator, so a failing random case can be replayed. */
export function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(unit * below);
  };
}

/** A reader that counts its reads, as the benchmark does. */
export function countingReader(reader: MerkleNodeReader): MerkleNodeReader & { reads: number } {
  const counter = {
    reads: 0,
    hash(level: number, index: number): Buffer {
      counter.reads += 1;
      return reader.hash(level, index);
    },
  };
  return counter;
}

/**
 * A tree of any size up to 2^53 − 1 whose leaves are all the same entry: every complete subtree of a
 * level then has the same hash, so proofs over astronomically large trees can be built and checked.
 */
export function aUniformTree(): MerkleNodeReader & { leafHash: Buffer } {
  const levels: Buffer[] = [hashLeaf(Buffer.from('same entry'))];
  const nodeAt = (level: number): Buffer => {
    for (
      let top = levels[levels.length - 1] as Buffer;
      levels.length <= level;
      top = levels[levels.length - 1] as Buffer
    ) {
      levels.push(hashChildren(top, top));
    }
    return levels[level] as Buffer;
  };
  return { leafHash: nodeAt(0), hash: (level) => nodeAt(level) };
}
