/**
 * `node --import tsx bench/screening-rescreen.ts [--parties N] [--full-sample M]`: the cost of
 * continuous re-screening, in the engine (no database): N synthetic parties (default 1,000,000, seeded)
 * screened against a real list delta (the older OFAC SDN snapshot → the newer one: the entries added or
 * changed), and a sample of M parties (default 100,000) against every list, from which the time for N
 * is extrapolated linearly (the cost per name does not depend on how many names came before).
 * `--quick`: 100,000 parties and a sample of 10,000.
 * Baseline: the delta run, which is what a new list version costs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildScreeningIndex, type ScreeningIndex } from '../src/domain/screening/candidate-index.ts';
import type { ListEntry } from '../src/domain/screening/entry.ts';
import { diffEntries, parseListFiles } from '../src/domain/screening/lists/index.ts';
import { screenName } from '../src/domain/screening/matcher.ts';
import { loadLists } from './screening-lists.ts';
import { ordinaryName, seededRandom } from './screening-names.ts';

const LISTS = path.resolve(import.meta.dirname, '../../shared/data/lists');

function sdn(folder: string): ListEntry[] {
  const files = ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'].map((name) => ({
    name,
    content: readFileSync(path.join(LISTS, folder, name), 'utf8'),
  }));
  const parsed = parseListFiles('ofac-sdn', files);
  if (!parsed.ok) throw new Error(`cannot parse ${folder}`);
  return [...parsed.entries];
}

function screenMany(index: ScreeningIndex, count: number, seed: number): { ms: number; hits: number } {
  const random = seededRandom(seed);
  let hits = 0;
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const result = screenName(index, { name: ordinaryName(random), type: 'person' });
    if (result.ok && result.matches.length > 0) hits += 1;
  }
  return { ms: performance.now() - started, hits };
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const quick = process.argv.includes('--quick');
const parties = option('--parties', quick ? 100_000 : 1_000_000);
const sample = option('--full-sample', quick ? 10_000 : 100_000);
const diff = diffEntries(sdn('ofac-sdn-older'), sdn('ofac-sdn'));
const deltaEntries = [...diff.added, ...diff.changed.map((c) => c.next)];
const deltaIndex = buildScreeningIndex(deltaEntries);
const delta = screenMany(deltaIndex, parties, 1);

// The older SDN snapshot is test data for updates, not a list of its own.
const all = loadLists(LISTS, parseListFiles)
  .filter((l) => l.folder !== 'ofac-sdn-older')
  .flatMap((l) => l.entries);
const fullIndex = buildScreeningIndex(all);
const full = screenMany(fullIndex, sample, 2);
const fullExtrapolatedS = ((full.ms / sample) * parties) / 1000;

const report = {
  parties,
  delta: {
    entries: deltaEntries.length,
    seconds: +(delta.ms / 1000).toFixed(1),
    namesPerSecond: Math.round(parties / (delta.ms / 1000)),
    partiesWithHits: delta.hits,
  },
  full: {
    entries: all.length,
    sample,
    sampleSeconds: +(full.ms / 1000).toFixed(1),
    namesPerSecond: Math.round(sample / (full.ms / 1000)),
    extrapolatedSecondsForParties: +fullExtrapolatedS.toFixed(0),
    sampleWithHits: full.hits,
  },
  ratioFullToDelta: +(full.ms / sample / (delta.ms / parties)).toFixed(1),
};
console.log(`re-screening ${parties.toLocaleString()} synthetic parties (one core, no database):`);
console.log(
  `  against the SDN delta (${deltaEntries.length} entries added or changed): ${report.delta.seconds} s, ${report.delta.namesPerSecond} names/s (baseline)`,
);
console.log(
  `  against every list (${all.length} entries): ${sample.toLocaleString()} parties in ${report.full.sampleSeconds} s, ${report.full.namesPerSecond} names/s → about ${report.full.extrapolatedSecondsForParties} s for ${parties.toLocaleString()} (${report.ratioFullToDelta}× the delta)`,
);
console.log(`BENCH ${JSON.stringify(report)}`);
