// How alike two words are, and why: the same word, a romanisation variant, a known short form, a
// sound-alike, a slip of the keyboard, or an initial.
import { findLegalForm, type LegalForm } from './legal-forms.ts';
import { GIVEN_NAME_GROUPS } from './name-lexicon.ts';
import type { NameToken } from './name-token.ts';
import { editBudget, editDistance, isPrefixed, isRunOfChanges, mayBeWithin, SHORT_WORD } from './spelling.ts';

export type TokenMatchKind =
  'exact' | 'transliteration' | 'equivalent' | 'phonetic' | 'fuzzy' | 'initial' | 'none';

export interface TokenMatch {
  readonly kind: TokenMatchKind;
  /** 1 for the same word, 0 for unrelated words. */
  readonly score: number;
}

const NONE: TokenMatch = { kind: 'none', score: 0 };
const EXACT: TokenMatch = { kind: 'exact', score: 1 };
const TRANSLITERATION = 0.95;
const ABJAD_OUTLINE = 0.9;
const SHORT_OUTLINE = 0.8;
const EQUIVALENT = 0.9;
const PHONETIC = 0.85;
const INITIAL = 0.9;
const SHORT_FORM: TokenMatch = { kind: 'equivalent', score: EQUIVALENT };
// Names written backwards ("nituP") are a known evasion of list screening.
const REVERSED = 0.8;
/** Words shorter than this are not compared by sound: short names share codes by the dozen. */
export const PHONETIC_MIN_LENGTH = 5;

export function compareTokens(a: NameToken, b: NameToken): TokenMatch {
  if (a.role === 'legal-form' || b.role === 'legal-form') return compareLegalForms(a, b);
  if (a.role === 'number' || b.role === 'number') return a.key === b.key ? EXACT : NONE;
  if (a.script === 'syllabic' || b.script === 'syllabic') return compareSyllables(a, b);
  if (a.key === b.key) return EXACT;
  if (a.role === 'initial' || b.role === 'initial') return compareInitial(a, b);
  if (a.role === 'name' && b.role === 'name') return compareWords(a, b);
  // "Ben Netanyahu": a particle spelling may be a short given name.
  if (a.role === 'particle' || b.role === 'particle')
    return sameGivenName(a.text, b.text) ? SHORT_FORM : NONE;
  return NONE;
}

function compareLegalForms(a: NameToken, b: NameToken): TokenMatch {
  const [left, right] = [legalFormOf(a), legalFormOf(b)];
  if (left === undefined || right === undefined) return misspeltLegalForm(a, b);
  if (left.canonical === right.canonical) return a.role === b.role ? EXACT : SHORT_FORM;
  return left.family === right.family ? SHORT_FORM : NONE;
}

/** A legal form, also where the normaliser read it as a word because it stood mid-name ("Campo Ltda. Verde"). */
function legalFormOf(token: NameToken): LegalForm | undefined {
  if (token.role === 'legal-form') return { canonical: token.key, family: token.family ?? '' };
  return token.role === 'name' && token.key.length >= 2
    ? findLegalForm(token.key, token.keys.skeleton)
    : undefined;
}

/** A word that is a legal form as written with a slip ("Copany" for the "Company" opposite). */
function misspeltLegalForm(a: NameToken, b: NameToken): TokenMatch {
  const [form, word] = a.role === 'legal-form' ? [a, b] : [b, a];
  if (form.role !== 'legal-form' || word.role !== 'name' || form.text.includes(' ')) return NONE;
  const length = Math.max(form.text.length, word.key.length);
  const budget = editBudget(length);
  const distance = editDistance(form.text, word.key, budget);
  if (distance > budget || isRunOfChanges(form.text, word.key, distance)) return NONE;
  return { kind: 'fuzzy', score: 1 - distance / length };
}

/**
 * A Han character or Hangul block is a whole syllable of a name: another character is another name
 * even when it romanises alike (高石 and 高市 are both "Gao Shi"), so syllables match only exactly.
 */
function compareSyllables(a: NameToken, b: NameToken): TokenMatch {
  if (a.original !== undefined && b.original !== undefined) return a.original === b.original ? EXACT : NONE;
  if (a.key === b.key) return EXACT;
  return a.keys.skeleton === b.keys.skeleton ? { kind: 'transliteration', score: TRANSLITERATION } : NONE;
}

