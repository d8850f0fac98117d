// Romanised words to comparable word parts: punctuation, initials, look-alike digits, numbers.
import { NUMBER_WORDS } from './name-lexicon.ts';
import type { RomanisedWord, ScriptClass } from './transliterate.ts';

export interface RawToken {
  readonly text: string;
  readonly script: ScriptClass;
  /** The syllable as written (syllabic scripts only). */
  readonly original?: string;
  /** Set for digits, number words and ordinals. */
  readonly number?: number;
}

const APOSTROPHES = /['`’ʼʻ‘´]/g;
// "A.B.C.", "J.-C.", "S.A.R.L.", "A/S": letters written one by one are one word.
const SPELLED_LETTERS = /\b(?:[a-z][./]-?)+[a-z]\b\.?/g;
const POSSESSIVE = /([a-z]{2,})'s\b/g;
// Digits standing for look-alike letters inside a word ("Ig0r Sech1n") are an evasion, not a number.
const LOOKALIKE_DIGITS: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '2': 'z',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '6': 'g',
  '7': 't',
  '8': 'b',
  '9': 'g',
};
const ORDINAL = /^(\d+)(st|nd|rd|th)$/;

/** Splits one romanised word ("al-qa'ida", "a.b.c.", "ig0r") into word parts. */
export function splitWord(word: RomanisedWord): RawToken[] {
  const source = { script: word.script, ...(word.original === undefined ? {} : { original: word.original }) };
  const text = word.text
    .replace(/&/g, ' and ')
    .replace(POSSESSIVE, '$1')
    .replace(APOSTROPHES, '')
    .replace(SPELLED_LETTERS, (letters) => letters.replace(/[^a-z]/g, ''));
  const tokens: RawToken[] = [];
  for (const part of text.split(/[^a-z0-9]+/)) {
    if (part === '') continue;
    tokens.push({ ...source, ...readPart(part) });
  }
  return tokens;
}

function readPart(part: string): { text: string; number?: number } {
  if (/^\d+$/.test(part)) return { text: part, number: Number(part) };
  const ordinal = ORDINAL.exec(part);
  if (ordinal?.[1] !== undefined) return { text: ordinal[1], number: Number(ordinal[1]) };
  if (!/\d/.test(part)) return { text: part };
  return { text: part.replace(/(?<=[a-z])\d(?=[a-z])/g, (digit) => LOOKALIKE_DIGITS[digit] ?? digit) };
}

/**
 * Number words to numbers ("forty four" → 44, "first" → 1), for organisation names, where
 * "Brigade Forty-Four" and "Brigade 44" are one name. A tens word followed by a unit merges.
 */
export function readNumberWords(tokens: readonly RawToken[]): RawToken[] {
  const result: RawToken[] = [];
  for (const token of tokens) {
    const value = token.number ?? numberWordValue(token.text);
    const previous = result.at(-1);
    if (value !== undefined && value < 10 && previous?.number !== undefined && isTens(previous.number)) {
      const merged = previous.number + value;
      result[result.length - 1] = { ...previous, text: String(merged), number: merged };
      continue;
    }
    result.push(value === undefined ? token : { ...token, text: String(value), number: value });
  }
  return result;
}

const isTens = (value: number): boolean => value >= 20 && value < 100 && value % 10 === 0;

/** Exact number words, and a single slip in a long one ("fourty"). */
function numberWordValue(text: string): number | undefined {
  const exact = NUMBER_WORDS.get(text);
  if (exact !== undefined || text.length < 5) return exact;
  for (const [word, value] of NUMBER_WORDS) {
    if (word.length >= 5 && Math.abs(word.length - text.length) <= 1 && oneEditApart(word, text))
      return value;
  }
  return undefined;
}

function oneEditApart(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const restA = a.slice(i);
  const restB = b.slice(i);
  return restA.slice(1) === restB.slice(1) || restA.slice(1) === restB || restA === restB.slice(1);
}
