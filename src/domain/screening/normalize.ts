// A name as written by a publisher or typed by a customer, to tokens the matcher can compare:
// NFKC, control characters out, other scripts romanised, case and diacritics folded, punctuation and
// initials read, "LAST, First" reordered, and each word given a role (name, particle, legal form, …).
import anyAscii from 'any-ascii';
import { findLegalForm, LEGAL_FORM_MAX_WORDS, type LegalForm } from './legal-forms.ts';
import { ABBREVIATIONS, HONORIFICS, PARTICLES, STOPWORDS, VESSEL_PREFIXES } from './name-lexicon.ts';
import {
  keysOf,
  makeToken,
  type KeyCache,
  type NameKind,
  type NormalizedName,
  type TokenSpec,
} from './name-token.ts';
import { cleanText, romaniseWords } from './transliterate.ts';
import { readNumberWords, splitWord, type RawToken } from './tokenize.ts';

/**
 * No real name is longer. Queries over it are refused (query.ts); here longer text is cut, so no
 * caller can make a comparison cost grow without bound.
 */
export const MAX_NAME_LENGTH = 1000;
/** Words beyond this are dropped; the longest list names (Russian organisations) have about 15. */
export const MAX_NAME_TOKENS = 24;

const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq']);
const ROMAN_NUMERAL = /^(?=[ivxl]+$)(x{0,3}|xl|l)(ix|iv|v?i{0,3})$/;

export function normalizeName(raw: string, kind: NameKind = 'unknown', cache?: KeyCache): NormalizedName {
  const cleaned = cleanText(raw.slice(0, MAX_NAME_LENGTH * 2)).slice(0, MAX_NAME_LENGTH);
  const ordered = kind === 'entity' ? cleaned.replace(/,/g, ' ') : reorderComma(cleaned);
  const words: RawToken[] = [];
  for (const word of romaniseWords(ordered)) words.push(...splitWord(word));
  const raws = (kind === 'person' ? words : readNumberWords(words)).slice(0, MAX_NAME_TOKENS);
  return { original: raw, kind, tokens: classify(raws, kind, cache).map((spec) => makeToken(spec, cache)) };
}

/**
 * "PUTIN, Vladimir" is the list convention for surname first. A comma before a legal form or a
 * suffix ("Apple, Inc.", "Smith, Jr.") is not a reorder, and with several commas the order is unknown.
 */
function reorderComma(text: string): string {
  const parts = text.split(',');
  const [before, after] = parts;
  if (parts.length !== 2 || before === undefined || after === undefined) return text.replace(/,/g, ' ');
  if (before.trim() === '' || after.trim() === '' || isSuffixOnly(after)) return `${before} ${after}`;
  return `${after} ${before}`;
}

function isSuffixOnly(text: string): boolean {
  const folded = anyAscii(text)
    .toLowerCase()
    .replace(/[.'’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (findLegalForm(folded) !== undefined) return true;
  return folded.split(' ').every((word) => findLegalForm(word) !== undefined || NAME_SUFFIXES.has(word));
}

function classify(raws: readonly RawToken[], kind: NameKind, cache: KeyCache | undefined): TokenSpec[] {
  const { start, end, leading, trailing } = kind === 'person' ? noLegalForms(raws) : legalEdges(raws, cache);
  const middle = raws.slice(start, end).map((raw, i) => roleOf(raw, kind, i === 0));
  const specs = [...leading, ...middle, ...trailing];
  if (specs.some((spec) => spec.role === 'name')) return specs;
  // Nothing but titles and particles ("Mr Al"): they are the name.
  return specs.map((spec) =>
    spec.role === 'honorific' || spec.role === 'particle' || spec.role === 'stopword'
      ? { ...spec, key: spec.text, role: 'name' }
      : spec,
  );
}

function roleOf(raw: RawToken, kind: NameKind, first: boolean): TokenSpec {
  const base = { text: raw.text, script: raw.script, original: raw.original };
  if (raw.number !== undefined) return { ...base, key: String(raw.number), role: 'number' };
  if (kind === 'entity' && !first && ROMAN_NUMERAL.test(raw.text)) return { ...base, role: 'number' };
  if (raw.text.length === 1) return { ...base, role: 'initial' };
  const particle = PARTICLES.get(raw.text);
  if (particle !== undefined) return { ...base, key: particle, role: 'particle' };
  if (kind !== 'entity' && HONORIFICS.has(raw.text)) return { ...base, role: 'honorific' };
  if (kind !== 'person' && first && VESSEL_PREFIXES.has(raw.text)) return { ...base, role: 'honorific' };
  if (kind === 'person') return { ...base, role: 'name' };
  if (STOPWORDS.has(raw.text)) return { ...base, role: 'stopword' };
  return { ...base, key: ABBREVIATIONS.get(raw.text) ?? raw.text, role: 'name' };
}

interface Edges {
  readonly start: number;
  readonly end: number;
  readonly leading: TokenSpec[];
  readonly trailing: TokenSpec[];
}

const noLegalForms = (raws: readonly RawToken[]): Edges => ({
  start: 0,
  end: raws.length,
  leading: [],
  trailing: [],
});

/** Legal forms at the start ("OOO Oboronnye …") and the end ("… Co., Ltd."), chained. */
function legalEdges(raws: readonly RawToken[], cache: KeyCache | undefined): Edges {
  const leading: TokenSpec[] = [];
  const trailing: TokenSpec[] = [];
  let start = 0;
  let end = raws.length;
  for (
    let found = legalAt(raws, start, end, 'forward', cache);
    found;
    found = legalAt(raws, start, end, 'forward', cache)
  ) {
    leading.push(legalSpec(raws, start, found.words, found.form));
    start += found.words;
  }
  for (
    let found = legalAt(raws, start, end, 'backward', cache);
    found;
    found = legalAt(raws, start, end, 'backward', cache)
  ) {
    trailing.unshift(legalSpec(raws, end - found.words, found.words, found.form));
    end -= found.words;
  }
  // A name that is nothing but legal-form words ("Company") is a name.
  return start >= end ? noLegalForms(raws) : { start, end, leading, trailing };
}

function legalAt(
  raws: readonly RawToken[],
  start: number,
  end: number,
  direction: 'forward' | 'backward',
  cache: KeyCache | undefined,
): { words: number; form: LegalForm } | undefined {
  for (let words = Math.min(LEGAL_FORM_MAX_WORDS, end - start - 1); words >= 1; words--) {
    const from = direction === 'forward' ? start : end - words;
    const phrase = raws
      .slice(from, from + words)
      .map((raw) => raw.text)
      .join(' ');
    // One word's skeleton is the one its token will have: computed once through the shared cache.
    const form = findLegalForm(phrase, words === 1 ? keysOf(phrase, cache).skeleton : undefined);
    if (form !== undefined) return { words, form };
  }
  return undefined;
}

function legalSpec(raws: readonly RawToken[], from: number, words: number, form: LegalForm): TokenSpec {
  const covered = raws.slice(from, from + words);
  return {
    text: covered.map((raw) => raw.text).join(' '),
    key: form.canonical,
    role: 'legal-form',
    family: form.family,
  };
}
