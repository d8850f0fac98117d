/**
 * The ledger's Merkle core in memory, at the scale the ledger must reach (10 million leaves):
 * - append throughput in leaves/s, 1,000 leaves per batch, hashing each entry to its leaf included;
 * - inclusion and consistency proof generation at the final size, through the MerkleNodeReader
 *   interface a database store implements, with p50/p99 latency and the reads each proof needs;
 * - memory: the tree's hash pages and the process.
 * A sample of the proofs is verified (untimed), so a fast wrong answer cannot pass for a result.
 *
 *   node --import tsx bench/ledger.ts [--leaves N] [--samples N] [--quick]
 *
 * Prints a table and one `BENCH {json}` line; `runLedgerBench` returns the same figures to a runner.
 */
import { pathToFileURL } from 'node:url';
import {
  consistencyProof,
  hashLeaf,
  inclusionProof,
  MemoryMerkleTree,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type MerkleNodeReader,
} from '../src/domain/ledger/merkle.ts';

export interface LedgerBenchOptions {
  leaves?: number;
  batchSize?: number;
  /** Proofs timed per kind. */
  samples?: number;
  /** Seed of the random leaf indexes and sizes, so runs are comparable. */
  seed?: number;
  /** Progress lines; silent unless given. */
  log?: (line: string) => void;
}

export interface ProofFigures {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanReads: number;
  maxReads: number;
  /** How many of the timed proofs were also verified, all successfully (the run throws otherwise). */
  verified: number;
}

export interface LedgerBenchResult {
  leaves: number;
  batchSize: number;
  append: { seconds: number; leavesPerSecond: number };
  inclusion: ProofFigures;
  consistency: ProofFigures;
  memory: { treeMiB: number; rssMiB: number; heapUsedMiB: number; arrayBuffersMiB: number };
}

const MIB = 1024 * 1024;
const VERIFIED_SAMPLES = 200;

export function runLedgerBench(options: LedgerBenchOptions = {}): LedgerBenchResult {
  const { leaves = 10_000_000, batchSize = 1_000, samples = 2_000, seed = 5, log = () => {} } = options;
  const tree = new MemoryMerkleTree();
  const append = timeAppends(tree, leaves, batchSize, log);
  log(`appended ${leaves} leaves in ${append.seconds.toFixed(1)} s`);
  const random = seededRandom(seed);
  const root = tree.root();
  const inclusion = timeProofs(samples, tree, (reader, i) => {
    const leafIndex = random(leaves);
    const proof = inclusionProof(reader, leafIndex, leaves);
    return () =>
      verifyInclusion({ leafIndex, treeSize: leaves, leafHash: hashLeaf(entry(leafIndex)), proof, root })
        .ok || i;
  });
  const consistency = timeProofs(samples, tree, (reader, i) => {
    const size1 = 1 + random(leaves - 1);
    const proof = consistencyProof(reader, size1, leaves);
    return () =>
      verifyConsistency({ size1, size2: leaves, proof, root1: treeRoot(tree, size1), root2: root }).ok || i;
  });
  const usage = process.memoryUsage();
  return {
    leaves,
    batchSize,
    append,
    inclusion,
    consistency,
    memory: {
      treeMiB: round(tree.allocatedBytes / MIB),
      rssMiB: round(usage.rss / MIB),
      heapUsedMiB: round(usage.heapUsed / MIB),
      arrayBuffersMiB: round(usage.arrayBuffers / MIB),
    },
  };
}

/** Entry i of the benchmark log: its index as 8 bytes, so the leaf hashes differ. */
function entry(index: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(index));
  return bytes;
}

function timeAppends(tree: MemoryMerkleTree, leaves: number, batchSize: number, log: (line: string) => void) {
  const started = performance.now();
  let nextReport = 1_000_000;
  for (let from = 0; from < leaves; from += batchSize) {
    const batch: Buffer[] = [];
    for (let index = from; index < Math.min(from + batchSize, leaves); index += 1)
      batch.push(hashLeaf(entry(index)));
    tree.append(batch);
    if (tree.size >= nextReport) {
      log(`  ${tree.size} leaves`);
      nextReport += 1_000_000;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds: round(seconds), leavesPerSecond: Math.round(leaves / seconds) };
}

/**
 * `prove` builds one proof through the counting reader and returns a check to run later, untimed;
 * the check returns true, or the sample's number when the proof did not verify.
 */
function timeProofs(
  samples: number,
  tree: MemoryMerkleTree,
  prove: (reader: MerkleNodeReader, i: number) => () => true | number,
): ProofFigures {
  const latencies: number[] = [];
  const reads: number[] = [];
  const checks: Array<() => true | number> = [];
  for (let i = 0; i < samples; i += 1) {
    const reader = countingReader(tree);
    const started = performance.now();
    const check = prove(reader, i);
    latencies.push(performance.now() - started);
    reads.push(reader.reads);
    if (i < VERIFIED_SAMPLES) checks.push(check);
  }
  for (const check of checks) {
    const outcome = check();
    if (outcome !== true) throw new Error(`proof sample ${outcome} did not verify`);
  }
  latencies.sort((a, b) => a - b);
  return {
    samples,
    p50Ms: round(percentile(latencies, 0.5), 4),
    p99Ms: round(percentile(latencies, 0.99), 4),
    maxMs: round(latencies[latencies.length - 1] ?? 0, 4),
    meanReads: round(reads.reduce((a, b) => a + b, 0) / Math.max(1, reads.length)),
    maxReads: Math.max(0, ...reads),
    verified: checks.length,
  };
}

function countingReader(reader: MerkleNodeReader): MerkleNodeReader & { reads: number } {
  const counter = {
    reads: 0,
    hash(level: number, index: number): Buffer {
      counter.reads += 1;
      return reader.hash(level, index);
    },
  };
  return counter;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** mulberry32, seeded: the same leaf indexes and sizes on every run. */
function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

function option(args: readonly string[], name: string): number | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = Number(args[at + 1]);
  if (!Number.isSafeInteger(value) || value < 2)
    throw new Error(`${name} needs a whole number of at least 2`);
  return value;
}

function printResult(result: LedgerBenchResult): void {
  const { append, inclusion, consistency, memory } = result;
  console.log(
    `\nledger (in memory), ${result.leaves.toLocaleString('en')} leaves, batches of ${result.batchSize}`,
  );
  console.log(
    `  append        ${append.leavesPerSecond.toLocaleString('en')} leaves/s (${append.seconds} s)`,
  );
  for (const [name, figures] of [
    ['inclusion', inclusion],
    ['consistency', consistency],
  ] as const) {
    console.log(
      `  ${name.padEnd(13)} p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, max ${figures.maxMs} ms; ` +
        `${figures.meanReads} reads/proof (max ${figures.maxReads}); ${figures.verified} verified`,
    );
  }
  console.log(
    `  memory        tree ${memory.treeMiB} MiB, rss ${memory.rssMiB} MiB, heap ${memory.heapUsedMiB} MiB`,
  );
  console.log(`BENCH ${JSON.stringify({ scenario: 'ledger-merkle-memory', ...result })}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const leaves = option(args, '--leaves') ?? (quick ? 1_000_000 : 10_000_000);
  const samples = option(args, '--samples') ?? (quick ? 500 : 2_000);
  printResult(runLedgerBench({ leaves, samples, log: (line) => console.error(line) }));
}
