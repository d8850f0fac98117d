// Which words of one name stand for which words of the other. Order is ignored (sources disagree on
// surname-first), words may be run together or split ("VladimirPutin", "Patr ushev"), and a short word
// may spell the initials of several ("JC" Jean-Claude, "PLA" People's Liberation Army).
import { makeToken, type KeyCache, type NameToken } from './name-token.ts';
import { compareTokens, type TokenMatchKind } from './similarity.ts';

export type PairKind = Exclude<TokenMatchKind, 'none'> | 'joined' | 'acronym';

export interface AlignedPair {
  /** Indices into the query name's tokens (several when the query split a word). */
  readonly query: readonly number[];
  /** Indices into the candidate name's tokens. */
  readonly candidate: readonly number[];
  readonly kind: PairKind;
  readonly score: number;
}

export interface Alignment {
  readonly pairs: readonly AlignedPair[];
  readonly unmatchedQuery: readonly number[];
  readonly unmatchedCandidate: readonly number[];
}

/** Words run together must read as the other word nearly as written: a loose join pairs anything. */
const JOIN_MIN_SCORE = 0.8;
/** Initials carry less than the words they stand for. */
const ACRONYM_SCORE = 0.9;
/** At most this many adjacent words are run together. */
const MAX_JOIN = 3;
/** A run and the word it is read as differ in length by at most this. */
const MAX_JOIN_LENGTH_GAP = 3;

/** `cache` keeps the keys of run-together words across the comparisons of one screening. */
export function alignNames(
  query: readonly NameToken[],
  candidate: readonly NameToken[],
  cache?: KeyCache,
): Alignment {
  const options: AlignedPair[] = [];
  for (let i = 0; i < query.length; i++) {
    for (let j = 0; j < candidate.length; j++) {
      const match = compareTokens(query[i] as NameToken, candidate[j] as NameToken);
      if (match.kind === 'none') continue;
      options.push({ query: [i], candidate: [j], kind: match.kind, score: match.score });
    }
  }
  // Words with an exact partner need no other reading: joins and acronyms are sought among the rest.
  const exactQuery = new Set<number>();
  const exactCandidate = new Set<number>();
  for (const option of options) {
    if (option.kind !== 'exact') continue;
    exactQuery.add(option.query[0] ?? -1);
    exactCandidate.add(option.candidate[0] ?? -1);
  }
  if (exactQuery.size < query.length && exactCandidate.size < candidate.length) {
    const q = { tokens: query, exact: exactQuery };
    const c = { tokens: candidate, exact: exactCandidate };
    options.push(...joins(q, c, false, cache), ...joins(c, q, true, cache));
    options.push(...acronyms(q, c, false), ...acronyms(c, q, true));
  }
  return choose(options, query, candidate);
}

interface Side {
  readonly tokens: readonly NameToken[];
  /** Positions that already have an exact partner. */
  readonly exact: ReadonlySet<number>;
}

/**
 * Greedy: pairs of name words before pairs of connectors (so "al" meeting "el" does not take the "al"
 * that "Abd al" needs to meet "Abdel"), then the best-scoring pair, then wider pairs, then pairs in
 * the same position.
 */
function choose(
  options: AlignedPair[],
  query: readonly NameToken[],
  candidate: readonly NameToken[],
): Alignment {
  const tier = (pair: AlignedPair): number =>
    pair.query.some((i) => informs(query[i])) || pair.candidate.some((j) => informs(candidate[j])) ? 0 : 1;
  options.sort(
    (x, y) =>
      tier(x) - tier(y) ||
      y.score - x.score ||
      y.query.length + y.candidate.length - (x.query.length + x.candidate.length) ||
      positionGap(x) - positionGap(y),
  );
  const queryLength = query.length;
  const candidateLength = candidate.length;
  const usedQuery = new Set<number>();
  const usedCandidate = new Set<number>();
  const pairs: AlignedPair[] = [];
  for (const option of options) {
    if (option.query.some((i) => usedQuery.has(i)) || option.candidate.some((j) => usedCandidate.has(j)))
      continue;
    pairs.push(option);
    for (const i of option.query) usedQuery.add(i);
    for (const j of option.candidate) usedCandidate.add(j);
  }
  const unmatched = (length: number, used: Set<number>): number[] =>
    Array.from({ length }, (_, i) => i).filter((i) => !used.has(i));
  return {
    pairs,
    unmatchedQuery: unmatched(queryLength, usedQuery),
    unmatchedCandidate: unmatched(candidateLength, usedCandidate),
  };
}

const informs = (token: NameToken | undefined): boolean =>
  token !== undefined && (token.role === 'name' || token.role === 'initial' || token.role === 'number');

const positionGap = (pair: AlignedPair): number => Math.abs((pair.query[0] ?? 0) - (pair.candidate[0] ?? 0));

