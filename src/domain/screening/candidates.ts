// From a query name to the few list names worth scoring: each query word finds the list words near it
// through the blocking keys, each list name collects the weight of the query words it shares, and only
// names that share enough of the query go on to the full comparison.
import { blockingKeys, isBlockable, type ScreeningIndex } from './candidate-index.ts';
import { makeToken, type NameToken, type NormalizedName } from './name-token.ts';
import { compareTokens } from './similarity.ts';

/** At most this many names are scored per query, those that could reach the highest score first. */
export const MAX_CANDIDATES = 40;
/** Near words cover less than their weight while scoring nearly full: the bound is applied with slack. */
const BOUND_MARGIN = 0.85;

interface Slot {
  readonly token: NameToken;
  readonly weight: number;
  /**
   * For words run together: list words must be longer than this (the longest part plus one), or the
   * join only re-finds one of its parts ("M Khalid" → "mkhalid" → "khalid") and counts it twice.
   */
  readonly longerThan: number;
  /** Half of a query word split in two. */
  readonly split?: boolean;
}

interface SimilarWord {
  readonly word: number;
  readonly score: number;
}

/**
 * Scratch arrays sized to the index, reused across queries so a query does not allocate a buffer per
 * list name. They hold no result between calls (`coverage` is zeroed for every name a query touched,
 * the stamps only grow), and findCandidates is synchronous, so two queries never share them at once.
 */
interface Scratch {
  readonly coverage: Float64Array;
  readonly seen: Int32Array;
  stamp: number;
  /** Per list word: the last lookup that considered it, so a word found under several keys is compared once. */
  readonly wordSeen: Int32Array;
  wordStamp: number;
}
const scratches = new WeakMap<ScreeningIndex, Scratch>();

const STAMP_LIMIT = 2 ** 30;

function scratchFor(index: ScreeningIndex): Scratch {
  let scratch = scratches.get(index);
  if (scratch === undefined || scratch.stamp > STAMP_LIMIT || scratch.wordStamp > STAMP_LIMIT) {
    scratch = {
      coverage: new Float64Array(index.names.length),
      seen: new Int32Array(index.names.length),
      stamp: 0,
      wordSeen: new Int32Array(index.wordTokens.length),
      wordStamp: 0,
    };
    scratches.set(index, scratch);
  }
  return scratch;
}

/**
 * The share of the query's word weight a list name must cover to be able to reach `threshold`: the
 * cheapest way to miss a query word is a gap (a dropped middle name, GAP_COST person 0.25), so a name
 * covering c of the query scores at most c / (c + 0.25 (1 − c)). Near words cover less than their
 * weight, hence the margin.
 */
export function minimumCoverage(threshold: number): number {
  const gap = 0.25;
  const exact = (threshold * gap) / (1 - threshold + threshold * gap);
  return Math.min(0.6, Math.max(0.15, exact * 0.8));
}

/** Ids of the list names worth scoring for `query` at `threshold`, best prospects first, at most `limit`. */
export function findCandidates(
  index: ScreeningIndex,
  query: NormalizedName,
  threshold: number,
  limit: number = MAX_CANDIDATES,
): number[] {
  const minCoverage = minimumCoverage(threshold);
  const slots = slotsOf(index, query.tokens);
  // Each split word adds one word to the query (two halves in place of one).
  const splitWeight = slots.filter((slot) => slot.split).reduce((sum, slot) => sum + slot.weight / 2, 0);
  const total = query.tokens.filter(isBlockable).reduce((sum, token) => sum + token.weight, 0) + splitWeight;
  const initials = query.tokens
    .filter((token) => token.role === 'initial')
    .reduce((sum, t) => sum + t.weight, 0);
  if (total === 0) return [];
  const scratch = scratchFor(index);
  const touched = accumulate(index, scratch, slots);
  // A list name sharing a single word with a longer query scores at most 1 / (1 + 0.6 (n − 1)) (a lone
  // shared word is costed like an organisation's), below any useful threshold: it needs a second word.
  const loneWordCeiling = 1 / (1 + 0.6 * (total - 1));
  const needed = Math.max(minCoverage * total, total >= 2 && threshold > loneWordCeiling ? 1.5 : 0);
  const kept: Ranked[] = [];
  for (const name of touched) {
    const coverage = scratch.coverage[name] as number;
    scratch.coverage[name] = 0;
    const bound = scoreBound(coverage, total, index.nameWeights[name] ?? 0, initials);
    if (coverage >= needed && bound >= threshold * BOUND_MARGIN) kept.push({ name, rank: bound });
  }
  return topRanked(kept, limit).map(({ name }) => name);
}

