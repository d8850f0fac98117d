// The unit the matcher compares: one word of a normalised name, with its role and comparison keys.
import { consonantsOf, phoneticCodesOf, skeletonOf } from './phonetic.ts';
import type { ScriptClass } from './transliterate.ts';

export type NameKind = 'person' | 'entity' | 'unknown';

/**
 * name: carries identity. initial: one letter standing for a name. particle: al-, bin, van, de.
 * honorific: Mr, Sheikh, MV. stopword: the, of, and. legal-form: LLC, AG, OAO. number: 44, II.
 */
export type TokenRole = 'name' | 'initial' | 'particle' | 'honorific' | 'stopword' | 'legal-form' | 'number';

/** How much a word says about identity: presence or absence of a title or "the" proves little. */
export const ROLE_WEIGHTS: Readonly<Record<TokenRole, number>> = {
  name: 1,
  initial: 0.5,
  particle: 0.3,
  honorific: 0.15,
  stopword: 0.2,
  'legal-form': 0.3,
  number: 0.3,
};

export interface TokenKeys {
  /** Romanisation-folded spelling (w→v, zh→j, y→i, doubled letters single). */
  readonly skeleton: string;
  /** Consonant outline, for comparing with names romanised without reliable vowels. */
  readonly consonants: string;
  /** Double Metaphone codes. */
  readonly codes: readonly string[];
  /** Which letters a–z occur in the key and in the skeleton: a cheap lower bound on edit distance. */
  readonly letters: number;
  readonly skeletonLetters: number;
}

/** Bit i set when letter i (a = 0) occurs. */
export function letterMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    const letter = text.charCodeAt(i) - 97;
    if (letter >= 0 && letter < 26) mask |= 1 << letter;
  }
  return mask;
}

export interface NameToken {
  /** The word as folded (lower-case ASCII), shown to reviewers. */
  readonly text: string;
  /** What is compared: the canonical form of a particle, legal form, abbreviation or number; else text. */
  readonly key: string;
  readonly role: TokenRole;
  readonly weight: number;
  readonly script: ScriptClass;
  /** The syllable as written, for Han and Hangul tokens. */
  readonly original?: string;
  /** Legal-form family ('jsc', 'gmbh', …) for legal-form tokens. */
  readonly family?: string;
  readonly keys: TokenKeys;
}

export interface NormalizedName {
  readonly original: string;
  readonly kind: NameKind;
  readonly tokens: readonly NameToken[];
}

/** Cache of keys by key text, shared across the names of one index so each distinct word is coded once. */
export type KeyCache = Map<string, TokenKeys>;

export function keysOf(key: string, cache?: KeyCache): TokenKeys {
  const cached = cache?.get(key);
  if (cached !== undefined) return cached;
  const skeleton = skeletonOf(key);
  const keys: TokenKeys = {
    skeleton,
    consonants: consonantsOf(key),
    codes: phoneticCodesOf(key),
    letters: letterMask(key),
    skeletonLetters: letterMask(skeleton),
  };
  cache?.set(key, keys);
  return keys;
}

export interface TokenSpec {
  readonly text: string;
  readonly key?: string;
  readonly role: TokenRole;
  readonly script?: ScriptClass;
  readonly original?: string | undefined;
  readonly family?: string;
}

export function makeToken(spec: TokenSpec, cache?: KeyCache): NameToken {
  const key = spec.key ?? spec.text;
  const weight = ROLE_WEIGHTS[spec.role];
  return {
    text: spec.text,
    key,
    role: spec.role,
    weight,
    script: spec.script ?? 'alphabetic',
    ...(spec.original === undefined ? {} : { original: spec.original }),
    ...(spec.family === undefined ? {} : { family: spec.family }),
    keys: keysOf(key, cache),
  };
}