/**
 * Words of `side` run together as one word of `other`: runs of 2–3 adjacent words ("siemens ag" ~
 * "siemensag"), and any two words in either order, since a run-together name often skips a middle
 * name or puts the surname first ("VladimirPutin" for Vladimir Vladimirovich Putin).
 */
function joins(side: Side, other: Side, swapped: boolean, cache: KeyCache | undefined): AlignedPair[] {
  const found: AlignedPair[] = [];
  const freeLengths = other.tokens.filter((_, j) => !other.exact.has(j)).map((token) => token.key.length);
  for (const indices of joinableRuns(side.tokens.length)) {
    if (indices.every((i) => side.exact.has(i))) continue;
    const length = indices.reduce((sum, i) => sum + (side.tokens[i]?.text.length ?? 0), 0);
    if (!freeLengths.some((free) => Math.abs(free - length) <= MAX_JOIN_LENGTH_GAP)) continue;
    const run = indices.map((i) => side.tokens[i] as NameToken);
    const text = run.map((token) => token.text).join('');
    let joined: NameToken | undefined;
    for (let j = 0; j < other.tokens.length; j++) {
      const word = other.tokens[j] as NameToken;
      if (other.exact.has(j) || !mayBeJoined(text, word)) continue;
      joined ??= makeToken(
        {
          text,
          role: 'name',
          script: run.some((t) => t.script === 'vowelless') ? 'vowelless' : 'alphabetic',
        },
        cache,
      );
      const match = compareTokens(joined, word);
      if (match.kind === 'none' || match.score < JOIN_MIN_SCORE) continue;
      const kind: PairKind =
        match.kind === 'exact' || match.kind === 'transliteration' ? 'joined' : match.kind;
      found.push(oriented([...indices], [j], kind, match.score, swapped));
    }
  }
  return found;
}

/** Beyond this many words only adjacent words are run together (pairs grow with the square). */
const ANY_PAIR_MAX_WORDS = 5;

const runsByLength: number[][][] = [];

/** The runs of positions that may be read as one word, for a name of `length` words (memoised). */
function joinableRuns(length: number): readonly (readonly number[])[] {
  const known = runsByLength[length];
  if (known !== undefined) return known;
  const runs: number[][] = [];
  for (let i = 0; i < length; i++) {
    for (let j = 0; j < length; j++) {
      if (i !== j && (length <= ANY_PAIR_MAX_WORDS || j === i + 1)) runs.push([i, j]);
    }
    for (let width = 3; width <= MAX_JOIN && i + width <= length; width++) {
      runs.push(Array.from({ length: width }, (_, k) => i + k));
    }
  }
  runsByLength[length] = runs;
  return runs;
}

/** Cheap test before building the joined word: similar length and the same first sound or last letter. */
function mayBeJoined(text: string, word: NameToken): boolean {
  if (word.role !== 'name' || Math.abs(word.key.length - text.length) > MAX_JOIN_LENGTH_GAP) return false;
  return initialSound(text) === initialSound(word.key) || text.at(-1) === word.key.at(-1);
}

const SOUND_CLASSES: Readonly<Record<string, string>> = {
  w: 'v',
  c: 'k',
  q: 'k',
  y: 'i',
  j: 'i',
  z: 's',
  x: 's',
};
const initialSound = (text: string): string => {
  const first = text[0] ?? '';
  return SOUND_CLASSES[first] ?? first;
};

/** A word of `other` (2–6 letters) spelling the initials of consecutive words of `side`. */
function acronyms(side: Side, other: Side, swapped: boolean): AlignedPair[] {
  const words = side.tokens
    .map((token, index) => ({ token, index }))
    .filter(({ token }) => token.role === 'name' || token.role === 'initial');
  const found: AlignedPair[] = [];
  for (let j = 0; j < other.tokens.length; j++) {
    const word = other.tokens[j] as NameToken;
    const letters = word.key;
    if (other.exact.has(j) || word.role !== 'name' || letters.length < 2 || letters.length > 6) continue;
    for (let from = 0; from + letters.length <= words.length; from++) {
      const run = words.slice(from, from + letters.length);
      if (run.every(({ index }) => side.exact.has(index))) continue;
      if (run.every(({ token }, k) => token.key[0] === letters[k])) {
        found.push(
          oriented(
            run.map(({ index }) => index),
            [j],
            'acronym',
            ACRONYM_SCORE,
            swapped,
          ),
        );
      }
    }
  }
  return found;
}

function oriented(
  sideIndices: number[],
  otherIndices: number[],
  kind: PairKind,
  score: number,
  swapped: boolean,
): AlignedPair {
  return swapped
    ? { query: otherIndices, candidate: sideIndices, kind, score }
    : { query: sideIndices, candidate: otherIndices, kind, score };
}