/** Adds each slot's weight × similarity to every list name holding a word near it; returns the names touched. */
function accumulate(index: ScreeningIndex, scratch: Scratch, slots: readonly Slot[]): number[] {
  const touched: number[] = [];
  for (const slot of slots) {
    scratch.stamp += 1;
    for (const { word, score } of similarWords(index, scratch, slot.token)) {
      const postings = index.postings[word];
      if (postings === undefined || (index.wordTokens[word]?.key.length ?? 0) <= slot.longerThan) continue;
      const gain = slot.weight * score;
      for (let i = 0; i < postings.length; i++) {
        const name = postings[i] as number;
        // A slot counts once per name, through its nearest word (words come best first).
        if (scratch.seen[name] === scratch.stamp) continue;
        scratch.seen[name] = scratch.stamp;
        if (scratch.coverage[name] === 0) touched.push(name);
        scratch.coverage[name] = (scratch.coverage[name] as number) + gain;
      }
    }
  }
  return touched;
}

interface Ranked {
  readonly name: number;
  /** The score bound, in [0, 1]. */
  readonly rank: number;
}

/**
 * The `limit` best-ranked names without sorting them all: a common word ("Mohammed") can bring
 * thousands, so ranks are counted into buckets first and only the top buckets are sorted.
 */
function topRanked(ranked: readonly Ranked[], limit: number): Ranked[] {
  const byRank = (a: Ranked, b: Ranked): number => b.rank - a.rank || a.name - b.name;
  if (ranked.length <= limit) return [...ranked].sort(byRank);
  const buckets = 64;
  const bucketOf = (rank: number): number => Math.min(buckets - 1, Math.floor(rank * buckets));
  const counts = new Int32Array(buckets);
  for (const { rank } of ranked) counts[bucketOf(rank)] = (counts[bucketOf(rank)] as number) + 1;
  let cutoff = buckets - 1;
  for (let sum = 0; cutoff > 0 && (sum += counts[cutoff] as number) < limit; cutoff--);
  return ranked
    .filter(({ rank }) => bucketOf(rank) >= cutoff)
    .sort(byRank)
    .slice(0, limit);
}

/**
 * The best score a list name can reach given the weight it shares with the query: whatever it does
 * not share is at least a gap on one side or the other (GAP_COST person 0.25, or 0.6 when less than
 * a word and a half is shared). Word weights are those of blockable words; initials count apart.
 */
function scoreBound(coverage: number, queryWeight: number, nameWeight: number, initials: number): number {
  const words = Math.min(coverage, queryWeight, nameWeight);
  if (words <= 0) return 0;
  // The query's initials are not looked up but may each stand for one more word of the name.
  const shared = words + Math.min(initials, nameWeight - words);
  queryWeight += initials;
  const gap = shared >= 1.5 ? 0.25 : 0.6;
  const unshared = Math.max(0, queryWeight - shared) + Math.max(0, nameWeight - shared);
  return shared / (shared + gap * unshared);
}

/**
 * The query words, plus adjacent words run together ("Patr ushev" may be Patrushev in the list) and
 * long words split where both halves are list words ("VladimirPutin").
 */
function slotsOf(index: ScreeningIndex, tokens: readonly NameToken[]): Slot[] {
  const slots: Slot[] = tokens
    .filter(isBlockable)
    .map((token) => ({ token, weight: token.weight, longerThan: 0 }));
  for (let from = 0; from < tokens.length; from++) {
    for (let width = 2; width <= 3 && from + width <= tokens.length; width++) {
      const run = tokens.slice(from, from + width);
      if (!run.every((token) => token.role === 'name')) continue;
      slots.push({
        token: makeToken({ text: run.map((token) => token.text).join(''), role: 'name' }),
        weight: run.reduce((sum, token) => sum + token.weight, 0),
        longerThan: Math.max(...run.map((token) => token.key.length)) + 1,
      });
    }
  }
  for (const token of tokens) slots.push(...splitsOf(index, token));
  return slots;
}

/**
 * A long word that is two list words run together ("VladimirPutin"), split where both halves are
 * list words; the halves count as query words of their own.
 */
function splitsOf(index: ScreeningIndex, token: NameToken): Slot[] {
  if (token.role !== 'name' || token.key.length < 6 || index.words.has(token.key)) return [];
  for (let at = 2; at <= token.key.length - 2; at++) {
    const halves = [token.key.slice(0, at), token.key.slice(at)];
    if (!halves.every((half) => index.words.has(half))) continue;
    return halves.map((half) => ({
      token: makeToken({ text: half, role: 'name' }),
      weight: token.weight,
      longerThan: 0,
      split: true,
    }));
  }
  return [];
}

function similarWords(index: ScreeningIndex, scratch: Scratch, token: NameToken): SimilarWord[] {
  scratch.wordStamp += 1;
  const found: SimilarWord[] = [];
  const consider = (word: number): void => {
    if (scratch.wordSeen[word] === scratch.wordStamp) return;
    scratch.wordSeen[word] = scratch.wordStamp;
    const listWord = index.wordTokens[word];
    const match = listWord === undefined ? undefined : compareTokens(token, listWord);
    if (match !== undefined && match.score > 0) found.push({ word, score: match.score });
  };
  const exact = index.words.get(token.key);
  if (exact !== undefined) consider(exact);
  for (const key of blockingKeys(token, true)) {
    const block = index.blocks.get(key);
    if (block !== undefined) for (let i = 0; i < block.length; i++) consider(block[i] as number);
  }
  return found.sort((a, b) => b.score - a.score);
}
