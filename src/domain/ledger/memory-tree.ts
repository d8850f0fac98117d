/**
 * A Merkle tree held in memory: the reference store for tests, the demo and the benchmark. Each level
 * keeps its complete subtree hashes back to back in 1 MiB pages, so growing never copies and no single
 * buffer approaches Node's Buffer size limit; 10 million leaves take about 640 MB (2n hashes of 32 bytes).
 */
import { AppError } from '../../errors.ts';
import { appendLeaves, EMPTY_RANGE, rootOfRange, type AppendResult, type CompactRange } from './append.ts';
import { HASH_SIZE } from './hashing.ts';
import type { MerkleNodeReader } from './node-reader.ts';

const HASHES_PER_PAGE = 32_768;
const PAGE_BYTES = HASHES_PER_PAGE * HASH_SIZE;

export class MemoryMerkleTree implements MerkleNodeReader {
  /** levels[level][page] holds nodes page·HASHES_PER_PAGE … of that level. */
  private readonly levels: Buffer[][] = [];
  private readonly counts: number[] = [];
  private range: CompactRange = EMPTY_RANGE;

  get size(): number {
    return this.range.size;
  }

  /** Bytes of hash storage allocated, whole pages included. */
  get allocatedBytes(): number {
    return this.levels.reduce((total, pages) => total + pages.length * PAGE_BYTES, 0);
  }

  /** Adds leaf hashes and stores every node they complete, exactly as a database store would. */
  append(leafHashes: readonly Uint8Array[]): AppendResult {
    const result = appendLeaves(this.range, leafHashes);
    for (const node of result.nodes) this.store(node.level, node.index, node.hash);
    this.range = result.range;
    return result;
  }

  root(): Buffer {
    return rootOfRange(this.range);
  }

  compactRange(): CompactRange {
    return this.range;
  }

  /** A copy, so a caller cannot change the tree through the returned buffer. */
  hash(level: number, index: number): Buffer {
    const count = this.counts[level] ?? 0;
    if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
      throw new AppError('INTERNAL', `node (${level}, ${index}) is not a complete subtree of this tree`);
    }
    const page = this.levels[level]?.[Math.floor(index / HASHES_PER_PAGE)] as Buffer;
    const offset = (index % HASHES_PER_PAGE) * HASH_SIZE;
    return Buffer.from(page.subarray(offset, offset + HASH_SIZE));
  }

  private store(level: number, index: number, hash: Buffer): void {
    const pages = this.levels[level] ?? [];
    this.levels[level] = pages;
    const count = this.counts[level] ?? 0;
    // appendLeaves completes the nodes of each level left to right, one after another.
    if (index !== count) throw new AppError('INTERNAL', `node (${level}, ${index}) out of order`);
    const pageIndex = Math.floor(index / HASHES_PER_PAGE);
    if (pageIndex === pages.length) pages.push(Buffer.alloc(PAGE_BYTES));
    hash.copy(pages[pageIndex] as Buffer, (index % HASHES_PER_PAGE) * HASH_SIZE);
    this.counts[level] = count + 1;
  }
}
