// The list, prepared once so a query looks at a few dozen names instead of every name. Each distinct
// word of the list is filed under its spelling, its romanisation skeleton, its sound codes, its
// consonant outline and its one-letter deletions (a typo, a missing or a swapped letter meet under one
// of these); a query collects the names that share enough words with it and only those are scored.
import type { ListEntry } from './entry.ts';
import type { KeyCache, NameToken, NormalizedName } from './name-token.ts';
import { PHONETIC_MIN_LENGTH } from './similarity.ts';
import { normalizeName } from './normalize.ts';
import { kindOf, normalizeIdentifier } from './query.ts';

export interface IndexedName {
  readonly entry: number;
  /** Position of the name in the entry's `names`. */
  readonly position: number;
  readonly name: NormalizedName;
}

export interface ScreeningIndex {
  readonly entries: readonly ListEntry[];
  readonly names: readonly IndexedName[];
  /** Word key → word id. */
  readonly words: ReadonlyMap<string, number>;
  /** Word id → the word (its keys and role, as first seen). */
  readonly wordTokens: readonly NameToken[];
  /** Name id → total weight of its blockable words, for bounding the score a name can reach. */
  readonly nameWeights: Float32Array;
  /** Word id → ids of the names containing it, ascending. */
  readonly postings: readonly Int32Array[];
  /** Blocking key → ids of the words filed under it. */
  readonly blocks: ReadonlyMap<string, Int32Array>;
  /** Normalised identifier number → entry positions. */
  readonly identifiers: ReadonlyMap<string, readonly number[]>;
}

/** Identifiers shorter than this ("12", "A1") collide by chance and are not indexed. */
export const MIN_INDEXED_IDENTIFIER = 4;

export function buildScreeningIndex(entries: readonly ListEntry[]): ScreeningIndex {
  const cache: KeyCache = new Map();
  const names: IndexedName[] = [];
  const words = new Map<string, number>();
  const wordTokens: NameToken[] = [];
  const postingLists: number[][] = [];
  entries.forEach((entry, entryPosition) => {
    entry.names.forEach((entryName, position) => {
      const name = normalizeName(entryName.full, kindOf(entry.type), cache);
      const id = names.push({ entry: entryPosition, position, name }) - 1;
      for (const token of name.tokens) {
        if (!isBlockable(token)) continue;
        let word = words.get(token.key);
        if (word === undefined) {
          word = wordTokens.push(token) - 1;
          words.set(token.key, word);
          postingLists.push([]);
        }
        const list = postingLists[word] as number[];
        if (list.at(-1) !== id) list.push(id);
      }
    });
  });
  const nameWeights = Float32Array.from(names, ({ name }) =>
    name.tokens.filter(isBlockable).reduce((sum, token) => sum + token.weight, 0),
  );
  return {
    entries,
    names,
    nameWeights,
    words,
    wordTokens,
    postings: postingLists.map((list) => Int32Array.from(list)),
    blocks: buildBlocks(wordTokens),
    identifiers: indexIdentifiers(entries),
  };
}

/** Titles, particles, legal forms and initials are in too many names to narrow anything down. */
export function isBlockable(token: NameToken): boolean {
  return (token.role === 'name' || token.role === 'number') && token.key.length >= 2;
}

/**
 * The blocking keys of one word (`query`: looked up for a query word, else filed for a list word):
 * every key under which a near spelling of it may be found. The skeleton with each one letter left
 * out (and whole) finds spellings one or two slips apart: a missing letter, an extra one, a changed
 * one or two swapped ones. The consonant outline is too coarse for other words: it is looked up only
 * for words romanised without vowels.
 */
export function blockingKeys(token: NameToken, query: boolean): string[] {
  const { skeleton, codes, consonants } = token.keys;
  const keys = [`s${skeleton}`];
  // Sound codes only for words long enough to compare by sound, and with the first letter, which a
  // sound-alike must share (see similarity.ts): "pKM" alone would file hundreds of words together.
  if (token.key.length >= PHONETIC_MIN_LENGTH) {
    for (const code of codes) keys.push(`p${skeleton[0] ?? ''}${code}`);
  }
  const outline = !query || token.script === 'vowelless';
  if (outline && consonants.length >= 2) keys.push(`c${consonants}`);
  if (skeleton.length >= 4) keys.push(...deletions(skeleton));
  // A query word whose skeleton folded letters away ("Ramaan" → raman) is also looked up as spelt,
  // where it is one deletion from the list word ("Ramadan").
  if (query && token.key !== skeleton && token.key.length >= 4) keys.push(`d${token.key}`);
  return keys;
}

function deletions(word: string): string[] {
  const keys = [`d${word}`];
  for (let i = 0; i < word.length; i++) keys.push(`d${word.slice(0, i)}${word.slice(i + 1)}`);
  return keys;
}

function buildBlocks(wordTokens: readonly NameToken[]): Map<string, Int32Array> {
  const lists = new Map<string, number[]>();
  wordTokens.forEach((token, word) => {
    for (const key of blockingKeys(token, false)) {
      const list = lists.get(key);
      if (list === undefined) lists.set(key, [word]);
      else if (list.at(-1) !== word) list.push(word);
    }
  });
  const blocks = new Map<string, Int32Array>();
  for (const [key, list] of lists) blocks.set(key, Int32Array.from(list));
  return blocks;
}

function indexIdentifiers(entries: readonly ListEntry[]): Map<string, number[]> {
  const identifiers = new Map<string, number[]>();
  entries.forEach((entry, position) => {
    for (const identifier of entry.identifiers) {
      const number = normalizeIdentifier(identifier.number);
      if (number.length < MIN_INDEXED_IDENTIFIER) continue;
      const list = identifiers.get(number) ?? [];
      if (list.at(-1) !== position) list.push(position);
      identifiers.set(number, list);
    }
  });
  return identifiers;
}
