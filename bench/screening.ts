/**
 * `node --import tsx bench/screening.ts`: the name-matching engine on the real lists in
 * ../shared/data/lists. Index build time and heap; single-query latency (wall clock and CPU time, on
 * a machine others share); recall of SDN and UN names distorted the way customers and other sources
 * write them; the alert rate on ordinary names that are not listed; precision, recall and F1 on the
 * labelled name pairs; batch throughput. Seeded: every run screens the same names.
 *
 * Options: `--quick` (fewer queries); env SCREENING_BENCH_SEED. `runScreeningBench` returns the figures.
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { buildScreeningIndex, type ScreeningIndex } from '../src/domain/screening/candidate-index.ts';
import {
  DEFAULT_BLOCK_THRESHOLD,
  DEFAULT_REVIEW_THRESHOLD,
  screenName,
} from '../src/domain/screening/matcher.ts';
import { evaluateNameBench, type NameBenchFigures } from './screening-bench-pairs.ts';
import { loadLists, loadParser } from './screening-lists.ts';
import { measureNoiseRecall, type NoiseFigures } from './screening-recall.ts';
import { ordinaryName, seededRandom } from './screening-names.ts';

const DATA = path.resolve(import.meta.dirname, '../../shared/data');

export interface ScreeningBenchOptions {
  readonly listsDir?: string;
  readonly nameBenchFile?: string;
  readonly seed?: number;
  readonly latencyQueries?: number;
  readonly noiseSamples?: number;
  readonly ordinaryNames?: number;
  readonly log?: (line: string) => void;
}

export interface ScreeningBenchResult {
  readonly skipped?: string;
  readonly lists: readonly { folder: string; entries: number; names: number; issues: number }[];
  readonly index?: {
    entries: number;
    names: number;
    words: number;
    buildMs: number;
    heapMiB: number;
    buildMsPer10kEntries: number;
    heapMiBPer10kEntries: number;
  };
  readonly latency?: { queries: number; p50Ms: number; p99Ms: number; meanMs: number; cpuMsPerQuery: number };
  readonly noise?: NoiseFigures;
  readonly falsePositives?: { names: number; alertRate: number; blockRate: number; examples: string[] };
  readonly nameBench: NameBenchFigures;
  readonly batch?: { names: number; seconds: number; namesPerSecond: number };
  readonly thresholds: { review: number; block: number };
  readonly loadAverage1m: number;
}

/** A full collection before and after the build, so the heap figure is the index and not garbage. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

const round = (value: number, places = 3): number => Math.round(value * 10 ** places) / 10 ** places;
const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export async function runScreeningBench(options: ScreeningBenchOptions = {}): Promise<ScreeningBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const seed = options.seed ?? 20260301;
  const nameBench = evaluateNameBench(
    options.nameBenchFile ?? path.join(DATA, 'matching/name_bench_cases.csv'),
  );
  const thresholds = { review: DEFAULT_REVIEW_THRESHOLD, block: DEFAULT_BLOCK_THRESHOLD };
  const parse = await loadParser();
  if (parse === undefined) {
    const skipped = 'list importers (src/domain/screening/lists) not available: list figures skipped';
    log(skipped);
    return { skipped, lists: [], nameBench, thresholds, loadAverage1m: os.loadavg()[0] ?? 0 };
  }
  const lists = loadLists(options.listsDir ?? path.join(DATA, 'lists'), parse);
  const entries = lists.flatMap((list) => list.entries);

  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const index = buildScreeningIndex(entries);
  const buildMs = performance.now() - started;
  collectGarbage();
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const per10k = 10_000 / Math.max(1, entries.length);

  const random = seededRandom(seed);
  const noise = measureNoiseRecall(index, random, options.noiseSamples ?? 1400);
  const ordinary = Array.from({ length: options.ordinaryNames ?? 3000 }, () => ordinaryName(random));
  const falsePositives = measureAlerts(index, ordinary);
  const queries = [...noise.queries, ...ordinary].slice(0, options.latencyQueries ?? 3000);
  const latency = measureLatency(index, queries);
  const batch = measureBatch(index, [...ordinary, ...noise.queries]);

  return {
    lists: lists.map(({ folder, entries: listed, names, issues }) => ({
      folder,
      entries: listed.length,
      names,
      issues,
    })),
    index: {
      entries: entries.length,
      names: index.names.length,
      words: index.words.size,
      buildMs: round(buildMs, 0),
      heapMiB: round(heapMiB, 1),
      buildMsPer10kEntries: round(buildMs * per10k, 0),
      heapMiBPer10kEntries: round(heapMiB * per10k, 1),
    },
    latency,
    noise: noise.figures,
    falsePositives,
    nameBench,
    batch,
    thresholds,
    loadAverage1m: round(os.loadavg()[0] ?? 0, 2),
  };
}

function measureLatency(
  index: ScreeningIndex,
  queries: readonly string[],
): NonNullable<ScreeningBenchResult['latency']> {
  for (const name of queries.slice(0, 300)) screenName(index, { name });
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (const name of queries) {
    const started = performance.now();
    screenName(index, { name });
    times.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuBefore);
  times.sort((a, b) => a - b);
  return {
    queries: queries.length,
    p50Ms: round(percentile(times, 0.5)),
    p99Ms: round(percentile(times, 0.99)),
    meanMs: round(times.reduce((sum, t) => sum + t, 0) / Math.max(1, times.length)),
    cpuMsPerQuery: round((cpu.user + cpu.system) / 1000 / Math.max(1, queries.length)),
  };
}

/** Ordinary people's names screened as persons, as a CIP check screens its customers. */
function measureAlerts(
  index: ScreeningIndex,
  names: readonly string[],
): NonNullable<ScreeningBenchResult['falsePositives']> {
  let alerts = 0;
  let blocks = 0;
  const examples: string[] = [];
  for (const name of names) {
    const result = screenName(index, { name, type: 'person' });
    if (!result.ok || result.matches.length === 0) continue;
    alerts += 1;
    const top = result.matches[0];
    if (top?.band === 'block') blocks += 1;
    if (examples.length < 12 && top !== undefined) examples.push(top.explanation.summary);
  }
  return {
    names: names.length,
    alertRate: round(alerts / Math.max(1, names.length), 4),
    blockRate: round(blocks / Math.max(1, names.length), 4),
    examples,
  };
}

