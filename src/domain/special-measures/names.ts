/**
 * Exact matching of names and identifiers for person measures. Deliberately not fuzzy (fuzzy,
 * multi-script screening is a separate capability): two names match when they have the same words
 * after folding case, accents and punctuation, in any order ("ERIKSSON, Anna-Maria" = "anna maria
 * eriksson"). Names in different scripts do not match each other; list both spellings in the measure.
 */

/** Letters that Unicode decomposition leaves whole but that are written with plain Latin letters. */
const FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};

export function normalizeName(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþıħ]/g, (letter) => FOLDS[letter] ?? letter);
  return folded
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0)
    .sort()
    .join(' ');
}

/** Identifier values match without spaces, dashes, dots or slashes, and regardless of case. */
export function normalizeIdentifier(value: string): string {
  return value.replace(/[\s\-./]/g, '').toUpperCase();
}

export function normalizeIdentifierType(type: string): string {
  return type
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
}