function compareInitial(a: NameToken, b: NameToken): TokenMatch {
  const [initial, word] = a.role === 'initial' ? [a, b] : [b, a];
  if (word.role !== 'name' || !word.key.startsWith(initial.key)) return NONE;
  return { kind: 'initial', score: INITIAL };
}

function compareWords(a: NameToken, b: NameToken): TokenMatch {
  if (a.keys.skeleton === b.keys.skeleton) return { kind: 'transliteration', score: TRANSLITERATION };
  if (sameGivenName(a.key, b.key)) return SHORT_FORM;
  if (isReversed(a.key, b.key)) return { kind: 'fuzzy', score: REVERSED };
  let best = fuzzy(a, b);
  const sounded = phonetic(a, b);
  if (sounded.score > best.score) best = sounded;
  if (a.script !== 'vowelless' && b.script !== 'vowelless') return best;
  const outlined = outline(a, b);
  return outlined.score > best.score ? outlined : best;
}

function isReversed(a: string, b: string): boolean {
  if (a.length < 4 || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(b.length - 1 - i)) return false;
  return true;
}

function sameGivenName(a: string, b: string): boolean {
  const groups = GIVEN_NAME_GROUPS.get(a);
  return groups !== undefined && (GIVEN_NAME_GROUPS.get(b) ?? []).some((group) => groups.includes(group));
}

function fuzzy(a: NameToken, b: NameToken): TokenMatch {
  const length = Math.max(a.key.length, b.key.length);
  const budget = editBudget(length);
  const spelled = mayBeWithin(a.key, b.key, a.keys.letters, b.keys.letters, budget)
    ? editDistance(a.key, b.key, budget)
    : budget + 1;
  const { skeleton: skeletonA, skeletonLetters: lettersA } = a.keys;
  const { skeleton: skeletonB, skeletonLetters: lettersB } = b.keys;
  const folded = mayBeWithin(skeletonA, skeletonB, lettersA, lettersB, budget)
    ? editDistance(skeletonA, skeletonB, budget)
    : budget + 1;
  const [distance, x, y] = spelled <= folded ? [spelled, a.key, b.key] : [folded, skeletonA, skeletonB];
  if (distance > budget || isRunOfChanges(x, y, distance) || isPrefixed(x, y)) return NONE;
  return { kind: 'fuzzy', score: 1 - distance / length };
}

/**
 * Same Double Metaphone code, same first letter and no more edits than spelling allows, in any
 * arrangement (Vuchic / Vukic, Mohamed / Muhamad), for words long enough that the code is specific
 * (short names share codes by the dozen: Olga, Oleg, Juan, Joanna; Boyer and Pierre are both PR).
 */
function phonetic(a: NameToken, b: NameToken): TokenMatch {
  const length = Math.max(a.key.length, b.key.length);
  if (Math.min(a.key.length, b.key.length) < PHONETIC_MIN_LENGTH) return NONE;
  if (!a.keys.codes.some((code) => b.keys.codes.includes(code))) return NONE;
  const budget = editBudget(length);
  const { skeleton: skeletonA, skeletonLetters: lettersA } = a.keys;
  const { skeleton: skeletonB, skeletonLetters: lettersB } = b.keys;
  if (skeletonA[0] !== skeletonB[0] || !mayBeWithin(skeletonA, skeletonB, lettersA, lettersB, budget))
    return NONE;
  return editDistance(skeletonA, skeletonB, budget) > budget ? NONE : { kind: 'phonetic', score: PHONETIC };
}

/**
 * Romanised without vowels against a full spelling: compare consonant outlines. A one-consonant
 * outline ("ly" for علي) meets only short names (Ali, not Lambert).
 */
function outline(a: NameToken, b: NameToken): TokenMatch {
  const [x, y] = [a.keys.consonants, b.keys.consonants];
  const length = Math.max(x.length, y.length);
  if (length === 1 && x === y && Math.max(a.key.length, b.key.length) <= SHORT_WORD - 1) {
    return { kind: 'transliteration', score: SHORT_OUTLINE };
  }
  return outlines(x, y);
}

function outlines(a: string, b: string): TokenMatch {
  const length = Math.max(a.length, b.length);
  if (length < 2) return NONE;
  if (a === b) return { kind: 'transliteration', score: ABJAD_OUTLINE };
  // Short outlines ("rf", "sf") are shared by too many names to tolerate a difference.
  if (length < 4) return NONE;
  const distance = editDistance(a, b, 1);
  return distance > 1 ? NONE : { kind: 'fuzzy', score: ABJAD_OUTLINE * (1 - distance / length) };
}