function measureBatch(
  index: ScreeningIndex,
  names: readonly string[],
): NonNullable<ScreeningBenchResult['batch']> {
  const started = performance.now();
  for (const name of names) screenName(index, { name });
  const seconds = (performance.now() - started) / 1000;
  return {
    names: names.length,
    seconds: round(seconds, 2),
    namesPerSecond: round(names.length / seconds, 0),
  };
}

function printReport(result: ScreeningBenchResult, log: (line: string) => void): void {
  log('Screening: name matching against the lists in ../shared/data/lists');
  if (result.skipped !== undefined) log(result.skipped);
  for (const list of result.lists) {
    log(
      `  ${list.folder.padEnd(18)} ${String(list.entries).padStart(6)} entries ${String(list.names).padStart(6)} names`,
    );
  }
  const { index, latency, noise, falsePositives, nameBench, batch } = result;
  if (index !== undefined) {
    log(`index: ${index.entries} entries, ${index.names} names, ${index.words} distinct words`);
    log(
      `  built in ${index.buildMs} ms, heap ${index.heapMiB} MiB (${index.buildMsPer10kEntries} ms and ${index.heapMiBPer10kEntries} MiB per 10k entries)`,
    );
  }
  if (latency !== undefined) {
    log(
      `single query (${latency.queries}): p50 ${latency.p50Ms} ms, p99 ${latency.p99Ms} ms, mean ${latency.meanMs} ms, CPU ${latency.cpuMsPerQuery} ms/query`,
    );
  }
  if (noise !== undefined) {
    log(
      `noisy list names (${noise.samples}): recall ${noise.recall} at review threshold, top-1 ${noise.recallTop1}`,
    );
    for (const [kind, figures] of Object.entries(noise.byKind)) {
      log(`  ${kind.padEnd(16)} ${figures.recall} of ${figures.samples}`);
    }
  }
  if (falsePositives !== undefined) {
    log(
      `ordinary names (${falsePositives.names}): alert rate ${falsePositives.alertRate}, block rate ${falsePositives.blockRate}`,
    );
    for (const example of falsePositives.examples.slice(0, 6)) log(`  e.g. ${example}`);
  }
  log(
    `name pairs (${nameBench.pairs}) at ${nameBench.threshold}: precision ${nameBench.precision}, recall ${nameBench.recall}, F1 ${nameBench.f1}`,
  );
  if (batch !== undefined)
    log(`batch: ${batch.names} names in ${batch.seconds} s, ${batch.namesPerSecond} names/s (one core)`);
  log(`load average (1 min) at the end: ${result.loadAverage1m} on ${os.cpus().length} CPUs`);
  log(
    `BENCH screening ${JSON.stringify({ ...result, falsePositives: { ...falsePositives, examples: undefined } })}`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const seed = Number(process.env.SCREENING_BENCH_SEED ?? 20260301);
  const result = await runScreeningBench({
    seed,
    ...(quick ? { latencyQueries: 800, noiseSamples: 400, ordinaryNames: 600 } : {}),
    log: () => undefined,
  });
  printReport(result, (line) => console.log(line));
}
